using System.Globalization;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// Caps how many positions a pair (or the whole portfolio) may open per trading day; further entries are rejected until
/// the day resets at <see cref="ResetHourUtc"/>.
/// </summary>
/// <remarks>
/// A pure function of the proposal and the snapshot: positions (still open or closed since) opened at or after the
/// latest reset are counted; once there are <see cref="MaxTradesPerDay"/>, entries are rejected with
/// <see cref="RiskReasonCode.Cooldown"/> until the next reset; reductions always pass. Orders still in flight are not
/// counted (they become positions when booked). Immutable and thread-safe. The gate's
/// <see cref="RiskGateOptions.ClosedPositionLookback"/> must be at least one day.
/// </remarks>
public sealed class DailyTradeLimitProtection : RiskRule
{
    /// <summary>Gets how many positions may be opened per trading day.</summary>
    /// <value>The default value is 20. At least 1.</value>
    public int MaxTradesPerDay { get; init; } = 20;

    /// <summary>Gets the UTC hour at which the trading day starts.</summary>
    /// <value>The default value is 0 (midnight UTC). Range [0, 23].</value>
    public int ResetHourUtc { get; init; }

    /// <summary>Gets a value indicating whether opens of all pairs count against one portfolio-wide limit that locks all pairs (instead of a limit per pair).</summary>
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
        var dayStart = DayStart(snapshot.Time);
        var count = ProtectionHistory.Opened(snapshot, scope).Count(p => p.OpenedAt >= dayStart);
        if (count < MaxTradesPerDay)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        return ProtectionHistory.Locked(
            scope,
            dayStart.AddDays(1),
            string.Create(CultureInfo.InvariantCulture, $"{count} positions opened since the day started at {ProtectionHistory.Iso(dayStart)} (limit {MaxTradesPerDay} a day)"));
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (MaxTradesPerDay < 1)
        {
            yield return Problem(nameof(MaxTradesPerDay), MaxTradesPerDay, ProtectionHistory.CountRule);
        }

        if (ResetHourUtc is < 0 or > 23)
        {
            yield return Problem(nameof(ResetHourUtc), ResetHourUtc, "must be in [0, 23]");
        }
    }

    private DateTimeOffset DayStart(DateTimeOffset now)
    {
        var shifted = now.UtcDateTime.AddHours(-ResetHourUtc);
        return new DateTimeOffset(shifted.Date.AddHours(ResetHourUtc), TimeSpan.Zero);
    }
}
