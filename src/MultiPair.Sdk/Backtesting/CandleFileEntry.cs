using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Backtesting;

/// <summary>One candle file found in a <see cref="CandleFolder"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Path">The full path of the file.</param>
/// <param name="Pair">The pair, from the file name.</param>
/// <param name="Timeframe">The bar period, from the file name.</param>
/// <param name="Type">What the file holds, from the file-name suffix.</param>
public sealed record CandleFileEntry(string Path, TradingPair Pair, Timeframe Timeframe, CandleType Type)
{
    /// <summary>Streams the file's bars that open in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    /// <param name="start">The earliest open time included.</param>
    /// <param name="end">The first open time excluded.</param>
    /// <returns>The bars, lazily; see <see cref="CandleReader"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="end"/> is before <paramref name="start"/>.</exception>
    public IEnumerable<Bar> Open(DateTimeOffset start, DateTimeOffset end) => CandleReader.Read(Path, Pair, Timeframe, start, end);
}
