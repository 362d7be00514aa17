using System.Diagnostics.CodeAnalysis;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Backtesting;

/// <summary>A folder of candle files named by the freqtrade convention <c>PAIR-TIMEFRAME[-TYPE].{json,csv,mpc}</c>.</summary>
/// <remarks>
/// <para>
/// Recognised names: <c>BTC_USDT-1h.json</c> (spot), <c>XRP_USDT_USDT-1h-futures.json</c> (futures of XRP/USDT settled
/// in USDT), <c>XRP_USDT_USDT-1h-mark.json</c> (mark price) and the same with <c>.csv</c> or <c>.mpc</c> (the binary
/// format of <see cref="CandleCache"/>). The pair is
/// <c>BASE_QUOTE</c> or <c>BASE_QUOTE_SETTLE</c>; the settle asset is dropped. Other files (notices, Feather files,
/// funding rates, which are not OHLC) are ignored. Only the folder itself is scanned, not subfolders (freqtrade keeps
/// futures under <c>futures/</c>: open that folder for them).
/// </para>
/// <para>
/// The folder is scanned once, at construction. When several files exist for the same pair, timeframe and type, the
/// binary file is used, then the JSON one, then the CSV one (the binary format is the fast cache of the others:
/// rewrite it with <see cref="CandleCache.Write"/> when its source changes). Immutable and thread-safe; each opened stream is independent.
/// </para>
/// </remarks>
public sealed class CandleFolder
{
    private readonly Dictionary<(TradingPair Pair, Timeframe Timeframe, CandleType Type), CandleFileEntry> _byKey = [];

    /// <summary>Scans a folder for candle files.</summary>
    /// <param name="directory">The folder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="CandleDataException">The folder does not exist or cannot be read.</exception>
    public CandleFolder(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory = Path.GetFullPath(directory);
        var files = new List<CandleFileEntry>();
        try
        {
            foreach (string path in System.IO.Directory.EnumerateFiles(Directory))
            {
                if (TryParseFileName(Path.GetFileName(path), out var pair, out var timeframe, out var type))
                {
                    files.Add(new CandleFileEntry(path, pair, timeframe, type));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CandleDataException(Directory, line: null, row: null, byteOffset: null, "the folder cannot be read: " + ex.Message, ex);
        }

        files.Sort(static (x, y) =>
        {
            int order = ComparePairs(x.Pair, y.Pair);
            order = order != 0 ? order : x.Timeframe.CompareTo(y.Timeframe);
            order = order != 0 ? order : x.Type.CompareTo(y.Type);
            order = order != 0 ? order : FormatRank(x.Path).CompareTo(FormatRank(y.Path));
            return order != 0 ? order : string.CompareOrdinal(x.Path, y.Path);
        });
        foreach (var file in files)
        {
            _byKey.TryAdd((file.Pair, file.Timeframe, file.Type), file);
        }

        Files = files.AsReadOnly();
        Pairs = files.Select(f => f.Pair).Distinct().ToList().AsReadOnly();
        Timeframes = files.Select(f => f.Timeframe).Distinct().Order().ToList().AsReadOnly();
    }

    /// <summary>Gets the full path of the folder.</summary>
    public string Directory { get; }

    /// <summary>Gets every candle file found, by pair (canonical name, ordinal), timeframe, type, then binary before JSON before CSV.</summary>
    public IReadOnlyList<CandleFileEntry> Files { get; }

    /// <summary>Gets the pairs that have at least one candle file, in canonical name order (ordinal).</summary>
    public IReadOnlyList<TradingPair> Pairs { get; }

    /// <summary>Gets the timeframes that have at least one candle file, shortest first.</summary>
    public IReadOnlyList<Timeframe> Timeframes { get; }

    /// <summary>Reads a freqtrade candle file name.</summary>
    /// <param name="fileName">A file name such as <c>BTC_USDT-1h.json</c> or <c>XRP_USDT_USDT-1h-futures.csv</c>.</param>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="type">What the file holds.</param>
    /// <returns><see langword="true"/> when the name follows the convention.</returns>
    public static bool TryParseFileName([NotNullWhen(true)] string? fileName, out TradingPair pair, out Timeframe timeframe, out CandleType type)
    {
        pair = default;
        timeframe = default;
        type = default;
        if (fileName is null)
        {
            return false;
        }

        string extension = Path.GetExtension(fileName);
        if (!extension.Equals(".json", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".csv", StringComparison.OrdinalIgnoreCase)
            && !extension.Equals(CandleCache.Extension, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = Path.GetFileNameWithoutExtension(fileName).Split('-');
        if (parts.Length is < 2 or > 3 || !Timeframe.TryParse(parts[1], out timeframe))
        {
            return false;
        }

        if (parts.Length == 3)
        {
            switch (parts[2])
            {
                case "futures":
                    type = CandleType.Futures;
                    break;
                case "mark":
                    type = CandleType.Mark;
                    break;
                default:
                    return false;
            }
        }

        var assets = parts[0].Split('_');
        string text = assets.Length switch
        {
            2 => parts[0],
            3 => $"{assets[0]}/{assets[1]}:{assets[2]}",
            _ => string.Empty,
        };
        return TradingPair.TryParse(text, out pair);
    }

    /// <summary>Gets the timeframes available for one pair, shortest first.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The timeframes; empty when the folder has no file for the pair.</returns>
    public IReadOnlyList<Timeframe> GetTimeframes(TradingPair pair) =>
        Files.Where(f => f.Pair == pair).Select(f => f.Timeframe).Distinct().Order().ToList();

    /// <summary>Finds the file of one pair, timeframe and type.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="type">What the file holds.</param>
    /// <param name="file">The file (binary, else JSON, else CSV, when several exist), when this returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when the folder has such a file.</returns>
    public bool TryGetFile(TradingPair pair, Timeframe timeframe, CandleType type, [NotNullWhen(true)] out CandleFileEntry? file) =>
        _byKey.TryGetValue((pair, timeframe, type), out file);

    /// <summary>Streams a pair's trade candles (spot, or futures when the folder has no spot file) that open in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="start">The earliest open time included.</param>
    /// <param name="end">The first open time excluded.</param>
    /// <returns>The bars, lazily; see <see cref="CandleReader"/>.</returns>
    /// <exception cref="ArgumentException">The folder has no spot or futures file for the pair and timeframe, or <paramref name="end"/> is before <paramref name="start"/>.</exception>
    public IEnumerable<Bar> Open(TradingPair pair, Timeframe timeframe, DateTimeOffset start, DateTimeOffset end)
    {
        if (TryGetFile(pair, timeframe, CandleType.Spot, out var file) || TryGetFile(pair, timeframe, CandleType.Futures, out file))
        {
            // The caller's pair (equal to the file's) labels the bars: its names are the very strings the caller's
            // configuration holds, so comparing a bar's pair with it downstream is a reference check, not a text one.
            return CandleReader.Read(file.Path, pair, file.Timeframe, start, end);
        }

        throw new ArgumentException($"{Directory} has no spot or futures {timeframe} candles for {pair}.", nameof(pair));
    }

    /// <summary>Streams a pair's candles of one type that open in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="type">What the file holds.</param>
    /// <param name="start">The earliest open time included.</param>
    /// <param name="end">The first open time excluded.</param>
    /// <returns>The bars, lazily; see <see cref="CandleReader"/>.</returns>
    /// <exception cref="ArgumentException">The folder has no such file, or <paramref name="end"/> is before <paramref name="start"/>.</exception>
    public IEnumerable<Bar> Open(TradingPair pair, Timeframe timeframe, CandleType type, DateTimeOffset start, DateTimeOffset end) =>
        TryGetFile(pair, timeframe, type, out var file)
            ? CandleReader.Read(file.Path, pair, file.Timeframe, start, end)
            : throw new ArgumentException($"{Directory} has no {type} {timeframe} candles for {pair}.", nameof(pair));

    /// <summary>Streams the trade candles of several pairs merged in time order (see <see cref="CandleMerger"/>).</summary>
    /// <param name="pairs">The pairs.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="start">The earliest open time included.</param>
    /// <param name="end">The first open time excluded.</param>
    /// <returns>
    /// The merged bars, lazily. With more than one processor the files are read and merged on a background thread a
    /// few thousand bars ahead of the consumer (the same sequence; a read error is rethrown to the consumer after the
    /// bars before it); disposing the enumerator stops that thread and closes the files before it returns.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="pairs"/> is null.</exception>
    /// <exception cref="ArgumentException">A pair has no spot or futures file for the timeframe, or <paramref name="end"/> is before <paramref name="start"/>.</exception>
    public IEnumerable<Bar> OpenMerged(IEnumerable<TradingPair> pairs, Timeframe timeframe, DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var merged = CandleMerger.Merge(pairs.Select(p => Open(p, timeframe, start, end)).ToList());
        return BarPrefetcher.IsWorthwhile ? new BarPrefetcher(merged) : merged;
    }

    /// <summary>Which file wins when several formats exist: binary (0), JSON (1), CSV (2).</summary>
    private static int FormatRank(string path)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(CandleCache.Extension, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        return extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) ? 2 : 1;
    }

    private static int ComparePairs(TradingPair x, TradingPair y)
    {
        int order = string.CompareOrdinal(x.Base, y.Base);
        return order != 0 ? order : string.CompareOrdinal(x.Quote, y.Quote);
    }
}
