using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>
/// An <see cref="IKlineApi"/> that answers from a <see cref="SqliteCandleCache"/> and asks the exchange only for the runs
/// of bars the cache does not hold (and stores them): a restart fetches only what is missing.
/// </summary>
/// <param name="inner">The exchange.</param>
/// <param name="cache">The cache.</param>
/// <param name="timeProvider">The clock: bars that have not closed yet are never cached; null for the system clock.</param>
public sealed class CachingKlineApi(IKlineApi inner, SqliteCandleCache cache, TimeProvider? timeProvider = null) : IKlineApi
{
    private readonly IKlineApi _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly SqliteCandleCache _cache = cache ?? throw new ArgumentNullException(nameof(cache));
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public string Exchange => _inner.Exchange;

    /// <inheritdoc />
    public MarketType Market => _inner.Market;

    /// <summary>Gets how many bars were served from the cache so far.</summary>
    public long CachedBarsServed { get; private set; }

    /// <inheritdoc />
    public async Task<ExchangeResult<IReadOnlyList<Bar>>> GetKlinesAsync(TradingPair pair, Timeframe timeframe, DateTimeOffset startTime, DateTimeOffset endTime, CancellationToken cancellationToken = default)
    {
        // Only closed bars exist: the range ends at the open of the bar still forming.
        var now = _time.GetUtcNow();
        var closedEnd = timeframe.BarOpenTime(now);
        var end = endTime < closedEnd ? endTime : closedEnd;
        var cached = _cache.Read(pair, timeframe, startTime, end);
        var missing = MissingRuns(cached, timeframe, timeframe.BarOpenTime(startTime) < startTime ? timeframe.BarOpenTime(startTime) + timeframe.Duration : startTime, end);
        var fetched = new List<Bar>();
        foreach (var (from, to) in missing)
        {
            var result = await _inner.GetKlinesAsync(pair, timeframe, from, to, cancellationToken).ConfigureAwait(false);
            if (!result.TryGetValue(out var bars))
            {
                return result;
            }

            fetched.AddRange(bars);
        }

        if (fetched.Count > 0)
        {
            _cache.Write(fetched);
        }

        CachedBarsServed += cached.Count;
        IReadOnlyList<Bar> all = fetched.Count == 0 ? cached : [.. cached.Concat(fetched).DistinctBy(b => b.OpenTime).OrderBy(b => b.OpenTime)];
        return ExchangeResult.Ok(all);
    }

    private static List<(DateTimeOffset From, DateTimeOffset To)> MissingRuns(IReadOnlyList<Bar> cached, Timeframe timeframe, DateTimeOffset start, DateTimeOffset end)
    {
        var runs = new List<(DateTimeOffset, DateTimeOffset)>();
        var expected = start;
        foreach (var bar in cached)
        {
            if (bar.OpenTime > expected)
            {
                runs.Add((expected, bar.OpenTime));
            }

            expected = bar.OpenTime + timeframe.Duration;
        }

        if (expected < end)
        {
            runs.Add((expected, end));
        }

        return runs;
    }
}
