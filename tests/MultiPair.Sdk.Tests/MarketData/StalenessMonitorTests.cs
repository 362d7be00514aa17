using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.MarketData;

public sealed class StalenessMonitorTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");
    private static readonly DateTimeOffset T0 = new(2021, 4, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Check_DataStopsAndResumes_ReportsStaleThenFresh()
    {
        var sink = new RecordingStalenessSink();
        var monitor = new StalenessMonitor(StalenessMonitor.LimitFor(Timeframe.FiveMinutes), sink);
        monitor.AddPair(Btc).ShouldBeTrue();
        monitor.IsStale(Btc).ShouldBeTrue();

        monitor.OnData(Btc, T0).ShouldBeTrue();
        monitor.Check(T0).ShouldBe(1);
        sink.Events.ShouldBe([("fresh", Btc, T0)]);
        monitor.IsStale(Btc).ShouldBeFalse();

        monitor.Check(T0.AddMinutes(10)).ShouldBe(0);
        monitor.IsStale(Btc).ShouldBeFalse();

        monitor.Check(T0.AddMinutes(10).AddTicks(1)).ShouldBe(1);
        sink.Events[^1].ShouldBe(("stale", Btc, T0));
        monitor.IsStale(Btc).ShouldBeTrue();
        monitor.Check(T0.AddMinutes(20)).ShouldBe(0);

        monitor.OnData(Btc, T0.AddMinutes(21));
        monitor.IsStale(Btc).ShouldBeTrue();
        monitor.IsStale(Btc, T0.AddMinutes(21)).ShouldBeFalse();
        monitor.Check(T0.AddMinutes(21)).ShouldBe(1);

        sink.Events[^1].ShouldBe(("fresh", Btc, T0.AddMinutes(21)));
        monitor.IsStale(Btc).ShouldBeFalse();
        sink.Events.Count.ShouldBe(3);
    }

    [Fact]
    public void Check_PerPairLimits_OnlyQuietPairGoesStale()
    {
        var sink = new RecordingStalenessSink();
        var monitor = new StalenessMonitor(TimeSpan.FromMinutes(2), sink);
        monitor.AddPair(Btc, TimeSpan.FromHours(2));
        monitor.AddPair(Eth);
        monitor.GetLimit(Btc).ShouldBe(TimeSpan.FromHours(2));
        monitor.GetLimit(Eth).ShouldBe(TimeSpan.FromMinutes(2));
        monitor.OnData(Btc, T0);
        monitor.OnData(Eth, T0);
        monitor.Check(T0).ShouldBe(2);

        monitor.Check(T0.AddMinutes(30)).ShouldBe(1);

        sink.Events[^1].ShouldBe(("stale", Eth, T0));
        monitor.IsStale(Btc).ShouldBeFalse();

        monitor.SetLimit(Eth, TimeSpan.FromHours(1));
        monitor.Check(T0.AddMinutes(31)).ShouldBe(1);
        sink.Events[^1].ShouldBe(("fresh", Eth, T0));
    }

    [Fact]
    public void OnData_OlderTimeOrUnknownPair_Ignored()
    {
        var monitor = new StalenessMonitor(TimeSpan.FromMinutes(2), new RecordingStalenessSink());
        monitor.AddPair(Btc);
        monitor.AddPair(Btc).ShouldBeFalse();
        monitor.Count.ShouldBe(1);

        monitor.OnData(Btc, T0.AddMinutes(5));
        monitor.OnData(Btc, T0);
        monitor.OnData(Eth, T0).ShouldBeFalse();

        monitor.TryGetLastDataTime(Btc, out var last).ShouldBeTrue();
        last.ShouldBe(T0.AddMinutes(5));
        monitor.TryGetLastDataTime(Eth, out _).ShouldBeFalse();
        monitor.IsStale(Eth).ShouldBeTrue();
        monitor.IsStale(Eth, T0).ShouldBeTrue();
        Should.Throw<KeyNotFoundException>(() => monitor.SetLimit(Eth, TimeSpan.FromMinutes(1)));
        Should.Throw<ArgumentOutOfRangeException>(() => monitor.AddPair(Eth, TimeSpan.Zero));
        Should.Throw<ArgumentException>(() => StalenessMonitor.LimitFor(default));
        StalenessMonitor.LimitFor(Timeframe.OneHour).ShouldBe(TimeSpan.FromHours(2));
    }

    private sealed class RecordingStalenessSink : IStalenessSink
    {
        public List<(string Kind, TradingPair Pair, DateTimeOffset LastData)> Events { get; } = [];

        public void OnStale(TradingPair pair, DateTimeOffset lastDataTime, DateTimeOffset now) => Events.Add(("stale", pair, lastDataTime));

        public void OnFresh(TradingPair pair, DateTimeOffset lastDataTime, DateTimeOffset now) => Events.Add(("fresh", pair, lastDataTime));
    }
}
