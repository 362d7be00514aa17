using Microsoft.Data.Sqlite;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>
/// A local SQLite cache of closed candles, keyed by (pair, timeframe, open time): a restart's warm start fetches only what
/// is missing (<see cref="CachingKlineApi"/>), and a backtest can read the same cache (<see cref="OpenMerged"/>).
/// </summary>
/// <remarks>One file (WAL mode), safe to share between a running portfolio and a backtest reading it. Prices are stored as
/// the doubles market data uses.</remarks>
public sealed class SqliteCandleCache : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    /// <summary>Initializes a new instance of the <see cref="SqliteCandleCache"/> class, creating the file and table if needed.</summary>
    /// <param name="path">The database file.</param>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public SqliteCandleCache(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            PRAGMA busy_timeout=5000;
            CREATE TABLE IF NOT EXISTS candles (
                pair TEXT NOT NULL,
                timeframe TEXT NOT NULL,
                open_time INTEGER NOT NULL,
                open REAL NOT NULL,
                high REAL NOT NULL,
                low REAL NOT NULL,
                close REAL NOT NULL,
                volume REAL NOT NULL,
                PRIMARY KEY (pair, timeframe, open_time)) WITHOUT ROWID;
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Gets the database file.</summary>
    public string Path { get; }

    /// <summary>Stores bars (a bar already cached is replaced by the newer copy).</summary>
    /// <param name="bars">Closed bars.</param>
    /// <returns>How many were written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bars"/> is null.</exception>
    public int Write(IEnumerable<Bar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR REPLACE INTO candles VALUES ($pair, $tf, $t, $o, $h, $l, $c, $v)";
            var pair = command.Parameters.Add("$pair", SqliteType.Text);
            var timeframe = command.Parameters.Add("$tf", SqliteType.Text);
            var time = command.Parameters.Add("$t", SqliteType.Integer);
            var open = command.Parameters.Add("$o", SqliteType.Real);
            var high = command.Parameters.Add("$h", SqliteType.Real);
            var low = command.Parameters.Add("$l", SqliteType.Real);
            var close = command.Parameters.Add("$c", SqliteType.Real);
            var volume = command.Parameters.Add("$v", SqliteType.Real);
            var written = 0;
            foreach (var bar in bars)
            {
                pair.Value = bar.Pair.ToString();
                timeframe.Value = bar.Timeframe.ToString();
                time.Value = bar.OpenTime.UtcTicks;
                open.Value = bar.Open;
                high.Value = bar.High;
                low.Value = bar.Low;
                close.Value = bar.Close;
                volume.Value = bar.Volume;
                command.ExecuteNonQuery();
                written++;
            }

            transaction.Commit();
            return written;
        }
    }

    /// <summary>Reads the cached bars of a pair whose open time is in [<paramref name="start"/>, <paramref name="end"/>), oldest first.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The timeframe.</param>
    /// <param name="start">The first open time (inclusive).</param>
    /// <param name="end">The last open time (exclusive).</param>
    /// <returns>The bars.</returns>
    public IReadOnlyList<Bar> Read(TradingPair pair, Timeframe timeframe, DateTimeOffset start, DateTimeOffset end)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT open_time, open, high, low, close, volume FROM candles WHERE pair = $pair AND timeframe = $tf AND open_time >= $start AND open_time < $end ORDER BY open_time";
            command.Parameters.AddWithValue("$pair", pair.ToString());
            command.Parameters.AddWithValue("$tf", timeframe.ToString());
            command.Parameters.AddWithValue("$start", start.UtcTicks);
            command.Parameters.AddWithValue("$end", end.UtcTicks);
            using var reader = command.ExecuteReader();
            var bars = new List<Bar>();
            while (reader.Read())
            {
                bars.Add(new Bar(pair, timeframe, new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5)));
            }

            return bars;
        }
    }

    /// <summary>The cached bars of many pairs merged in time order (same time: pairs in name order), for a backtest.</summary>
    /// <param name="pairs">The pairs.</param>
    /// <param name="timeframe">The timeframe.</param>
    /// <param name="start">The first open time (inclusive).</param>
    /// <param name="end">The last open time (exclusive).</param>
    /// <returns>The merged bars.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pairs"/> is null.</exception>
    public IEnumerable<Bar> OpenMerged(IEnumerable<TradingPair> pairs, Timeframe timeframe, DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return CandleMerger.Merge([.. pairs.Select(pair => (IEnumerable<Bar>)Read(pair, timeframe, start, end))]);
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}
