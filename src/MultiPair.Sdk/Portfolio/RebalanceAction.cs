using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>A proposed change to one position that brings it back to its target size.</summary>
/// <remarks>
/// Immutable and thread-safe. <see cref="QuantityDelta"/> is exact (not rounded to the exchange's step): round it
/// with the pair's <see cref="Markets.Instrument"/> before ordering.
/// </remarks>
/// <param name="PositionId">The position to change.</param>
/// <param name="Pair">Its pair.</param>
/// <param name="Strategy">Its strategy.</param>
/// <param name="Reason">Why.</param>
/// <param name="CurrentPercent">The capital the position commits now, as a percentage of equity.</param>
/// <param name="TargetPercent">The capital it should commit, as a percentage of equity.</param>
/// <param name="QuantityDelta">Base units to add (positive) or remove (negative) to reach the target.</param>
public sealed record RebalanceAction(
    PositionId PositionId,
    TradingPair Pair,
    StrategyId Strategy,
    RebalanceReason Reason,
    decimal CurrentPercent,
    decimal TargetPercent,
    decimal QuantityDelta)
{
    /// <summary>Gets a value indicating whether the action shrinks the position.</summary>
    public bool IsReduction => QuantityDelta < 0m;
}
