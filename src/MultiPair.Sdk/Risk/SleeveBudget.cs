using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>A sleeve's budget at one instant, in the quote asset.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Sleeve">The sleeve.</param>
/// <param name="Budget">The capital the sleeve may commit (margin of positions plus reservations).</param>
public sealed record SleeveBudget(StrategyId Sleeve, decimal Budget);
