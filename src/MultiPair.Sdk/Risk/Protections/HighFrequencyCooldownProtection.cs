using System.Globalization;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// Locks a pair that is trading too often: more than <see cref="MaxTrades"/> positions opened in it (still open or
/// closed since) within <see cref="Window"/>.
/// </summary>
/// <remarks>
/// A pure function of the proposal and the snapshot. An open at T triggers a lock when the pair's positions opened from
/// T − <see cref="Window"/> to T (both inclusive) number more than <see cref="MaxTrades"/>; entries are locked
/// until that open + <see cref="LockDuration"/> and rejected with <see cref="RiskReasonCode.Cooldown"/>; reductions always
/// pass. Orders still in flight are not counted (they become positions when booked). Immutable and thread-safe. The
/// gate's <see cref="RiskGateOptions.ClosedPositionLookback"/> must cover <see cref="Window"/> + <see cref="LockDuration"/>.
/// </remarks>
public sealed class HighFrequencyCooldownProtection : RiskRule
{
    /// <summary>Gets the most positions the pair may open within <see cref="Window"/> without a lock.</summary>
    /// <value>The default value is 6. At least 1.</value>
    public int MaxTrades { get; init; } = 6;

    /// <summary>Gets the sliding window over which opens are counted.</summary>
    /// <value>The default value is 1 hour. Positive, at most 365 days.</value>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets how long the pair stays locked after the open that exceeded the limit.</summary>
    /// <value>The default value is 1 hour. Positive, at most 365 days.</value>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromHours(1);

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (proposal.IsReducing)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var max = MaxTrades;
        var opens = ProtectionHistory.Opened(snapshot, proposal.Pair);
        var found = ProtectionHistory.FindLock(opens, ProtectionHistory.OpenedAt, snapshot.Time, Window, LockDuration, (window, _) => window.Length > max);
        if (found is not { } lockInForce)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        return ProtectionHistory.Locked(
            proposal.Pair,
            lockInForce.Until,
            string.Create(CultureInfo.InvariantCulture, $"{lockInForce.Window.Length} positions opened within {Window:c} (limit {max}), the last at {ProtectionHistory.Iso(lockInForce.At)}"));
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (MaxTrades < 1)
        {
            yield return Problem(nameof(MaxTrades), MaxTrades, ProtectionHistory.CountRule);
        }

        if (!ProtectionHistory.IsValidDuration(Window))
        {
            yield return Problem(nameof(Window), Window, ProtectionHistory.DurationRule);
        }

        if (!ProtectionHistory.IsValidDuration(LockDuration))
        {
            yield return Problem(nameof(LockDuration), LockDuration, ProtectionHistory.DurationRule);
        }
    }
}
