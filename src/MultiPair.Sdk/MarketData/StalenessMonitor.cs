using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>
/// Tracks when each pair last had data and flags a pair as stale once its newest data is older than the pair's limit,
/// so the engine stops proposing entries from a pair whose feed went quiet.
/// </summary>
/// <remarks>
/// <para>
/// A pair is stale when <c>now - lastDataTime &gt; limit</c>, or when it has had no data yet. <b>No entry should be proposed
/// from a stale pair</b>: its signals are computed from prices that may no longer hold. Exits and protective orders are a
/// separate decision (the last known price may be all there is).
/// </para>
/// <para>
/// <see cref="OnData"/> only records the time. <see cref="Check"/> compares every pair with its limit and reports the pairs
/// that became stale, and those that became fresh (including the first data of a pair), since the previous check
/// through the <see cref="IStalenessSink"/> passed to the constructor. <see cref="IsStale(TradingPair)"/> answers from the
/// state of the last check, so decisions and reports agree; <see cref="IsStale(TradingPair, DateTimeOffset)"/> evaluates now.
/// </para>
/// <para>
/// The limit is per pair: the constructor's default (<see cref="LimitFor"/> gives the usual two bars of the primary
/// timeframe), or a <see cref="TimeSpan"/> given to <see cref="AddPair"/> or <see cref="SetLimit"/>.
/// </para>
/// <para>Not thread-safe: use it from the portfolio's event loop. <see cref="OnData"/> and <see cref="Check"/> allocate nothing.</para>
/// </remarks>
public sealed class StalenessMonitor
{
    private readonly Dictionary<TradingPair, int> _index = [];

    // One struct per pair, in one array by the pair's index: the bar path reads and writes a slot of a shared array
    // instead of reaching an object per pair.
    private Entry[] _entries = [];
    private int _count;
    private readonly IStalenessSink _sink;

    /// <summary>Initializes a monitor with no pairs.</summary>
    /// <param name="defaultLimit">The limit of pairs added without their own; positive.</param>
    /// <param name="sink">Receives the transitions <see cref="Check"/> finds.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="defaultLimit"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/> is <see langword="null"/>.</exception>
    public StalenessMonitor(TimeSpan defaultLimit, IStalenessSink sink)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(defaultLimit, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(sink);
        DefaultLimit = defaultLimit;
        _sink = sink;
    }

    /// <summary>Gets the limit of pairs added without their own.</summary>
    public TimeSpan DefaultLimit { get; }

    /// <summary>Gets how many pairs are monitored.</summary>
    public int Count => _count;

    /// <summary>The usual limit for a pair traded on a primary timeframe: two bars of it.</summary>
    /// <param name="primary">The pair's primary timeframe.</param>
    /// <returns>Twice the timeframe's duration.</returns>
    /// <exception cref="ArgumentException"><paramref name="primary"/> is default.</exception>
    public static TimeSpan LimitFor(Timeframe primary) =>
        primary == default ? throw new ArgumentException("default(Timeframe) is not a timeframe.", nameof(primary)) : primary.Duration * 2;

    /// <summary>Starts monitoring a pair; it is stale until its first data.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="limit">Its limit; <see langword="null"/> for <see cref="DefaultLimit"/>.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when it was already monitored (its limit is unchanged).</returns>
    /// <exception cref="ArgumentException"><paramref name="pair"/> is default.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public bool AddPair(TradingPair pair, TimeSpan? limit = null)
    {
        if (pair.IsDefault)
        {
            throw new ArgumentException("default(TradingPair) is not a pair.", nameof(pair));
        }

        var value = limit ?? DefaultLimit;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, nameof(limit));
        if (!_index.TryAdd(pair, _count))
        {
            return false;
        }

        if (_entries.Length == _count)
        {
            Array.Resize(ref _entries, Math.Max(4, _count * 2));
        }

        _entries[_count++] = new Entry { Pair = pair, Limit = value, Stale = true };
        return true;
    }

    /// <summary>Changes a monitored pair's limit; it applies from the next <see cref="Check"/>.</summary>
    /// <param name="pair">A monitored pair.</param>
    /// <param name="limit">The new limit; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    /// <exception cref="KeyNotFoundException">The pair is not monitored.</exception>
    public void SetLimit(TradingPair pair, TimeSpan limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero);
        Get(pair).Limit = limit;
    }

    /// <summary>Gets a monitored pair's limit.</summary>
    /// <param name="pair">A monitored pair.</param>
    /// <returns>The limit.</returns>
    /// <exception cref="KeyNotFoundException">The pair is not monitored.</exception>
    public TimeSpan GetLimit(TradingPair pair) => Get(pair).Limit;

    /// <summary>Records that a pair had data (a tick, trade or bar) stamped <paramref name="time"/>.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="time">The data's timestamp (for a closed bar, its close time).</param>
    /// <returns><see langword="true"/> when the pair is monitored (an older time than the newest is ignored).</returns>
    public bool OnData(TradingPair pair, DateTimeOffset time)
    {
        if (!_index.TryGetValue(pair, out var i))
        {
            return false;
        }

        OnDataAt(i, time);
        return true;
    }

    /// <summary>Gets the time of a pair's newest data.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="time">The time, when this returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when the pair is monitored and has had data.</returns>
    public bool TryGetLastDataTime(TradingPair pair, out DateTimeOffset time)
    {
        if (_index.TryGetValue(pair, out var i) && _entries[i].HasData)
        {
            time = _entries[i].LastData;
            return true;
        }

        time = default;
        return false;
    }

    /// <summary>
    /// Compares every pair with its limit at <paramref name="now"/> and reports each change of state since the previous
    /// check to the sink, one call per changed pair, in registration order.
    /// </summary>
    /// <param name="now">The current time of the portfolio's clock.</param>
    /// <returns>How many pairs changed state.</returns>
    public int Check(DateTimeOffset now)
    {
        var changes = 0;
        for (var i = 0; i < _count; i++)
        {
            ref var entry = ref _entries[i];
            var stale = entry.IsStaleAt(now);
            if (stale == entry.Stale)
            {
                continue;
            }

            entry.Stale = stale;
            changes++;
            if (stale)
            {
                _sink.OnStale(entry.Pair, entry.LastData, now);
            }
            else
            {
                _sink.OnFresh(entry.Pair, entry.LastData, now);
            }
        }

        return changes;
    }

    /// <summary>Gets whether a pair was stale at the last <see cref="Check"/> (an unmonitored pair, or one not yet checked, is stale).</summary>
    /// <param name="pair">The pair.</param>
    /// <returns><see langword="true"/> when no entry should be proposed from the pair.</returns>
    public bool IsStale(TradingPair pair) => !_index.TryGetValue(pair, out var i) || _entries[i].Stale;

    /// <summary>Gets whether a pair is stale at <paramref name="now"/>, without changing the state <see cref="Check"/> reports from.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="now">The time to evaluate at.</param>
    /// <returns><see langword="true"/> when the pair is unmonitored, has had no data, or its newest data is older than its limit.</returns>
    public bool IsStale(TradingPair pair, DateTimeOffset now) => !_index.TryGetValue(pair, out var i) || _entries[i].IsStaleAt(now);

    /// <summary>Gets a monitored pair's slot, for the index-based members the engine's per-bar path uses; -1 when unmonitored.</summary>
    internal int IndexOf(TradingPair pair) => _index.TryGetValue(pair, out var i) ? i : -1;

    /// <summary>Same as <see cref="IsStale(TradingPair)"/> for a slot from <see cref="IndexOf"/>.</summary>
    internal bool IsStaleAt(int index) => index < 0 || _entries[index].Stale;

    /// <summary>Gets whether the pair in a slot has had data.</summary>
    internal bool HasDataAt(int index) => index >= 0 && _entries[index].HasData;

    /// <summary>Same as <see cref="OnData(TradingPair, DateTimeOffset)"/> for a slot from <see cref="IndexOf"/>.</summary>
    internal void OnDataAt(int index, DateTimeOffset time)
    {
        if (index < 0)
        {
            return;
        }

        ref var entry = ref _entries[index];
        if (!entry.HasData || time > entry.LastData)
        {
            entry.LastData = time;
            entry.HasData = true;
        }
    }

    private ref Entry Get(TradingPair pair)
    {
        if (!_index.TryGetValue(pair, out var i))
        {
            throw new KeyNotFoundException($"The pair {pair} is not monitored.");
        }

        return ref _entries[i];
    }

    private struct Entry
    {
        public TradingPair Pair;
        public TimeSpan Limit;
        public bool HasData;
        public bool Stale;
        public DateTimeOffset LastData;

        public readonly bool IsStaleAt(DateTimeOffset now) => !HasData || now - LastData > Limit;
    }
}
