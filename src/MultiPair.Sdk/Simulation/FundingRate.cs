namespace MultiPair.Sdk.Simulation;

/// <summary>One funding event of a perpetual: when it is settled and its rate.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Time">When the funding is settled (Binance: every 8 hours at 00:00, 08:00 and 16:00 UTC).</param>
/// <param name="Rate">The funding rate as a fraction (0.0001 is 0.01 %); positive: longs pay shorts.</param>
public readonly record struct FundingRate(DateTimeOffset Time, decimal Rate);
