using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Configuration;

/// <summary>The risk gate's own settings as configuration gives them (see <see cref="RiskGateOptions"/>).</summary>
/// <remarks>Mutable for binding.</remarks>
public sealed class GateOptions
{
    /// <summary>Gets or sets what happens when sleeves want opposite sides of one pair.</summary>
    /// <value>The default value is <see cref="SideConflictPolicy.RejectLater"/>.</value>
    public SideConflictPolicy ConflictPolicy { get; set; } = SideConflictPolicy.RejectLater;

    /// <summary>Gets or sets the UTC hour at which the trading day resets.</summary>
    /// <value>The default value is 0. Range [0, 23].</value>
    public int DailyResetHourUtc { get; set; }

    /// <summary>Gets or sets how far back closed positions are kept for protections.</summary>
    /// <value>The default value is 7 days. Positive.</value>
    public TimeSpan ClosedPositionLookback { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the share of an entry's notional kept free for its fee, in percent.</summary>
    /// <value>The default value is 0.1. Range [0, 5].</value>
    public decimal FeeReservePercent { get; set; } = 0.1m;
}
