using System.Collections;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Backtesting;

/// <summary>Streams candles from freqtrade JSON, CSV and binary (<see cref="CandleCache"/>) files, checking every row.</summary>
/// <remarks>
/// <para>
/// Formats: freqtrade JSON, a JSON array of <c>[open_time_ms, open, high, low, close, volume]</c> rows (a <c>null</c>
/// volume, as in freqtrade mark-price files, reads as 0); and CSV with the header
/// <c>open_time_ms,open,high,low,close,volume</c> (numbers in invariant culture; an empty or <c>null</c> volume reads as 0).
/// Timestamps are bar open times in UTC milliseconds since the Unix epoch.
/// </para>
/// <para>
/// The returned sequences are lazy and stream the file: nothing is read until enumeration, the file is opened once per
/// enumeration and closed when the enumerator is disposed, and memory stays bounded whatever the file size (JSON: a
/// <see cref="System.Text.Json.Utf8JsonReader"/> over one pooled buffer; CSV: one line at a time).
/// </para>
/// <para>
/// Bad input throws <see cref="CandleDataException"/> during enumeration, naming the file, the line (JSON: also the
/// row index and the byte offset) and the problem: an unreadable file, malformed JSON, a wrong CSV header or column
/// count, a value that is not a number, a NaN or non-positive price, a high below the low (or not containing the open
/// and close), a negative volume, or a timestamp that is not after the previous row's (unsorted or duplicate).
/// Rows are checked up to where a range ends, so a filtered read stops early.
/// </para>
/// </remarks>
public static class CandleReader
{
    /// <summary>Streams a file, choosing the format from its extension: <c>.json</c>, <c>.csv</c> or <c>.mpc</c> (binary, see <see cref="CandleCache"/>; case-insensitive).</summary>
    /// <param name="path">The file.</param>
    /// <param name="pair">The pair the candles belong to.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <returns>The bars in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The pair or timeframe is default, or the extension is not <c>.json</c>, <c>.csv</c> or <c>.mpc</c>.</exception>
    public static IEnumerable<Bar> Read(string path, TradingPair pair, Timeframe timeframe) =>
        Read(path, pair, timeframe, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    /// <summary>Streams the bars of a file that open in [<paramref name="start"/>, <paramref name="end"/>), choosing the format from the extension.</summary>
    /// <param name="path">The file.</param>
    /// <param name="pair">The pair the candles belong to.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="start">The earliest open time included.</param>
    /// <param name="end">The first open time excluded.</param>
    /// <returns>The bars in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The pair or timeframe is default, the extension is not <c>.json</c>, <c>.csv</c> or <c>.mpc</c>, or <paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static IEnumerable<Bar> Read(string path, TradingPair pair, Timeframe timeframe, DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(path);
        string extension = Path.GetExtension(path);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return ReadFreqtradeJson(path, pair, timeframe, start, end);
        }

        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return ReadCsv(path, pair, timeframe, start, end);
        }

        if (extension.Equals(CandleCache.Extension, StringComparison.OrdinalIgnoreCase))
        {
            return ReadBinary(path, pair, timeframe, start, end);
        }

        throw new ArgumentException($"'{path}' is not a .json, .csv or .mpc candle file.", nameof(path));
    }

    /// <summary>Streams a freqtrade JSON candle file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="pair">The pair the candles belong to.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <returns>The bars in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The pair or timeframe is default.</exception>
    public static IEnumerable<Bar> ReadFreqtradeJson(string path, TradingPair pair, Timeframe timeframe) =>
        ReadFreqtradeJson(path, pair, timeframe, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    /// <summary>Streams the bars of a freqtrade JSON candle file that open in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="pair">The pair the candles belong to.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="start">The earliest open time included.</param>
    /// <param name="end">The first open time excluded.</param>
    /// <returns>The bars in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The pair or timeframe is default, or <paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static IEnumerable<Bar> ReadFreqtradeJson(string path, TradingPair pair, Timeframe timeframe, DateTimeOffset start, DateTimeOffset end)
    {
        var (fromMs, toMs) = Check(path, pair, timeframe, start, end);
        return new JsonCandles(path, pair, timeframe, fromMs, toMs);
    }

    /// <summary>Streams a CSV candle file (header <c>open_time_ms,open,high,low,close,volume</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="pair">The pair the candles belong to.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <returns>The bars in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The pair or timeframe is default.</exception>
    public static IEnumerable<Bar> ReadCsv(string path, TradingPair pair, Timeframe timeframe) =>
        ReadCsv(path, pair, timeframe, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    /// <summary>Streams the bars of a CSV candle file that open in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="pair">The pair the candles belong to.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="start">The earliest open time included.</param>
    /// <param name="end">The first open time excluded.</param>
    /// <returns>The bars in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The pair or timeframe is default, or <paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static IEnumerable<Bar> ReadCsv(string path, TradingPair pair, Timeframe timeframe, DateTimeOffset start, DateTimeOffset end)
    {
        var (fromMs, toMs) = Check(path, pair, timeframe, start, end);
        return CsvCandleReader.Read(path, pair, timeframe, fromMs, toMs);
    }

    /// <summary>Streams a binary candle file (see <see cref="CandleCache"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="pair">The pair the candles belong to; the file's header must name the same pair.</param>
    /// <param name="timeframe">The bar period; the file's header must name the same timeframe.</param>
    /// <returns>The bars in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The pair or timeframe is default.</exception>
    public static IEnumerable<Bar> ReadBinary(string path, TradingPair pair, Timeframe timeframe) =>
        ReadBinary(path, pair, timeframe, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    /// <summary>Streams the bars of a binary candle file (see <see cref="CandleCache"/>) that open in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="pair">The pair the candles belong to; the file's header must name the same pair.</param>
    /// <param name="timeframe">The bar period; the file's header must name the same timeframe.</param>
    /// <param name="start">The earliest open time included.</param>
    /// <param name="end">The first open time excluded.</param>
    /// <returns>The bars in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The pair or timeframe is default, or <paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static IEnumerable<Bar> ReadBinary(string path, TradingPair pair, Timeframe timeframe, DateTimeOffset start, DateTimeOffset end)
    {
        var (fromMs, toMs) = Check(path, pair, timeframe, start, end);
        return new BinaryCandles(path, pair, timeframe, fromMs, toMs);
    }

    private static (long FromMs, long ToMs) Check(string path, TradingPair pair, Timeframe timeframe, DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (pair.IsDefault)
        {
            throw new ArgumentException("A pair is required.", nameof(pair));
        }

        if (timeframe == default)
        {
            throw new ArgumentException("A timeframe is required.", nameof(timeframe));
        }

        if (end < start)
        {
            throw new ArgumentException("The end of the range must not be before its start.", nameof(end));
        }

        long fromMs = start == DateTimeOffset.MinValue ? long.MinValue : start.ToUnixTimeMilliseconds();
        long toMs = end == DateTimeOffset.MaxValue ? long.MaxValue : end.ToUnixTimeMilliseconds();

        // Sub-millisecond bounds: a bar opens on a whole millisecond, so round the start up and keep the end exclusive.
        if (start != DateTimeOffset.MinValue && start > DateTimeOffset.FromUnixTimeMilliseconds(fromMs))
        {
            fromMs++;
        }

        if (end != DateTimeOffset.MaxValue && end > DateTimeOffset.FromUnixTimeMilliseconds(toMs))
        {
            toMs++;
        }

        return (fromMs, toMs);
    }

    private sealed class JsonCandles(string path, TradingPair pair, Timeframe timeframe, long fromMs, long toMs) : IEnumerable<Bar>
    {
        public IEnumerator<Bar> GetEnumerator() => new FreqtradeJsonCandleEnumerator(path, pair, timeframe, fromMs, toMs);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class BinaryCandles(string path, TradingPair pair, Timeframe timeframe, long fromMs, long toMs) : IEnumerable<Bar>
    {
        public IEnumerator<Bar> GetEnumerator() => new BinaryCandleEnumerator(path, pair, timeframe, fromMs, toMs);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
