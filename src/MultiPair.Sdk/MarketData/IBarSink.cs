namespace MultiPair.Sdk.MarketData;

/// <summary>Receives the bars a <see cref="BarAggregator"/> closes.</summary>
/// <remarks>
/// Called synchronously on the thread that fed the aggregator, once per closed bar, in close-time order (bars of several
/// timeframes that close at the same instant come shortest timeframe first). The bar is passed by reference to avoid a
/// copy; it is only valid for the duration of the call, so copy it (for example into a <see cref="BarHistory"/>) to keep it.
/// An implementation must not throw and must not call back into the aggregator that is emitting.
/// </remarks>
public interface IBarSink
{
    /// <summary>Called when a bar closes.</summary>
    /// <param name="bar">The closed bar.</param>
    void OnBarClosed(in Bar bar);
}
