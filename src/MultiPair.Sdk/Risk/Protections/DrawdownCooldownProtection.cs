using System.Globalization;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// Locks all pairs after a drawdown: the realized loss of the trades closed within <see cref="LookbackPeriod"/> exceeds
/// <see cref="MaxDrawdownPercent"/> of equity, or equity is more than <see cref="MaxDrawdownPercent"/> below its peak.
/// </summary>
/// <remarks>
/// <para>A pure function of the proposal and the snapshot, with two triggers:</para>
/// <para><b>Realized loss.</b> A close at T triggers a lock when the trades of all pairs closed from T − <see cref="LookbackPeriod"/> to T
/// (both inclusive; trades closed at the same instant count together) number at least <see cref="MinimumTrades"/> and their summed realized
/// P&amp;L (net of fees) is a loss of more than <see cref="MaxDrawdownPercent"/> of the snapshot's
/// <see cref="PortfolioSnapshot.Equity"/> (any loss counts when equity is not positive). The lock holds until that close
/// + <see cref="LockDuration"/>.</para>
/// <para><b>Peak drawdown.</b> When <see cref="PortfolioSnapshot.DrawdownPercent"/> exceeds
/// <see cref="MaxDrawdownPercent"/>, the lock is reported as ending at the snapshot time + <see cref="LockDuration"/>.
/// Nothing is stored, so this variant is re-evaluated continuously: it holds for as long as the drawdown stays beyond
/// the limit and lifts as soon as equity recovers (it does not hold for <see cref="LockDuration"/> after a recovery).</para>
/// <para>Entries are rejected with <see cref="RiskReasonCode.Cooldown"/> while a lock holds; reductions always pass.
/// Immutable and thread-safe. The gate's <see cref="RiskGateOptions.ClosedPositionLookback"/> must cover
/// <see cref="LookbackPeriod"/> + <see cref="LockDuration"/>.</para>
/// </remarks>
public sealed class DrawdownCooldownProtection : RiskRule
{
    /// <summary>Gets the largest loss allowed, in percent of equity (<c>10</c> means 10 %).</summary>
    /// <value>The default value is 10. Range (0, 100].</value>
    public decimal MaxDrawdownPercent { get; init; } = 10m;

    /// <summary>Gets how far before a close the trades summed for the realized-loss trigger may have closed.</summary>
    /// <value>The default value is 24 hours. Positive, at most 365 days.</value>
    public TimeSpan LookbackPeriod { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Gets how long all pairs stay locked after the trigger.</summary>
    /// <value>The default value is 12 hours. Positive, at most 365 days.</value>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Gets how many trades must have closed in the window for the realized-loss trigger to apply.</summary>
    /// <value>The default value is 1. At least 1.</value>
    public int MinimumTrades { get; init; } = 1;

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (proposal.IsReducing)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var max = MaxDrawdownPercent;
        if (snapshot.DrawdownPercent > max)
        {
            return ProtectionHistory.Locked(
                null,
                snapshot.Time + LockDuration,
                string.Create(CultureInfo.InvariantCulture, $"equity {snapshot.Equity:0.########} is {snapshot.DrawdownPercent:0.##} % below its peak {snapshot.PeakEquity:0.########} (limit {max} %); the lock is re-evaluated continuously"));
        }

        var equity = snapshot.Equity;
        var minimum = MinimumTrades;
        var trades = ProtectionHistory.Closed(snapshot, null);
        var found = ProtectionHistory.FindLock(trades, ProtectionHistory.ClosedAt, snapshot.Time, LookbackPeriod, LockDuration, (window, _) => window.Length >= minimum && IsBreach(Sum(window), equity, max));
        if (found is not { } lockInForce)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var loss = -Sum(lockInForce.Window);
        var percent = equity > 0m ? string.Create(CultureInfo.InvariantCulture, $"{loss * 100m / equity:0.##} %") : "all";
        return ProtectionHistory.Locked(
            null,
            lockInForce.Until,
            string.Create(CultureInfo.InvariantCulture, $"{lockInForce.Window.Length} trades closed within {LookbackPeriod:c} lost {loss:0.########} ({percent} of equity {equity:0.########}; limit {max} %), the last at {ProtectionHistory.Iso(lockInForce.At)}"));
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (MaxDrawdownPercent is <= 0m or > 100m)
        {
            yield return Problem(nameof(MaxDrawdownPercent), MaxDrawdownPercent, "must be in (0, 100]");
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

    private static bool IsBreach(decimal pnl, decimal equity, decimal max) =>
        pnl < 0m && (equity <= 0m || -pnl * 100m / equity > max);

    private static decimal Sum(ReadOnlySpan<Position> window)
    {
        var sum = 0m;
        foreach (var position in window)
        {
            sum += position.RealizedPnl;
        }

        return sum;
    }
}
