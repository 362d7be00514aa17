using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// A strategy for one pair (one instance per pair, or per pair and sleeve): it consumes closed bars of its
/// timeframes and emits a <see cref="Signal"/> when it wants to enter or exit.
/// </summary>
/// <remarks>
/// Called synchronously on the portfolio's event loop, never concurrently. <see cref="OnBar"/> runs for every closed
/// bar of every timeframe in <see cref="Timeframes"/>; the engine only acts on signals returned for bars of the
/// primary timeframe (the first one). Returning <see langword="null"/> (no signal) must not allocate. A strategy that
/// throws is isolated: its pair is disabled and reported, the other pairs go on.
/// </remarks>
public interface IPairStrategy
{
    /// <summary>Gets the strategy's name (for example <c>ema-cross</c>).</summary>
    string Name { get; }

    /// <summary>Gets the timeframes the strategy reads; the first is the primary one whose closes are decision points.</summary>
    IReadOnlyList<Timeframe> Timeframes { get; }

    /// <summary>Gets how many closed bars of the primary timeframe the strategy needs before it can signal (its look-back).</summary>
    int WarmupBars { get; }

    /// <summary>Consumes a closed bar and optionally proposes a signal.</summary>
    /// <param name="bar">The closed bar (of any of <see cref="Timeframes"/>).</param>
    /// <param name="context">The pair's context: histories, position, regime, time.</param>
    /// <returns>A signal, or <see langword="null"/>.</returns>
    Signal? OnBar(in Bar bar, StrategyContext context);
}
