using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Tests.MarketData;

public sealed class MarketDataGuardTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");
    private static readonly TradingPair Doge = new("DOGE", "USDT");
    private static readonly DateTimeOffset T0 = new(2021, 4, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ValidateBar_BadValues_ReturnsReasonAndCountsPerReasonAndPair()
    {
        var guard = new MarketDataGuard([Btc, Eth], new ManualTimeProvider(T0));
        var h = Timeframe.OneHour;

        guard.ValidateBar(Btc, h, T0, double.NaN, 2, 1, 1.5, 1).ShouldBe(DataRejection.NotFinite);
        guard.ValidateBar(Btc, h, T0, 1.5, double.PositiveInfinity, 1, 1.5, 1).ShouldBe(DataRejection.NotFinite);
        guard.ValidateBar(Btc, h, T0, 1.5, 2, 1, 1.5, double.NaN).ShouldBe(DataRejection.NotFinite);
        guard.ValidateBar(Btc, h, T0, 0, 2, 1, 1.5, 1).ShouldBe(DataRejection.NonPositivePrice);
        guard.ValidateBar(Eth, h, T0, 1.5, 2, -1, 1.5, 1).ShouldBe(DataRejection.NonPositivePrice);
        guard.ValidateBar(Eth, h, T0, 1.5, 2, 1, 1.5, -1).ShouldBe(DataRejection.NegativeVolume);
        guard.ValidateBar(Eth, h, T0, 1.5, 1, 2, 1.5, 1).ShouldBe(DataRejection.InconsistentRange);
        guard.ValidateBar(Eth, h, T0, 3, 2, 1, 1.5, 1).ShouldBe(DataRejection.InconsistentRange);
        guard.ValidateBar(Eth, h, T0, 1.5, 2, 1, 0.5, 1).ShouldBe(DataRejection.InconsistentRange);
        guard.ValidateBar(Eth, default, T0, 1.5, 2, 1, 1.5, 1).ShouldBe(DataRejection.InvalidTimeframe);
        guard.ValidateBar(Doge, h, T0, 1.5, 2, 1, 1.5, 1).ShouldBe(DataRejection.UnknownPair);
        guard.ValidateBar(default, h, T0, 1.5, 2, 1, 1.5, 1).ShouldBe(DataRejection.UnknownPair);
        guard.ValidateBar(Btc, h, T0, 1.5, 2, 1, 1.5, 1).ShouldBe(DataRejection.None);

        guard.TotalRejected.ShouldBe(12);
        guard.TotalAccepted.ShouldBe(1);
        guard.GetCount(Btc, DataRejection.NotFinite).ShouldBe(3);
        guard.GetCount(Eth, DataRejection.InconsistentRange).ShouldBe(3);
        guard.GetCount(Doge, DataRejection.UnknownPair).ShouldBe(0);
        var counts = guard.GetCounts();
        counts.TotalRejected.ShouldBe(12);
        counts.TotalAccepted.ShouldBe(1);
        counts.ByReason.ShouldBe(
            new Dictionary<DataRejection, long>
            {
                [DataRejection.NotFinite] = 3,
                [DataRejection.NonPositivePrice] = 2,
                [DataRejection.NegativeVolume] = 1,
                [DataRejection.InconsistentRange] = 3,
                [DataRejection.InvalidTimeframe] = 1,
                [DataRejection.UnknownPair] = 2,
            },
            ignoreOrder: true);
        counts.ByPair.ShouldBe(new Dictionary<TradingPair, long> { [Btc] = 4, [Eth] = 6 }, ignoreOrder: true);
    }

    [Fact]
    public void Validate_BarsOutOfOrderOrDuplicate_RejectedPerPairAndTimeframe()
    {
        var guard = new MarketDataGuard([Btc, Eth], new ManualTimeProvider(T0));

        guard.Validate(Bar(Btc, Timeframe.OneHour, 1)).ShouldBe(DataRejection.None);
        guard.Validate(Bar(Btc, Timeframe.OneHour, 1)).ShouldBe(DataRejection.Duplicate);
        guard.Validate(Bar(Btc, Timeframe.OneHour, 0)).ShouldBe(DataRejection.OutOfOrder);
        guard.Validate(Bar(Btc, Timeframe.FiveMinutes, 0)).ShouldBe(DataRejection.None);
        guard.Validate(Bar(Eth, Timeframe.OneHour, 0)).ShouldBe(DataRejection.None);
        guard.Validate(Bar(Btc, Timeframe.OneHour, 2)).ShouldBe(DataRejection.None);
        guard.Validate(default(Bar)).ShouldBe(DataRejection.UnknownPair);

        guard.GetCount(Btc, DataRejection.Duplicate).ShouldBe(1);
        guard.GetCount(Btc, DataRejection.OutOfOrder).ShouldBe(1);
        guard.TotalAccepted.ShouldBe(4);
    }

    [Fact]
    public void ValidateBar_RejectedNewerBar_DoesNotAdvanceLastTime()
    {
        var guard = new MarketDataGuard([Btc], new ManualTimeProvider(T0));
        guard.Validate(Bar(Btc, Timeframe.OneHour, 0)).ShouldBe(DataRejection.None);

        guard.ValidateBar(Btc, Timeframe.OneHour, T0.AddHours(5), double.NaN, 1, 1, 1, 1).ShouldBe(DataRejection.NotFinite);

        guard.Validate(Bar(Btc, Timeframe.OneHour, 1)).ShouldBe(DataRejection.None);
    }

    [Fact]
    public void ValidateTicks_BadQuotesTradesAndOrder_ReturnsReason()
    {
        var guard = new MarketDataGuard([Btc], new ManualTimeProvider(T0));

        guard.Validate(new PriceTick(Btc, T0.AddSeconds(10), 100, 101)).ShouldBe(DataRejection.None);
        guard.Validate(new PriceTick(Btc, T0.AddSeconds(10), 100, 101)).ShouldBe(DataRejection.None);
        guard.Validate(new PriceTick(Btc, T0.AddSeconds(9), 100, 101)).ShouldBe(DataRejection.OutOfOrder);
        guard.ValidateQuote(Btc, T0.AddSeconds(11), double.NaN, 101).ShouldBe(DataRejection.NotFinite);
        guard.ValidateQuote(Btc, T0.AddSeconds(11), 0, 101).ShouldBe(DataRejection.NonPositivePrice);
        guard.ValidateQuote(Btc, T0.AddSeconds(11), 102, 101).ShouldBe(DataRejection.InconsistentRange);
        guard.ValidateTrade(Btc, T0.AddSeconds(11), 100, double.PositiveInfinity).ShouldBe(DataRejection.NotFinite);
        guard.ValidateTrade(Btc, T0.AddSeconds(11), -100, 1).ShouldBe(DataRejection.NonPositivePrice);
        guard.ValidateTrade(Btc, T0.AddSeconds(11), 100, -1).ShouldBe(DataRejection.NegativeVolume);
        guard.ValidateTrade(Btc, T0.AddSeconds(5), 100, 1).ShouldBe(DataRejection.OutOfOrder);
        guard.ValidateTrade(Eth, T0.AddSeconds(11), 100, 1).ShouldBe(DataRejection.UnknownPair);
        guard.ValidateTrade(Btc, T0.AddSeconds(11), 100, 1).ShouldBe(DataRejection.None);

        guard.TotalRejected.ShouldBe(9);
        guard.GetCount(Btc, DataRejection.OutOfOrder).ShouldBe(2);
        guard.AddPair(Eth).ShouldBeTrue();
        guard.AddPair(Eth).ShouldBeFalse();
        guard.IsRegistered(Eth).ShouldBeTrue();
        guard.ValidateTrade(Eth, T0.AddSeconds(11), 100, 1).ShouldBe(DataRejection.None);
    }

    [Fact]
    public void Rejected_BurstOfSameReason_ReportedOnceAndAgainAfterQuietPeriod()
    {
        var clock = new ManualTimeProvider(T0);
        var events = new List<DataRejectionEvent>();
        var guard = new MarketDataGuard([Btc, Eth], clock, events.Add);
        guard.QuietPeriod.ShouldBe(TimeSpan.FromMinutes(1));

        for (var i = 0; i < 5; i++)
        {
            guard.ValidateTrade(Btc, T0, double.NaN, 1);
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        events.Count.ShouldBe(1);
        events[0].ShouldBe(new DataRejectionEvent(Btc, DataRejection.NotFinite, T0, T0, 1));

        // Other reasons and other pairs have their own bursts.
        guard.ValidateTrade(Btc, T0, 0, 1);
        guard.ValidateTrade(Eth, T0, double.NaN, 1);
        events.Select(e => (e.Pair, e.Reason)).ShouldBe([(Btc, DataRejection.NotFinite), (Btc, DataRejection.NonPositivePrice), (Eth, DataRejection.NotFinite)]);

        // Accepted data until 59 s after the last rejection (at T0 + 40 s): the burst goes on.
        for (var i = 0; i < 49; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            guard.ValidateTrade(Btc, clock.GetUtcNow(), 100, 1).ShouldBe(DataRejection.None);
        }

        guard.ValidateTrade(Btc, clock.GetUtcNow(), double.NaN, 1);
        events.Count.ShouldBe(3);

        // A quiet minute ends it: the next rejection is reported again, with the running count.
        clock.Advance(TimeSpan.FromMinutes(1));
        guard.ValidateTrade(Btc, clock.GetUtcNow(), 100, 1).ShouldBe(DataRejection.None);
        guard.ValidateTrade(Btc, clock.GetUtcNow(), double.NaN, 1);

        events.Count.ShouldBe(4);
        events[3].Reason.ShouldBe(DataRejection.NotFinite);
        events[3].Count.ShouldBe(7);
        events[3].DetectedAt.ShouldBe(clock.GetUtcNow());
    }

    [Fact]
    public void Rejected_UnknownPairs_ShareOneBurstPerReason()
    {
        var clock = new ManualTimeProvider(T0);
        var events = new List<DataRejectionEvent>();
        var guard = new MarketDataGuard([Btc], clock, events.Add, TimeSpan.FromSeconds(5));

        guard.ValidateTrade(Doge, T0, 1, 1);
        guard.ValidateTrade(Eth, T0, 1, 1);
        clock.Advance(TimeSpan.FromSeconds(5));
        guard.ValidateTrade(Eth, T0, 1, 1);

        events.Select(e => e.Pair).ShouldBe([Doge, Eth]);
        guard.GetCounts().ByReason[DataRejection.UnknownPair].ShouldBe(3);
        guard.GetCounts().ByPair.ShouldBeEmpty();
    }

    [Fact]
    public void Constructor_BadArguments_Throws()
    {
        Should.Throw<ArgumentNullException>(() => new MarketDataGuard(null!, TimeProvider.System));
        Should.Throw<ArgumentNullException>(() => new MarketDataGuard([Btc], null!));
        Should.Throw<ArgumentException>(() => new MarketDataGuard([default], TimeProvider.System));
        Should.Throw<ArgumentOutOfRangeException>(() => new MarketDataGuard([Btc], TimeProvider.System, quietPeriod: TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Validate_AcceptedBar_AllocatesNothing()
    {
        var guard = new MarketDataGuard([Btc, Eth], new ManualTimeProvider(T0));
        var bars = new Bar[1000];
        for (var i = 0; i < bars.Length; i++)
        {
            bars[i] = Bar(Btc, Timeframe.OneMinute, i);
        }

        guard.Validate(bars[0]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < bars.Length; i++)
        {
            guard.Validate(bars[i]);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        guard.TotalAccepted.ShouldBe(1000);
    }

    private static Bar Bar(TradingPair pair, Timeframe timeframe, int index) =>
        new(pair, timeframe, T0 + timeframe.Duration * index, 100, 101, 99, 100, 1);
}
