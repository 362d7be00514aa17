using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>
/// Builds the bars of several timeframes (for example 5m, 15m, 1h, 4h and 1d) of one pair from ticks, trades or
/// closed bars of a shorter timeframe, and hands each bar to an <see cref="IBarSink"/> when it closes.
/// </summary>
/// <remarks>
/// <para>
/// <b>Windows.</b> Bars are aligned to the Unix epoch in UTC (<see cref="Timeframe.BarOpenTime"/>): the 1h bar opens on the
/// hour, the 1d bar at 00:00 UTC. A bar's open is the first price in its window, high and low the extremes, close the
/// last price, volume the sum.
/// </para>
/// <para>
/// <b>Inputs.</b> <see cref="OnTick"/> uses the tick's <see cref="PriceTick.Mid"/> (a tick made with
/// <see cref="PriceTick.FromTrade"/> has mid = trade price) and adds no volume: quotes are not trades.
/// <see cref="OnTrade"/> takes a trade price and adds its quantity to the volume. <see cref="OnBar"/> takes
/// <em>closed</em> bars of a shorter timeframe (1m bars for 5m and 1h targets, say) whose duration divides every target;
/// a target bar then opens with the first source bar in its window and closes with the window. Feed one kind of input per
/// aggregator; mixing is allowed but ticks and bars must not overlap in time.
/// </para>
/// <para>
/// <b>Closing.</b> A bar is closed and emitted (a) when data for a later window arrives, (b) when a source bar that ends at
/// the window's close arrives (so a 5m bar built from 1m bars is emitted with its last 1m bar, without waiting), or
/// (c) when <see cref="AdvanceTo"/> is called with a time at or after the window's close plus <see cref="CloseDelay"/>,
/// so the bar of a quiet pair closes on time: the event loop calls <see cref="AdvanceTo"/> from its clock. Bars closing
/// at the same instant are emitted shortest timeframe first; otherwise in close-time order.
/// </para>
/// <para>
/// <b>Gaps are gaps.</b> A window with no data produces no bar (nothing is filled in or carried forward), while a window
/// that had some data still closes on time even when later windows are empty.
/// </para>
/// <para>
/// <b>Bad input.</b> Every <c>On*</c> method returns <see cref="DataRejection.None"/> when the input was used, or the reason
/// it was refused without changing any state: another pair, a bar of an unusable timeframe or misaligned, data older than
/// the last input (<see cref="DataRejection.OutOfOrder"/>; a repeated bar is <see cref="DataRejection.Duplicate"/>; ticks
/// with equal times are accepted), or data for a window already closed by <see cref="AdvanceTo"/>
/// (<see cref="DataRejection.Late"/>; see <see cref="CloseDelay"/>). Full validation of raw exchange data is the job of a
/// <see cref="MarketDataGuard"/> in front of the aggregator.
/// </para>
/// <para>
/// <b>Cost.</b> Not thread-safe and not re-entrant: call it from the portfolio's event loop. State is pre-allocated per
/// timeframe by the constructor; every call is O(timeframes) and allocates nothing (closed bars are passed by reference
/// to the sink, which must not throw).
/// </para>
/// </remarks>
public sealed class BarAggregator
{
    private readonly Slot[] _slots;
    private readonly ReadOnlyCollection<Timeframe> _timeframes;
    private readonly IBarSink _sink;
    private readonly long _closeDelayTicks;

    // All times are UTC ticks. A tick may not be older than _tickFrontier; a bar may not open before _barFrontier.
    private long _tickFrontier = long.MinValue;
    private long _barFrontier = long.MinValue;
    private long _lastBarOpen = long.MinValue;
    private long _lastBarDuration;

    // Data before this instant belongs to a window that was already closed.
    private long _sealedUntil = long.MinValue;

    /// <summary>Initializes an aggregator for one pair.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframes">The timeframes to build, in any order; at least one, no duplicates.</param>
    /// <param name="sink">Receives every closed bar.</param>
    /// <param name="closeDelay">
    /// How long after a window's close <see cref="AdvanceTo"/> waits before closing its bar, to let a source bar or trade
    /// that is delivered a little late still count; zero (the default) closes bars exactly on time.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="timeframes"/> or <paramref name="sink"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The pair is default, or the timeframes are empty, contain default or repeat one.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="closeDelay"/> is negative.</exception>
    public BarAggregator(TradingPair pair, IEnumerable<Timeframe> timeframes, IBarSink sink, TimeSpan closeDelay = default)
    {
        ArgumentNullException.ThrowIfNull(timeframes);
        ArgumentNullException.ThrowIfNull(sink);
        if (pair.IsDefault)
        {
            throw new ArgumentException("An aggregator needs a pair.", nameof(pair));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(closeDelay, TimeSpan.Zero);
        var sorted = new List<Timeframe>(timeframes);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("An aggregator needs at least one timeframe.", nameof(timeframes));
        }

        sorted.Sort();
        for (var i = 0; i < sorted.Count; i++)
        {
            if (sorted[i] == default)
            {
                throw new ArgumentException("default(Timeframe) is not a timeframe.", nameof(timeframes));
            }

            if (i > 0 && sorted[i] == sorted[i - 1])
            {
                throw new ArgumentException($"The timeframe {sorted[i]} is listed twice.", nameof(timeframes));
            }
        }

        Pair = pair;
        _sink = sink;
        _closeDelayTicks = closeDelay.Ticks;
        _timeframes = sorted.AsReadOnly();
        _slots = new Slot[sorted.Count];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i].Timeframe = sorted[i];
            _slots[i].Duration = sorted[i].Duration.Ticks;
        }
    }

    /// <summary>Gets the pair.</summary>
    public TradingPair Pair { get; }

    /// <summary>Gets the timeframes built, shortest first.</summary>
    public IReadOnlyList<Timeframe> Timeframes => _timeframes;

    /// <summary>
    /// Gets or sets a value indicating whether a bar of the only target timeframe, while no bar is forming, is passed to the
    /// sink as it is (the default) instead of through the general path that would build the same bar again (tests compare both).
    /// </summary>
    internal bool AllowPassThrough { get; set; } = true;

    /// <summary>Gets how long after a window's close <see cref="AdvanceTo"/> waits before closing its bar.</summary>
    public TimeSpan CloseDelay => TimeSpan.FromTicks(_closeDelayTicks);

    /// <summary>Adds a quote: its mid price, with no volume.</summary>
    /// <param name="tick">The tick, of this aggregator's pair.</param>
    /// <returns><see cref="DataRejection.None"/>, or why the tick was refused (state unchanged).</returns>
    public DataRejection OnTick(in PriceTick tick)
    {
        if (tick.Pair != Pair)
        {
            return DataRejection.UnknownPair;
        }

        return AddPrice(tick.Time.UtcTicks, tick.Mid, 0);
    }

    /// <summary>Adds a trade: its price, and its quantity to the volume.</summary>
    /// <param name="pair">The pair traded; must be this aggregator's pair.</param>
    /// <param name="time">When the trade happened.</param>
    /// <param name="price">The trade price, finite and positive.</param>
    /// <param name="quantity">The traded quantity in base units, finite and not negative.</param>
    /// <returns><see cref="DataRejection.None"/>, or why the trade was refused (state unchanged).</returns>
    public DataRejection OnTrade(TradingPair pair, DateTimeOffset time, double price, double quantity)
    {
        if (pair != Pair)
        {
            return DataRejection.UnknownPair;
        }

        if (!double.IsFinite(price) || !double.IsFinite(quantity))
        {
            return DataRejection.NotFinite;
        }

        if (price <= 0)
        {
            return DataRejection.NonPositivePrice;
        }

        if (quantity < 0)
        {
            return DataRejection.NegativeVolume;
        }

        return AddPrice(time.UtcTicks, price, quantity);
    }

    /// <summary>Adds a closed bar of a shorter timeframe (or of a target timeframe itself, which passes through).</summary>
    /// <param name="bar">A closed bar of this pair whose timeframe divides every target timeframe, aligned to its timeframe.</param>
    /// <returns><see cref="DataRejection.None"/>, or why the bar was refused (state unchanged).</returns>
    public DataRejection OnBar(in Bar bar)
    {
        if (bar.Pair != Pair)
        {
            return DataRejection.UnknownPair;
        }

        var duration = bar.Timeframe.Duration.Ticks;
        if (duration == 0)
        {
            return DataRejection.InvalidTimeframe;
        }

        if (AllowPassThrough && _slots.Length == 1 && !_slots[0].Active && _slots[0].Timeframe == bar.Timeframe)
        {
            return PassThrough(bar);
        }

        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Duration % duration != 0)
            {
                return DataRejection.InvalidTimeframe;
            }
        }

        var open = bar.OpenTime.UtcTicks;
        if (CheckInput(open, duration) is var rejected and not DataRejection.None)
        {
            return rejected;
        }

        CloseDue(open);
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i].Add(open, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume);
        }

        var close = open + duration;
        _lastBarOpen = open;
        _lastBarDuration = duration;
        _barFrontier = close;
        _tickFrontier = close;

        // Windows ending with this bar are complete: emit them now rather than on the next input.
        CloseDue(close);
        return DataRejection.None;
    }

    /// <summary>
    /// Closes and emits every bar whose window closed at or before <paramref name="now"/> minus <see cref="CloseDelay"/>,
    /// so the bars of a quiet pair close on time. Earlier times than a previous call change nothing.
    /// </summary>
    /// <param name="now">The current time of the portfolio's clock (or the replay's virtual clock).</param>
    public void AdvanceTo(DateTimeOffset now)
    {
        var limit = now.UtcTicks - _closeDelayTicks;
        CloseDue(limit);
    }

    /// <summary>Gets the bar still being built for a timeframe: not closed, and not final.</summary>
    /// <param name="timeframe">One of <see cref="Timeframes"/>.</param>
    /// <param name="bar">The forming bar, or <c>default</c>.</param>
    /// <returns><see langword="true"/> when the current window of that timeframe has data.</returns>
    public bool TryGetForming(Timeframe timeframe, out Bar bar)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Timeframe == timeframe && _slots[i].Active)
            {
                bar = _slots[i].ToBar(Pair);
                return true;
            }
        }

        bar = default;
        return false;
    }

    /// <summary>Why an input bar opening at <paramref name="open"/> (UTC ticks) for <paramref name="duration"/> ticks is refused, or <see cref="DataRejection.None"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DataRejection CheckInput(long open, long duration)
    {
        // The bar right after the last accepted one (of the same duration) is aligned as that one was: no division.
        var follows = duration == _lastBarDuration && open - duration == _lastBarOpen;
        if (!follows && AlignDown(open, duration) != open)
        {
            return DataRejection.Misaligned;
        }

        if (open == _lastBarOpen && duration == _lastBarDuration)
        {
            return DataRejection.Duplicate;
        }

        if (open < _barFrontier)
        {
            return DataRejection.OutOfOrder;
        }

        return open < _sealedUntil ? DataRejection.Late : DataRejection.None;
    }

    /// <summary>
    /// A bar of the only target timeframe while no bar is forming: the same checks, state changes and emitted bar as
    /// the general path (which would open the slot with this bar and close it at once), without building the bar again.
    /// </summary>
    private DataRejection PassThrough(in Bar bar)
    {
        if (Accept(bar) is var rejected and not DataRejection.None)
        {
            return rejected;
        }

        // The general path emits the bar with a UTC open time; a bar given with another offset is rebuilt so.
        if (bar.OpenTime.Offset == TimeSpan.Zero)
        {
            _sink.OnBarClosed(in bar);
        }
        else
        {
            var rebuilt = new Bar(Pair, _slots[0].Timeframe, new DateTimeOffset(bar.OpenTime.UtcTicks, TimeSpan.Zero), bar.Open, bar.High, bar.Low, bar.Close, bar.Volume);
            _sink.OnBarClosed(in rebuilt);
        }

        return DataRejection.None;
    }

    /// <summary>
    /// <see cref="OnBar"/> for a caller that emits the bar itself when it passes through unchanged (the engine's bar
    /// path: one call instead of a call back through the sink): true when the bar took the pass-through path, with
    /// <paramref name="rejection"/> telling whether it was accepted (then the caller handles it exactly as the sink
    /// would have been called with it); false when <see cref="OnBar"/> must take it (nothing was changed).
    /// </summary>
    /// <param name="bar">The bar.</param>
    /// <param name="rejection">Why the bar was dropped, or <see cref="DataRejection.None"/>.</param>
    /// <returns>Whether the bar was handled here.</returns>
    internal bool TryPassThrough(in Bar bar, out DataRejection rejection)
    {
        if (!AllowPassThrough || _slots.Length != 1 || _slots[0].Active || _slots[0].Timeframe != bar.Timeframe
            || bar.OpenTime.Offset != TimeSpan.Zero || bar.Pair != Pair)
        {
            rejection = DataRejection.None;
            return false;
        }

        rejection = Accept(bar);
        return true;
    }

    /// <summary>The pass-through path's checks and state changes, the bar not emitted.</summary>
    private DataRejection Accept(in Bar bar)
    {
        var duration = _slots[0].Duration;
        var open = bar.OpenTime.UtcTicks;
        if (CheckInput(open, duration) is var rejected and not DataRejection.None)
        {
            return rejected;
        }

        var close = open + duration;
        _lastBarOpen = open;
        _lastBarDuration = duration;
        _barFrontier = close;
        _tickFrontier = close;
        _sealedUntil = close;
        return DataRejection.None;
    }

    private static long AlignDown(long utcTicks, long duration)
    {
        var sinceEpoch = utcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var remainder = sinceEpoch % duration;
        if (remainder < 0)
        {
            remainder += duration;
        }

        return utcTicks - remainder;
    }

    private DataRejection AddPrice(long time, double price, double volume)
    {
        if (time < _tickFrontier)
        {
            return DataRejection.OutOfOrder;
        }

        if (time < _sealedUntil)
        {
            return DataRejection.Late;
        }

        CloseDue(time);
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i].Add(time, price, price, price, price, volume);
        }

        _tickFrontier = time;
        if (_barFrontier <= time)
        {
            _barFrontier = time + 1;
        }

        return DataRejection.None;
    }

    // Emits every active bar whose window closes at or before the limit: earliest close first, then shortest timeframe.
    private void CloseDue(long limit)
    {
        while (true)
        {
            var next = -1;
            var nextClose = long.MaxValue;
            for (var i = 0; i < _slots.Length; i++)
            {
                ref var slot = ref _slots[i];
                if (slot.Active && slot.Open <= limit - slot.Duration && slot.Open + slot.Duration < nextClose)
                {
                    next = i;
                    nextClose = slot.Open + slot.Duration;
                }
            }

            if (next < 0)
            {
                return;
            }

            _slots[next].Active = false;
            if (nextClose > _sealedUntil)
            {
                _sealedUntil = nextClose;
            }

            var bar = _slots[next].ToBar(Pair);
            _sink.OnBarClosed(in bar);
        }
    }

    private struct Slot
    {
        public Timeframe Timeframe;
        public long Duration;
        public bool Active;
        public long Open;
        public double O;
        public double H;
        public double L;
        public double C;
        public double V;

        public void Add(long time, double open, double high, double low, double close, double volume)
        {
            if (!Active)
            {
                Active = true;
                Open = AlignDown(time, Duration);
                O = open;
                H = high;
                L = low;
                C = close;
                V = volume;
                return;
            }

            if (high > H)
            {
                H = high;
            }

            if (low < L)
            {
                L = low;
            }

            C = close;
            V += volume;
        }

        public readonly Bar ToBar(TradingPair pair) =>
            new(pair, Timeframe, new DateTimeOffset(Open, TimeSpan.Zero), O, H, L, C, V);
    }
}
