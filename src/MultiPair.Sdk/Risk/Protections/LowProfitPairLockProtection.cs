using System.Globalization;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// Locks a pair whose recent trades earned too little: the realized P&amp;L of its trades closed within
/// <see cref="LookbackPeriod"/>, as a percentage of their entry cost, is below <see cref="MinimumProfitPercent"/>.
/// </summary>
/// <remarks>
/// A pure function of the proposal and the snapshot. A close at T triggers a lock when the pair's trades closed from T − <see cref="LookbackPeriod"/> to T (both
/// inclusive; trades closed at the same instant count together) number at least <see cref="MinimumTrades"/> and
/// their summed realized P&amp;L (net of fees) × 100 ÷ their summed entry cost (entry price × entry quantity) is below
/// <see cref="MinimumProfitPercent"/>. The pair is locked until that close + <see cref="LockDuration"/>; entries are
/// rejected with <see cref="RiskReasonCode.Cooldown"/> and reductions always pass. Immutable and thread-safe. The gate's
/// <see cref="RiskGateOptions.ClosedPositionLookback"/> must cover <see cref="LookbackPeriod"/> + <see cref="LockDuration"/>.
/// </remarks>
public sealed class LowProfitPairLockProtection : RiskRule
{
    /// <summary>Gets the lowest acceptable return of the window's trades on their entry cost, in percent (<c>0</c>: any net loss locks).</summary>
    /// <value>The default value is 0. Range [-100, 100].</value>
    public decimal MinimumProfitPercent { get; init; }

    /// <summary>Gets how far before a close the pair's trades summed with it may have closed.</summary>
    /// <value>The default value is 1 day. Positive, at most 365 days.</value>
    public TimeSpan LookbackPeriod { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Gets how long the pair stays locked after the close that triggered the lock.</summary>
    /// <value>The default value is 1 day. Positive, at most 365 days.</value>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Gets how many of the pair's trades must have closed in the window before it can be judged.</summary>
    /// <value>The default value is 2. At least 1.</value>
    public int MinimumTrades { get; init; } = 2;

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (proposal.IsReducing)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var minimumProfit = MinimumProfitPercent;
        var minimumTrades = MinimumTrades;
        var trades = ProtectionHistory.Closed(snapshot, proposal.Pair);
        var found = ProtectionHistory.FindLock(trades, ProtectionHistory.ClosedAt, snapshot.Time, LookbackPeriod, LockDuration, (window, _) => window.Length >= minimumTrades && ProfitPercent(window) is { } percent && percent < minimumProfit);
        if (found is not { } lockInForce)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        return ProtectionHistory.Locked(
            proposal.Pair,
            lockInForce.Until,
            string.Create(CultureInfo.InvariantCulture, $"{lockInForce.Window.Length} trades closed within {LookbackPeriod:c} returned {ProfitPercent(lockInForce.Window):0.####} % on their entry cost (minimum {minimumProfit} %), the last at {ProtectionHistory.Iso(lockInForce.At)}"));
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (MinimumProfitPercent is < -100m or > 100m)
        {
            yield return Problem(nameof(MinimumProfitPercent), MinimumProfitPercent, "must be in [-100, 100]");
        }

        if (!ProtectionHistory.IsValidDuration(LookbackPeriod))
        {
            yield return Problem(nameof(LookbackPeriod), LookbackPeriod, ProtectionHistory.DurationRule);
        }

        if (!ProtectionHistory.IsValidDuration(LockDuration))
        {
            yield return Problem(nameof(LockDuration), LockDuration, ProtectionHistory.DurationRule);
        }

        if (MinimumTrades < 1)
        {
            yield return Problem(nameof(MinimumTrades), MinimumTrades, ProtectionHistory.CountRule);
        }
    }

    /// <summary>The window's realized P&amp;L in percent of its entry cost; null when the cost is not positive.</summary>
    private static decimal? ProfitPercent(ReadOnlySpan<Position> window)
    {
        var pnl = 0m;
        var cost = 0m;
        foreach (var position in window)
        {
            pnl += position.RealizedPnl;
            cost += position.EntryPrice * position.EntryQuantity;
        }

        return cost > 0m ? pnl * 100m / cost : null;
    }
}
