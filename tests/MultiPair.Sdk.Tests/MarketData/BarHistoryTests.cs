using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.MarketData;

public sealed class BarHistoryTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly DateTimeOffset T0 = new(2021, 4, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Add_MoreThanCapacity_WrapsAroundKeepingNewest()
    {
        var history = new BarHistory(Btc, Timeframe.OneHour, 3);

        for (var i = 0; i < 7; i++)
        {
            history.Add(Hour(i));
        }

        history.Count.ShouldBe(3);
        history.Capacity.ShouldBe(3);
        history.Latest.ShouldBe(Hour(6));
        history[0].ShouldBe(Hour(6));
        history[1].ShouldBe(Hour(5));
        history[2].ShouldBe(Hour(4));
        history.TryGet(2, out var oldest).ShouldBeTrue();
        oldest.ShouldBe(Hour(4));
        history.TryGet(3, out _).ShouldBeFalse();
        history.TryGet(-1, out _).ShouldBeFalse();
        Should.Throw<ArgumentOutOfRangeException>(() => history[3]);
    }

    [Fact]
    public void Add_FewerThanCapacity_CountsOnlyAdded()
    {
        var history = new BarHistory(Btc, Timeframe.OneHour, 5);
        history.Add(Hour(0));
        history.Add(Hour(1));

        history.Count.ShouldBe(2);
        history[1].ShouldBe(Hour(0));
        Should.Throw<ArgumentOutOfRangeException>(() => history[2]);
    }

    [Fact]
    public void Latest_Empty_Throws()
    {
        var history = new BarHistory(Btc, Timeframe.OneHour, 2);
        Should.Throw<InvalidOperationException>(() => history.Latest);
        history.Add(Hour(0));
        history.Clear();
        history.Count.ShouldBe(0);
        history.TryGet(0, out _).ShouldBeFalse();
        history.Add(Hour(0));
        history.Latest.ShouldBe(Hour(0));
    }

    [Fact]
    public void Add_WrongPairTimeframeOrOrder_Throws()
    {
        var history = new BarHistory(Btc, Timeframe.OneHour, 2);
        history.Add(Hour(1));

        Should.Throw<ArgumentException>(() => history.Add(new Bar(new TradingPair("ETH", "USDT"), Timeframe.OneHour, T0.AddHours(2), 1, 1, 1, 1, 0)));
        Should.Throw<ArgumentException>(() => history.Add(new Bar(Btc, Timeframe.FourHours, T0.AddHours(4), 1, 1, 1, 1, 0)));
        Should.Throw<ArgumentException>(() => history.Add(Hour(1)));
        Should.Throw<ArgumentException>(() => history.Add(Hour(0)));
        history.Count.ShouldBe(1);
        Should.Throw<ArgumentOutOfRangeException>(() => new BarHistory(Btc, Timeframe.OneHour, 0));
        Should.Throw<ArgumentException>(() => new BarHistory(default, Timeframe.OneHour, 1));
        Should.Throw<ArgumentException>(() => new BarHistory(Btc, default, 1));
    }

    [Fact]
    public void Add_AsAggregatorSink_KeepsLastClosedBars()
    {
        var history = new BarHistory(Btc, Timeframe.OneHour, 4);
        var sink = new HistorySink(history);
        var aggregator = new BarAggregator(Btc, [Timeframe.OneHour], sink);

        for (var minute = 0; minute < 10 * 60; minute += 5)
        {
            aggregator.OnBar(new Bar(Btc, Timeframe.FiveMinutes, T0.AddMinutes(minute), 100 + minute, 100 + minute, 100 + minute, 100 + minute, 1));
        }

        history.Count.ShouldBe(4);
        history.Latest.OpenTime.ShouldBe(T0.AddHours(9));
        history.Latest.Open.ShouldBe(100 + 540);
        history.Latest.Close.ShouldBe(100 + 595);
        history.Latest.Volume.ShouldBe(12);
    }

    private static Bar Hour(int i) => new(Btc, Timeframe.OneHour, T0.AddHours(i), 100 + i, 101 + i, 99 + i, 100 + i, i);

    private sealed class HistorySink(BarHistory history) : IBarSink
    {
        public void OnBarClosed(in Bar bar) => history.Add(bar);
    }
}
