namespace MultiPair.Sdk.Execution;

/// <summary>The outcome of an emergency liquidation.</summary>
/// <param name="Orders">Every cancel and close, in the order they were done.</param>
/// <param name="IsFlat">Whether the exchange reported no open order and no position at the end.</param>
/// <param name="Rounds">How many rounds ran.</param>
public sealed record LiquidationReport(IReadOnlyList<LiquidationOrderResult> Orders, bool IsFlat, int Rounds);
