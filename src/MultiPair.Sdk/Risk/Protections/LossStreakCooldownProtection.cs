using System.Globalization;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// Locks a pair (or all pairs) after a streak of losing trades: <see cref="Losses"/> consecutive closed trades with a
/// negative realized P&amp;L (net of fees), closed within <see cref="LookbackPeriod"/>.
/// </summary>
/// <remarks>
/// A pure function of the proposal and the snapshot. The streak is counted back from a losing close at T over the trades
/// in scope closed from T − <see cref="LookbackPeriod"/> to T, in close order (ties in the snapshot's order); a winning or break-even trade resets it. When it
/// reaches <see cref="Losses"/>, entries are locked until that last loss's close + <see cref="LockDuration"/> and rejected
/// with <see cref="RiskReasonCode.Cooldown"/>; reductions always pass. Immutable and thread-safe. The gate's
/// <see cref="RiskGateOptions.ClosedPositionLookback"/> must cover <see cref="LookbackPeriod"/> + <see cref="LockDuration"/>.
/// </remarks>
public sealed class LossStreakCooldownProtection : RiskRule
{
    /// <summary>Gets how many consecutive losing trades start a lock.</summary>
    /// <value>The default value is 3. At least 1.</value>
    public int Losses { get; init; } = 3;

    /// <summary>Gets how far before the last loss the streak's trades may have closed.</summary>
    /// <value>The default value is 1 day. Positive, at most 365 days.</value>
    public TimeSpan LookbackPeriod { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Gets how long entries stay locked after the last loss of the streak.</summary>
    /// <value>The default value is 4 hours. Positive, at most 365 days.</value>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Gets a value indicating whether a streak across all pairs locks all pairs (instead of a pair's streak locking that pair).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool LockAllPairs { get; init; }

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (proposal.IsReducing)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var scope = LockAllPairs ? (Markets.TradingPair?)null : proposal.Pair;
        var losses = Losses;
        var trades = ProtectionHistory.Closed(snapshot, scope);
        var found = ProtectionHistory.FindLock(trades, ProtectionHistory.ClosedAt, snapshot.Time, LookbackPeriod, LockDuration, (window, _) => Streak(window) >= losses);
        if (found is not { } lockInForce)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        return ProtectionHistory.Locked(
            scope,
            lockInForce.Until,
            string.Create(CultureInfo.InvariantCulture, $"{Streak(lockInForce.Window)} losing trades in a row (limit {losses}) within {LookbackPeriod:c}, the last closed at {ProtectionHistory.Iso(lockInForce.At)}"));
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (Losses < 1)
        {
            yield return Problem(nameof(Losses), Losses, ProtectionHistory.CountRule);
        }

        if (!ProtectionHistory.IsValidDuration(LookbackPeriod))
        {
            yield return Problem(nameof(LookbackPeriod), LookbackPeriod, ProtectionHistory.DurationRule);
        }

        if (!ProtectionHistory.IsValidDuration(LockDuration))
        {
            yield return Problem(nameof(LockDuration), LockDuration, ProtectionHistory.DurationRule);
        }
    }

    private static int Streak(ReadOnlySpan<Position> window)
    {
        var count = 0;
        for (var i = window.Length - 1; i >= 0 && window[i].RealizedPnl < 0m; i--)
        {
            count++;
        }

        return count;
    }
}
