using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// What a strategy may read about its pair when a bar closes: the bar histories of its timeframes, the position its
/// sleeve holds, and the time. One instance per pair, reused for every bar (no allocation per bar).
/// </summary>
/// <remarks>Valid only during the <see cref="IPairStrategy.OnBar"/> call; do not keep it. Not thread-safe.</remarks>
public sealed class StrategyContext
{
    private readonly Dictionary<Timeframe, BarHistory> _histories;

    /// <summary>Initializes a new context for a pair.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="strategy">The strategy (or sleeve) id its signals carry.</param>
    /// <param name="histories">The bar history of each timeframe.</param>
    /// <exception cref="ArgumentNullException"><paramref name="histories"/> is null.</exception>
    public StrategyContext(TradingPair pair, StrategyId strategy, IReadOnlyDictionary<Timeframe, BarHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        Pair = pair;
        Strategy = strategy;
        _histories = histories.ToDictionary(h => h.Key, h => h.Value);
    }

    /// <summary>Gets the pair.</summary>
    public TradingPair Pair { get; }

    /// <summary>Gets the id the pair's signals carry.</summary>
    public StrategyId Strategy { get; }

    /// <summary>Gets the decision time (the closing bar's close time).</summary>
    public DateTimeOffset Time { get; internal set; }

    /// <summary>Gets the side of the position the strategy's sleeve holds in the pair, or <see langword="null"/> when flat.</summary>
    public PositionSide? Position { get; internal set; }

    /// <summary>Gets the pair's market regime from the engine's regime detector on the primary timeframe (<see cref="MarketRegime.Unknown"/> until it is ready).</summary>
    public MarketRegime Regime { get; internal set; }

    /// <summary>Gets the closed-bar history of a timeframe (the latest bar is index 0).</summary>
    /// <param name="timeframe">One of the strategy's timeframes.</param>
    /// <returns>The history.</returns>
    /// <exception cref="KeyNotFoundException">The strategy did not declare <paramref name="timeframe"/>.</exception>
    public BarHistory History(Timeframe timeframe) =>
        _histories.TryGetValue(timeframe, out var history)
            ? history
            : throw new KeyNotFoundException($"Timeframe {timeframe} is not one of the strategy's timeframes for {Pair}.");

    /// <summary>Creates a signal for this pair and strategy at the context's time.</summary>
    /// <param name="direction">What to do.</param>
    /// <param name="confidence">How sure, from 0 to 1.</param>
    /// <param name="reason">Why, for logs.</param>
    /// <returns>The signal.</returns>
    public Signal Emit(SignalDirection direction, double confidence, string? reason = null) =>
        new(Pair, direction, confidence, Time) { Strategy = Strategy, Reason = reason };

    /// <summary>Creates a signal with its stop loss in one object (a built-in strategy's entry).</summary>
    internal Signal Emit(SignalDirection direction, double confidence, string? reason, decimal? stopLoss) =>
        new(Pair, direction, confidence, Time) { Strategy = Strategy, Reason = reason, StopLoss = stopLoss };
}
