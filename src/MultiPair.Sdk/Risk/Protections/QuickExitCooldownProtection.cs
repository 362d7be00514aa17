using System.Globalization;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// Locks a pair after a position in it was closed soon after it opened (a whipsaw or an immediate stop-out), so the
/// strategy does not re-enter straight into the same conditions.
/// </summary>
/// <remarks>
/// A pure function of the proposal and the snapshot: a position of the pair that closed within
/// <see cref="MaxHoldingTime"/> of opening locks the pair until its close + <see cref="LockDuration"/>. Entries are
/// rejected with <see cref="RiskReasonCode.Cooldown"/> while the lock holds; reductions always pass. Immutable and
/// thread-safe. The gate's <see cref="RiskGateOptions.ClosedPositionLookback"/> must cover <see cref="LockDuration"/>.
/// </remarks>
public sealed class QuickExitCooldownProtection : RiskRule
{
    /// <summary>Gets the longest time between open and close that counts as a quick exit (inclusive).</summary>
    /// <value>The default value is 15 minutes. Positive, at most 365 days.</value>
    public TimeSpan MaxHoldingTime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets how long the pair stays locked after the quick exit's close.</summary>
    /// <value>The default value is 60 minutes. Positive, at most 365 days.</value>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromMinutes(60);

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (proposal.IsReducing)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var maxHold = MaxHoldingTime;
        var trades = ProtectionHistory.Closed(snapshot, proposal.Pair);
        var found = ProtectionHistory.FindLock(trades, ProtectionHistory.ClosedAt, snapshot.Time, TimeSpan.Zero, LockDuration, (_, trigger) => IsQuick(trigger, maxHold));
        if (found is not { } lockInForce)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var trigger = lockInForce.Trigger;
        var held = lockInForce.At - trigger.OpenedAt;
        return ProtectionHistory.Locked(
            proposal.Pair,
            lockInForce.Until,
            string.Create(CultureInfo.InvariantCulture, $"position '{trigger.Id}' closed {held:c} after opening (quick exit: at most {maxHold:c}) at {ProtectionHistory.Iso(lockInForce.At)}"));
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (!ProtectionHistory.IsValidDuration(MaxHoldingTime))
        {
            yield return Problem(nameof(MaxHoldingTime), MaxHoldingTime, ProtectionHistory.DurationRule);
        }

        if (!ProtectionHistory.IsValidDuration(LockDuration))
        {
            yield return Problem(nameof(LockDuration), LockDuration, ProtectionHistory.DurationRule);
        }
    }

    private static bool IsQuick(Portfolio.Position position, TimeSpan maxHold) =>
        ProtectionHistory.ClosedAt(position) - position.OpenedAt <= maxHold;
}
