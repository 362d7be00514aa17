using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>The size an allocation strategy gives one signal's new position.</summary>
/// <remarks>
/// Immutable and thread-safe. Both amounts are in the quote asset. The coordinator converts the notional to a quantity at
/// the current price and rounds it to the instrument's step.
/// </remarks>
/// <param name="Signal">The signal the position opens for.</param>
/// <param name="Capital">The capital the position commits: its value on spot, its margin on perpetuals.</param>
/// <param name="Notional">The position's notional: <paramref name="Capital"/> × the pair's leverage.</param>
public sealed record AllocationTarget(Signal Signal, decimal Capital, decimal Notional);
