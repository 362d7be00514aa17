using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>The first rejection of a burst, reported by a <see cref="MarketDataGuard"/> so the engine can log it once.</summary>
/// <param name="Pair">The pair of the rejected data (default when the pair itself was not usable).</param>
/// <param name="Reason">Why the data was rejected.</param>
/// <param name="DataTime">The timestamp the data carried (a bar's open time).</param>
/// <param name="DetectedAt">When the guard rejected it, by the guard's <see cref="TimeProvider"/>.</param>
/// <param name="Count">How many rejections of this pair and reason there have been so far, this one included.</param>
public readonly record struct DataRejectionEvent(TradingPair Pair, DataRejection Reason, DateTimeOffset DataTime, DateTimeOffset DetectedAt, long Count);
