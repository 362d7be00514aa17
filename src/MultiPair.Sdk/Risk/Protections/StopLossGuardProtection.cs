using System.Globalization;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// Locks a pair (or all pairs) after too many stop-outs: <see cref="MaxStopLosses"/> trades closed by a stop loss or a
/// trailing stop within <see cref="LookbackPeriod"/>.
/// </summary>
/// <remarks>
/// A pure function of the proposal and the snapshot. A stop-out at T triggers a lock when the stop-outs in scope closed from
/// T − <see cref="LookbackPeriod"/> to T (both inclusive) number at least <see cref="MaxStopLosses"/>;
/// entries are locked until that stop-out's close + <see cref="LockDuration"/> and rejected with
/// <see cref="RiskReasonCode.Cooldown"/>; reductions always pass. A trade counts when its <see cref="Position.ExitReason"/>
/// is <see cref="ExitReason.StopLoss"/> or <see cref="ExitReason.TrailingStop"/>, whatever its P&amp;L. Immutable and
/// thread-safe. The gate's <see cref="RiskGateOptions.ClosedPositionLookback"/> must cover <see cref="LookbackPeriod"/> +
/// <see cref="LockDuration"/>.
/// </remarks>
public sealed class StopLossGuardProtection : RiskRule
{
    /// <summary>Gets how many stop-outs within <see cref="LookbackPeriod"/> start a lock.</summary>
    /// <value>The default value is 3. At least 1.</value>
    public int MaxStopLosses { get; init; } = 3;

    /// <summary>Gets how far before the last stop-out the others may have closed.</summary>
    /// <value>The default value is 1 hour. Positive, at most 365 days.</value>
    public TimeSpan LookbackPeriod { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets how long entries stay locked after the last stop-out.</summary>
    /// <value>The default value is 2 hours. Positive, at most 365 days.</value>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Gets a value indicating whether stop-outs across all pairs lock all pairs (instead of a pair's stop-outs locking that pair).</summary>
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
        var max = MaxStopLosses;
        var trades = ProtectionHistory.Closed(snapshot, scope);
        var found = ProtectionHistory.FindLock(trades, ProtectionHistory.ClosedAt, snapshot.Time, LookbackPeriod, LockDuration, (window, trigger) => IsStopOut(trigger) && StopOuts(window) >= max);
        if (found is not { } lockInForce)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        return ProtectionHistory.Locked(
            scope,
            lockInForce.Until,
            string.Create(CultureInfo.InvariantCulture, $"{StopOuts(lockInForce.Window)} stop-outs within {LookbackPeriod:c} (limit {max}), the last at {ProtectionHistory.Iso(lockInForce.At)}"));
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (MaxStopLosses < 1)
        {
            yield return Problem(nameof(MaxStopLosses), MaxStopLosses, ProtectionHistory.CountRule);
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

    private static bool IsStopOut(Position position) => position.ExitReason is ExitReason.StopLoss or ExitReason.TrailingStop;

    private static int StopOuts(ReadOnlySpan<Position> window)
    {
        var count = 0;
        foreach (var position in window)
        {
            if (IsStopOut(position))
            {
                count++;
            }
        }

        return count;
    }
}
