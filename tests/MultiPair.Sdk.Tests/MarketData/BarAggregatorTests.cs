using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.MarketData;

public sealed class BarAggregatorTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");
    private static readonly DateTimeOffset T0 = new(2021, 4, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OnTick_QuotesAndTrades_Builds1mBarFromMidAndTradeVolume()
    {
        var sink = new RecordingSink();
        var aggregator = new BarAggregator(Btc, [Timeframe.OneMinute], sink);

        aggregator.OnTick(new PriceTick(Btc, T0.AddSeconds(1), 99, 101)).ShouldBe(DataRejection.None); // mid 100
        aggregator.OnTick(new PriceTick(Btc, T0.AddSeconds(20), 104, 106)).ShouldBe(DataRejection.None); // mid 105
        aggregator.OnTrade(Btc, T0.AddSeconds(30), 97, 2.5).ShouldBe(DataRejection.None);
        aggregator.OnTick(PriceTick.FromTrade(Btc, T0.AddSeconds(59), 102)).ShouldBe(DataRejection.None);
        sink.Bars.ShouldBeEmpty();

        aggregator.OnTick(new PriceTick(Btc, T0.AddMinutes(1), 110, 112)).ShouldBe(DataRejection.None);

        sink.Bars.ShouldBe([new Bar(Btc, Timeframe.OneMinute, T0, 100, 105, 97, 102, 2.5)]);
        aggregator.TryGetForming(Timeframe.OneMinute, out var forming).ShouldBeTrue();
        forming.ShouldBe(new Bar(Btc, Timeframe.OneMinute, T0.AddMinutes(1), 111, 111, 111, 111, 0));
    }

    [Fact]
    public void OnTick_QuotesOnly_VolumeIsZero()
    {
        var sink = new RecordingSink();
        var aggregator = new BarAggregator(Btc, [Timeframe.OneMinute], sink);

        aggregator.OnTick(new PriceTick(Btc, T0, 10, 12));
        aggregator.AdvanceTo(T0.AddMinutes(1));

        sink.Bars.Single().Volume.ShouldBe(0);
        sink.Bars.Single().Close.ShouldBe(11);
    }

    [Fact]
    public void AdvanceTo_QuietPair_ClosesBarExactlyAtCloseTime()
    {
        var sink = new RecordingSink();
        var aggregator = new BarAggregator(Btc, [Timeframe.FiveMinutes, Timeframe.OneHour], sink);
        aggregator.OnTrade(Btc, T0.AddMinutes(2), 100, 1);

        aggregator.AdvanceTo(T0.AddMinutes(5).AddTicks(-1));
        sink.Bars.ShouldBeEmpty();

        aggregator.AdvanceTo(T0.AddMinutes(5));
        sink.Bars.Select(b => b.Timeframe).ShouldBe([Timeframe.FiveMinutes]);

        aggregator.AdvanceTo(T0.AddMinutes(59));
        sink.Bars.Count.ShouldBe(1);

        aggregator.AdvanceTo(T0.AddHours(3));
        sink.Bars.Select(b => (b.Timeframe, b.OpenTime)).ShouldBe([(Timeframe.FiveMinutes, T0), (Timeframe.OneHour, T0)]);
    }

    [Fact]
    public void AdvanceTo_WithCloseDelay_WaitsForLateSourceBar()
    {
        var sink = new RecordingSink();
        var aggregator = new BarAggregator(Btc, [Timeframe.FiveMinutes], sink, closeDelay: TimeSpan.FromSeconds(2));
        for (var minute = 0; minute < 4; minute++)
        {
            aggregator.OnBar(OneMinuteBar(minute, 100 + minute)).ShouldBe(DataRejection.None);
        }

        aggregator.AdvanceTo(T0.AddMinutes(5).AddSeconds(1));
        sink.Bars.ShouldBeEmpty();

        aggregator.OnBar(OneMinuteBar(4, 104)).ShouldBe(DataRejection.None);

        sink.Bars.Single().Close.ShouldBe(104);
        aggregator.CloseDelay.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void OnBar_AfterWindowClosedByAdvanceTo_RejectsLateWithoutStateChange()
    {
        var sink = new RecordingSink();
        var aggregator = new BarAggregator(Btc, [Timeframe.FiveMinutes], sink);
        aggregator.OnBar(OneMinuteBar(0, 100));
        aggregator.AdvanceTo(T0.AddMinutes(5));

        aggregator.OnBar(OneMinuteBar(4, 104)).ShouldBe(DataRejection.Late);
        aggregator.OnTrade(Btc, T0.AddMinutes(4), 104, 1).ShouldBe(DataRejection.Late);

        sink.Bars.Count.ShouldBe(1);
        aggregator.TryGetForming(Timeframe.FiveMinutes, out _).ShouldBeFalse();
        aggregator.OnBar(OneMinuteBar(5, 105)).ShouldBe(DataRejection.None);
    }

    [Fact]
    public void OnBar_OneMinuteBarsInWindow_OpensAtFirstSourceBarAndClosesWithWindow()
    {
        var sink = new RecordingSink();
        var aggregator = new BarAggregator(Btc, [Timeframe.FiveMinutes], sink);

        // The window's first minute is missing: the bar opens with the 00:01 bar and closes with the 00:04 bar.
        aggregator.OnBar(new Bar(Btc, Timeframe.OneMinute, T0.AddMinutes(1), 10, 12, 9, 11, 1));
        aggregator.OnBar(new Bar(Btc, Timeframe.OneMinute, T0.AddMinutes(3), 11, 15, 11, 14, 2));
        sink.Bars.ShouldBeEmpty();
        aggregator.OnBar(new Bar(Btc, Timeframe.OneMinute, T0.AddMinutes(4), 14, 14, 8, 13, 3));

        sink.Bars.ShouldBe([new Bar(Btc, Timeframe.FiveMinutes, T0, 10, 15, 8, 13, 6)]);
    }

    [Fact]
    public void OnBar_SeveralTimeframesCloseTogether_EmitsShortestFirst()
    {
        var sink = new RecordingSink();
        var aggregator = new BarAggregator(Btc, [Timeframe.OneDay, Timeframe.FiveMinutes, Timeframe.OneHour, Timeframe.FifteenMinutes, Timeframe.FourHours], sink);
        aggregator.Timeframes.ShouldBe([Timeframe.FiveMinutes, Timeframe.FifteenMinutes, Timeframe.OneHour, Timeframe.FourHours, Timeframe.OneDay]);

        for (var minute = 0; minute < 24 * 60; minute++)
        {
            aggregator.OnBar(OneMinuteBar(minute, 100)).ShouldBe(DataRejection.None);
        }

        sink.Bars.Count.ShouldBe(288 + 96 + 24 + 6 + 1);
        sink.Bars[^5..].Select(b => b.Timeframe).ShouldBe([Timeframe.FiveMinutes, Timeframe.FifteenMinutes, Timeframe.OneHour, Timeframe.FourHours, Timeframe.OneDay]);
        sink.Bars[^5..].ShouldAllBe(b => b.CloseTime == T0.AddDays(1));
        for (var i = 1; i < sink.Bars.Count; i++)
        {
            var (previous, current) = (sink.Bars[i - 1], sink.Bars[i]);
            (previous.CloseTime < current.CloseTime || (previous.CloseTime == current.CloseTime && previous.Timeframe < current.Timeframe)).ShouldBeTrue();
        }
    }

    [Fact]
    public void OnTick_LaterWindowAfterGap_EmitsEarlierCloseFirstThenShortest()
    {
        var sink = new RecordingSink();
        var aggregator = new BarAggregator(Btc, [Timeframe.OneMinute, Timeframe.OneHour], sink);
        aggregator.OnTrade(Btc, T0.AddMinutes(59).AddSeconds(30), 100, 1);

        aggregator.OnTrade(Btc, T0.AddHours(2), 101, 1);

        sink.Bars.Select(b => (b.Timeframe, b.OpenTime)).ShouldBe([(Timeframe.OneMinute, T0.AddMinutes(59)), (Timeframe.OneHour, T0)]);
    }

    [Fact]
    public void OnBar_OutOfOrderAndDuplicate_RejectedWithoutStateChange()
    {
        var clean = new RecordingSink();
        var dirty = new RecordingSink();
        var a = new BarAggregator(Btc, [Timeframe.FiveMinutes], clean);
        var b = new BarAggregator(Btc, [Timeframe.FiveMinutes], dirty);

        for (var minute = 0; minute < 12; minute++)
        {
            a.OnBar(OneMinuteBar(minute, 100 + minute)).ShouldBe(DataRejection.None);
            b.OnBar(OneMinuteBar(minute, 100 + minute)).ShouldBe(DataRejection.None);
            b.OnBar(OneMinuteBar(minute, 500)).ShouldBe(DataRejection.Duplicate);
            if (minute > 0)
            {
                b.OnBar(OneMinuteBar(minute - 1, 2)).ShouldBe(DataRejection.OutOfOrder);
            }
        }

        a.AdvanceTo(T0.AddHours(1));
        b.AdvanceTo(T0.AddHours(1));
        dirty.Bars.ShouldBe(clean.Bars);
        clean.Bars.Count.ShouldBe(3);
    }

    [Fact]
    public void OnTick_OlderThanLast_RejectedOutOfOrderWithoutStateChange()
    {
        var sink = new RecordingSink();
        var aggregator = new BarAggregator(Btc, [Timeframe.OneMinute], sink);
        aggregator.OnTrade(Btc, T0.AddSeconds(10), 100, 1).ShouldBe(DataRejection.None);

        aggregator.OnTrade(Btc, T0.AddSeconds(9), 50, 1).ShouldBe(DataRejection.OutOfOrder);
        aggregator.OnTick(new PriceTick(Btc, T0.AddSeconds(5), 200, 200)).ShouldBe(DataRejection.OutOfOrder);
        aggregator.OnTrade(Btc, T0.AddSeconds(10), 101, 1).ShouldBe(DataRejection.None);

        aggregator.TryGetForming(Timeframe.OneMinute, out var forming).ShouldBeTrue();
        forming.ShouldBe(new Bar(Btc, Timeframe.OneMinute, T0, 100, 101, 100, 101, 2));
    }

    [Fact]
    public void OnBar_BadInput_ReturnsReason()
    {
        var aggregator = new BarAggregator(Btc, [Timeframe.FiveMinutes, Timeframe.FifteenMinutes], new RecordingSink());

        aggregator.OnBar(new Bar(Eth, Timeframe.OneMinute, T0, 1, 1, 1, 1, 0)).ShouldBe(DataRejection.UnknownPair);
        aggregator.OnBar(default).ShouldBe(DataRejection.UnknownPair);
        aggregator.OnBar(new Bar(Btc, Timeframe.Parse("2m"), T0, 1, 1, 1, 1, 0)).ShouldBe(DataRejection.InvalidTimeframe);
        aggregator.OnBar(new Bar(Btc, Timeframe.OneHour, T0, 1, 1, 1, 1, 0)).ShouldBe(DataRejection.InvalidTimeframe);
        aggregator.OnBar(new Bar(Btc, Timeframe.OneMinute, T0.AddSeconds(30), 1, 1, 1, 1, 0)).ShouldBe(DataRejection.Misaligned);
        aggregator.OnTick(new PriceTick(Eth, T0, 1, 1)).ShouldBe(DataRejection.UnknownPair);
        aggregator.OnTrade(Btc, T0, double.NaN, 1).ShouldBe(DataRejection.NotFinite);
        aggregator.OnTrade(Btc, T0, 0, 1).ShouldBe(DataRejection.NonPositivePrice);
        aggregator.OnTrade(Btc, T0, 1, -1).ShouldBe(DataRejection.NegativeVolume);
        aggregator.TryGetForming(Timeframe.FiveMinutes, out _).ShouldBeFalse();
    }

    [Fact]
    public void Constructor_BadArguments_Throws()
    {
        var sink = new RecordingSink();
        Should.Throw<ArgumentException>(() => new BarAggregator(default, [Timeframe.OneMinute], sink));
        Should.Throw<ArgumentException>(() => new BarAggregator(Btc, [], sink));
        Should.Throw<ArgumentException>(() => new BarAggregator(Btc, [Timeframe.OneMinute, Timeframe.OneMinute], sink));
        Should.Throw<ArgumentException>(() => new BarAggregator(Btc, [default], sink));
        Should.Throw<ArgumentNullException>(() => new BarAggregator(Btc, [Timeframe.OneMinute], null!));
        Should.Throw<ArgumentOutOfRangeException>(() => new BarAggregator(Btc, [Timeframe.OneMinute], sink, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void OnBar_SteadyState_AllocatesNothing()
    {
        var sink = new CountingSink();
        var aggregator = new BarAggregator(Btc, [Timeframe.FiveMinutes, Timeframe.FifteenMinutes, Timeframe.OneHour, Timeframe.FourHours, Timeframe.OneDay], sink);
        var bars = new Bar[3 * 24 * 60];
        for (var i = 0; i < bars.Length; i++)
        {
            bars[i] = OneMinuteBar(i, 100 + (i % 7));
        }

        for (var i = 0; i < 24 * 60; i++)
        {
            aggregator.OnBar(bars[i]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 24 * 60; i < bars.Length; i++)
        {
            aggregator.OnBar(bars[i]);
        }

        aggregator.AdvanceTo(T0.AddDays(4));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBe(0);
        sink.Count.ShouldBe(3 * (288 + 96 + 24 + 6 + 1));
    }

    private static Bar OneMinuteBar(int minute, double price) =>
        new(Btc, Timeframe.OneMinute, T0.AddMinutes(minute), price, price + 1, price - 1, price, 1);

    private sealed class CountingSink : IBarSink
    {
        public int Count { get; private set; }

        public void OnBarClosed(in Bar bar) => Count++;
    }
}
