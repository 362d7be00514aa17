namespace MultiPair.Sdk.Risk;

/// <summary>What a <see cref="IPortfolioMonitor"/> asks for: a trading state and orders (for example close everything).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Code">Why.</param>
/// <param name="Message">A human-readable explanation.</param>
public sealed record MonitorAlert(RiskReasonCode Code, string Message)
{
    /// <summary>Gets the state the portfolio should move to (states only escalate automatically).</summary>
    public TradingState? RequestedState { get; init; }

    /// <summary>Gets orders to place, such as closing every position.</summary>
    public IReadOnlyList<OrderProposal> Proposals { get; init; } = [];
}
