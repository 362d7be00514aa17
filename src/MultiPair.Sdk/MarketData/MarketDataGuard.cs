using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>
/// Checks inbound ticks, trades and bars per pair before they reach aggregation, strategies or the ledger: bad values,
/// data older than the last accepted data, repeated bars and unknown pairs are rejected with a <see cref="DataRejection"/>
/// reason and counted, and the first rejection of each burst is reported so it is logged once.
/// </summary>
/// <remarks>
/// <para>
/// <b>Checks</b>, in this order: the pair is registered (<see cref="DataRejection.UnknownPair"/>); a bar has a timeframe
/// (<see cref="DataRejection.InvalidTimeframe"/>); prices and volume are finite (<see cref="DataRejection.NotFinite"/>);
/// prices are positive (<see cref="DataRejection.NonPositivePrice"/>); volume is not negative
/// (<see cref="DataRejection.NegativeVolume"/>); the high and low contain the open and close, per <see cref="Bar.Validate"/>,
/// or the ask is not below the bid (<see cref="DataRejection.InconsistentRange"/>); and time order, on the data's own
/// timestamps: a tick or trade older than the pair's last accepted tick or trade is <see cref="DataRejection.OutOfOrder"/>
/// (equal times are accepted: several trades share a millisecond), and a bar is compared with the last accepted bar of the
/// same pair and timeframe: older is <see cref="DataRejection.OutOfOrder"/>, the same open time
/// <see cref="DataRejection.Duplicate"/>. Ticks and bars are ordered independently, and so are bars of different timeframes.
/// </para>
/// <para>
/// Accepted data advances the pair's last accepted time; rejected data changes nothing but the counters.
/// </para>
/// <para>
/// <b>Bursts.</b> The <c>onRejected</c> callback is invoked only for the first rejection of a burst, per pair and reason
/// (data of unregistered pairs shares one burst per reason). A burst ends once <see cref="QuietPeriod"/> (default one
/// minute), measured by the guard's <see cref="TimeProvider"/>, passes without another rejection of that pair and reason;
/// the next rejection then starts a new burst and is reported again. Wire the callback to a logger; every rejection is
/// counted either way (<see cref="GetCounts"/>, <see cref="GetCount"/>).
/// </para>
/// <para>
/// Not thread-safe: use it from the portfolio's event loop or the single thread that reads an adapter's stream.
/// Validation of a registered pair's data is allocation-free; counters and per-pair state are allocated when a pair is
/// registered (and once per new bar timeframe of a pair).
/// </para>
/// </remarks>
public sealed class MarketDataGuard
{
    /// <summary>The default <see cref="QuietPeriod"/>: one minute.</summary>
    public static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromMinutes(1);

    private static readonly int ReasonCount = Enum.GetValues<DataRejection>().Length;

    private readonly Dictionary<TradingPair, PairState> _pairs = [];
    private readonly TimeProvider _timeProvider;
    private readonly Action<DataRejectionEvent>? _onRejected;
    private readonly long[] _byReason = new long[ReasonCount];
    private readonly Burst[] _unknownPairBursts = new Burst[ReasonCount];

    /// <summary>Initializes a guard for a set of pairs.</summary>
    /// <param name="pairs">The pairs whose data is accepted.</param>
    /// <param name="timeProvider">The clock that times bursts (not the data: data is ordered by its own timestamps).</param>
    /// <param name="onRejected">Called with the first rejection of each burst, for example to log it; optional. It must not throw.</param>
    /// <param name="quietPeriod">How long a pair and reason must go without rejections for the burst to end; default <see cref="DefaultQuietPeriod"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pairs"/> or <paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A pair is default.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quietPeriod"/> is negative.</exception>
    public MarketDataGuard(
        IEnumerable<TradingPair> pairs,
        TimeProvider timeProvider,
        Action<DataRejectionEvent>? onRejected = null,
        TimeSpan? quietPeriod = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var quiet = quietPeriod ?? DefaultQuietPeriod;
        ArgumentOutOfRangeException.ThrowIfLessThan(quiet, TimeSpan.Zero, nameof(quietPeriod));
        _timeProvider = timeProvider;
        _onRejected = onRejected;
        QuietPeriod = quiet;
        foreach (var pair in pairs)
        {
            _ = AddPair(pair);
        }
    }

    /// <summary>Gets how long a pair and reason must go without rejections for a burst to end.</summary>
    public TimeSpan QuietPeriod { get; }

    /// <summary>Gets how many ticks, trades and bars were accepted.</summary>
    public long TotalAccepted { get; private set; }

    /// <summary>Gets how many ticks, trades and bars were rejected.</summary>
    public long TotalRejected { get; private set; }

    /// <summary>Registers a pair whose data is accepted from now on.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns><see langword="true"/> when the pair was added; <see langword="false"/> when it was already registered.</returns>
    /// <exception cref="ArgumentException"><paramref name="pair"/> is default.</exception>
    public bool AddPair(TradingPair pair)
    {
        if (pair.IsDefault)
        {
            throw new ArgumentException("default(TradingPair) is not a pair.", nameof(pair));
        }

        return _pairs.TryAdd(pair, new PairState(pair, ReasonCount));
    }

    /// <summary>Gets whether a pair is registered.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns><see langword="true"/> when its data can be accepted.</returns>
    public bool IsRegistered(TradingPair pair) => _pairs.ContainsKey(pair);

    /// <summary>Validates a quote tick and, when it is accepted, records its time.</summary>
    /// <param name="tick">The tick.</param>
    /// <returns><see cref="DataRejection.None"/>, or why it was rejected.</returns>
    public DataRejection Validate(in PriceTick tick) => ValidateQuote(tick.Pair, tick.Time, tick.Bid, tick.Ask);

    /// <summary>Validates a raw best bid and ask before a <see cref="PriceTick"/> is built, and records its time when accepted.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="time">When the quote was taken.</param>
    /// <param name="bid">The best bid.</param>
    /// <param name="ask">The best ask.</param>
    /// <returns><see cref="DataRejection.None"/>, or why it was rejected.</returns>
    public DataRejection ValidateQuote(TradingPair pair, DateTimeOffset time, double bid, double ask)
    {
        var state = Find(pair);
        var reason = state is null ? DataRejection.UnknownPair
            : !double.IsFinite(bid) || !double.IsFinite(ask) ? DataRejection.NotFinite
            : bid <= 0 || ask <= 0 ? DataRejection.NonPositivePrice
            : ask < bid ? DataRejection.InconsistentRange
            : time.UtcTicks < state.LastTickTime ? DataRejection.OutOfOrder
            : DataRejection.None;
        return CompleteTick(state, pair, time, reason);
    }

    /// <summary>Validates a trade and, when it is accepted, records its time.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="time">When the trade happened.</param>
    /// <param name="price">The trade price.</param>
    /// <param name="quantity">The traded quantity in base units.</param>
    /// <returns><see cref="DataRejection.None"/>, or why it was rejected.</returns>
    public DataRejection ValidateTrade(TradingPair pair, DateTimeOffset time, double price, double quantity)
    {
        var state = Find(pair);
        var reason = state is null ? DataRejection.UnknownPair
            : !double.IsFinite(price) || !double.IsFinite(quantity) ? DataRejection.NotFinite
            : price <= 0 ? DataRejection.NonPositivePrice
            : quantity < 0 ? DataRejection.NegativeVolume
            : time.UtcTicks < state.LastTickTime ? DataRejection.OutOfOrder
            : DataRejection.None;
        return CompleteTick(state, pair, time, reason);
    }

    /// <summary>Validates a bar and, when it is accepted, records its open time for its pair and timeframe.</summary>
    /// <param name="bar">The bar.</param>
    /// <returns><see cref="DataRejection.None"/>, or why it was rejected.</returns>
    public DataRejection Validate(in Bar bar) =>

        // A Bar is either default (its pair is unknown) or was checked by its constructor: its range holds.
        ValidateBar(Find(bar.Pair), bar.Pair, bar.Timeframe, bar.OpenTime, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume, rangeChecked: true);

    /// <summary>Gets a registered pair's state, for <see cref="Validate(in Bar, object)"/>; null when unregistered.</summary>
    internal object? StateOf(TradingPair pair) => Find(pair);

    /// <summary>Same as <see cref="Validate(in Bar)"/> for a bar of the pair whose state came from <see cref="StateOf"/>.</summary>
    internal DataRejection Validate(in Bar bar, object state) =>
        ValidateBar(bar.Pair == ((PairState)state).Pair ? (PairState)state : Find(bar.Pair), bar.Pair, bar.Timeframe, bar.OpenTime, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume, rangeChecked: true);

    /// <summary>Validates raw candle values before a <see cref="Bar"/> is built, and records the open time when accepted.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="openTime">When the bar opened.</param>
    /// <param name="open">The first price.</param>
    /// <param name="high">The highest price.</param>
    /// <param name="low">The lowest price.</param>
    /// <param name="close">The last price.</param>
    /// <param name="volume">The volume.</param>
    /// <returns><see cref="DataRejection.None"/>, or why it was rejected.</returns>
    public DataRejection ValidateBar(TradingPair pair, Timeframe timeframe, DateTimeOffset openTime, double open, double high, double low, double close, double volume) =>
        ValidateBar(Find(pair), pair, timeframe, openTime, open, high, low, close, volume, rangeChecked: false);

    private DataRejection ValidateBar(PairState? state, TradingPair pair, Timeframe timeframe, DateTimeOffset openTime, double open, double high, double low, double close, double volume, bool rangeChecked)
    {
        DataRejection reason;
        if (state is null)
        {
            reason = DataRejection.UnknownPair;
        }
        else if (timeframe == default)
        {
            reason = DataRejection.InvalidTimeframe;
        }
        else if (!double.IsFinite(open) || !double.IsFinite(high) || !double.IsFinite(low) || !double.IsFinite(close) || !double.IsFinite(volume))
        {
            reason = DataRejection.NotFinite;
        }
        else if (open <= 0 || high <= 0 || low <= 0 || close <= 0)
        {
            reason = DataRejection.NonPositivePrice;
        }
        else if (volume < 0)
        {
            reason = DataRejection.NegativeVolume;
        }
        else if (!rangeChecked && Bar.Validate(pair, timeframe, open, high, low, close, volume) is not null)
        {
            reason = DataRejection.InconsistentRange;
        }
        else
        {
            ref var last = ref state.LastBarOpen(timeframe);
            var time = openTime.UtcTicks;
            if (time < last)
            {
                reason = DataRejection.OutOfOrder;
            }
            else if (time == last)
            {
                reason = DataRejection.Duplicate;
            }
            else
            {
                last = time;
                reason = DataRejection.None;
            }
        }

        if (reason == DataRejection.None)
        {
            TotalAccepted++;
        }
        else
        {
            Reject(state, pair, reason, openTime);
        }

        return reason;
    }

    /// <summary>Gets how many rejections of one reason a registered pair has had.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="reason">The reason.</param>
    /// <returns>The count; 0 for an unregistered pair or <see cref="DataRejection.None"/>.</returns>
    public long GetCount(TradingPair pair, DataRejection reason)
    {
        var state = Find(pair);
        return state is null || reason <= DataRejection.None || (int)reason >= ReasonCount ? 0 : state.Bursts[(int)reason].Count;
    }

    /// <summary>Takes a snapshot of the counters.</summary>
    /// <returns>The counts of accepted and rejected data, rejections by reason and by pair.</returns>
    public DataRejectionCounts GetCounts()
    {
        var byReason = new Dictionary<DataRejection, long>();
        for (var i = 1; i < _byReason.Length; i++)
        {
            if (_byReason[i] > 0)
            {
                byReason.Add((DataRejection)i, _byReason[i]);
            }
        }

        var byPair = new Dictionary<TradingPair, long>();
        foreach (var (pair, state) in _pairs)
        {
            if (state.Rejected > 0)
            {
                byPair.Add(pair, state.Rejected);
            }
        }

        return new DataRejectionCounts(TotalAccepted, TotalRejected, byReason, byPair);
    }

    private PairState? Find(TradingPair pair) =>
        !pair.IsDefault && _pairs.TryGetValue(pair, out var state) ? state : null;

    private DataRejection CompleteTick(PairState? state, TradingPair pair, DateTimeOffset time, DataRejection reason)
    {
        if (reason == DataRejection.None)
        {
            state!.LastTickTime = time.UtcTicks;
            TotalAccepted++;
        }
        else
        {
            Reject(state, pair, reason, time);
        }

        return reason;
    }

    private void Reject(PairState? state, TradingPair pair, DataRejection reason, DateTimeOffset dataTime)
    {
        TotalRejected++;
        _byReason[(int)reason]++;
        if (state is not null)
        {
            state.Rejected++;
        }

        ref var burst = ref state is null ? ref _unknownPairBursts[(int)reason] : ref state.Bursts[(int)reason];
        burst.Count++;
        var now = _timeProvider.GetUtcNow();
        var first = !burst.Active || now - burst.LastRejectedAt >= QuietPeriod;
        burst.Active = true;
        burst.LastRejectedAt = now;
        if (first)
        {
            _onRejected?.Invoke(new DataRejectionEvent(pair, reason, dataTime, now, burst.Count));
        }
    }

    private struct Burst
    {
        public bool Active;
        public DateTimeOffset LastRejectedAt;
        public long Count;
    }

    private sealed class PairState(TradingPair pair, int reasonCount)
    {
        public TradingPair Pair { get; } = pair;

        // The first timeframe seen is kept inline (a pair usually has one: no array to reach on every bar), the others in arrays.
        private Timeframe _firstTimeframe;
        private long _firstLastBarOpen = long.MinValue;
        private Timeframe[] _timeframes = [];
        private long[] _lastBarOpens = [];

        public long LastTickTime { get; set; } = long.MinValue;

        public long Rejected { get; set; }

        public Burst[] Bursts { get; } = new Burst[reasonCount];

        public ref long LastBarOpen(Timeframe timeframe)
        {
            if (_firstTimeframe == timeframe)
            {
                return ref _firstLastBarOpen;
            }

            if (_firstTimeframe == default)
            {
                _firstTimeframe = timeframe;
                return ref _firstLastBarOpen;
            }

            for (var i = 0; i < _timeframes.Length; i++)
            {
                if (_timeframes[i] == timeframe)
                {
                    return ref _lastBarOpens[i];
                }
            }

            // First bar of this timeframe for the pair: grow once.
            var count = _timeframes.Length;
            Array.Resize(ref _timeframes, count + 1);
            Array.Resize(ref _lastBarOpens, count + 1);
            _timeframes[count] = timeframe;
            _lastBarOpens[count] = long.MinValue;
            return ref _lastBarOpens[count];
        }
    }
}
