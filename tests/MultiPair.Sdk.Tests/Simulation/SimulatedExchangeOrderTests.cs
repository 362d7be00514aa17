using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Simulation;
using static MultiPair.Sdk.Tests.Simulation.SimulationHarness;

namespace MultiPair.Sdk.Tests.Simulation;

public sealed class SimulatedExchangeOrderTests
{
    private static readonly SimulatedExchangeOptions Split = new() { TakerFeeBps = 5m, MakerFeeBps = 2m, MaxVolumeShare = 0m };

    [Fact]
    public void Send_ValidOrder_ReportsAcceptedImmediately()
    {
        var h = new SimulationHarness();

        var id = h.Limit(OrderSide.Buy, 1m, 95m);

        var report = h.ReportsOf(id).ShouldHaveSingleItem();
        report.Status.ShouldBe(ExecutionStatus.Accepted);
        report.Time.ShouldBe(Start);
        h.Exchange.WorkingOrders.ShouldHaveSingleItem().ClientOrderId.ShouldBe(id);
    }

    [Fact]
    public void OnBar_MarketOrderPlacedAtBarClose_FillsAtNextBarOpenNotOnThatBar()
    {
        var h = new SimulationHarness(Split);
        h.Feed(0, 100, 110, 90, 105);

        var id = h.Market(OrderSide.Buy, 2m);
        h.FillsOf(id).ShouldBeEmpty();
        h.Feed(1, 106, 108, 104, 107);

        var report = h.ReportsOf(id)[^1];
        report.Status.ShouldBe(ExecutionStatus.Filled);
        report.Time.ShouldBe(Start.AddHours(1));
        var fill = report.Fill.ShouldNotBeNull();
        fill.Price.ShouldBe(106m);
        fill.Quantity.ShouldBe(2m);
        fill.Time.ShouldBe(Start.AddHours(1));
        fill.IsMaker.ShouldBeFalse();
        fill.Fee.ShouldBe(Fee.InQuote(0.106m)); // 212 × 5 bps taker
        h.Exchange.GetPosition(Btc).ShouldBe(2m);
    }

    [Fact]
    public void OnBar_ClockBehindTheBars_AcceptTimeIsTheLastBarClose()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0m, Latency = TimeSpan.FromMinutes(90) });
        h.Exchange.OnBar(Bar(0, 100, 100, 100, 100)); // the clock stays at bar 0's open
        h.Exchange.OnBar(Bar(1, 100, 100, 100, 100));
        h.Exchange.OnBar(Bar(2, 100, 100, 100, 100));

        var id = h.Market(OrderSide.Buy, 1m); // accepted at 03:00 (bar 2's close), eligible from 04:30
        h.Exchange.OnBar(Bar(3, 101, 101, 101, 101));
        h.Exchange.OnBar(Bar(4, 102, 102, 102, 102));
        h.FillsOf(id).ShouldBeEmpty();
        h.Exchange.OnBar(Bar(5, 103, 103, 103, 103));

        h.FillsOf(id).ShouldHaveSingleItem().Price.ShouldBe(103m);
    }

    [Fact]
    public void OnBar_PaperTradingBarArrivingAfterItsClose_OrderFillsOnTheFirstBarOpeningAfterItWasSent()
    {
        var h = new SimulationHarness();
        h.Time.SetUtcNow(Start.AddMinutes(1).AddSeconds(2)); // live: the 1m bar of 00:00 arrives 2 s after its close
        h.Exchange.OnBar(Bar1m(0, 100));

        var id = h.Market(OrderSide.Buy, 1m);
        h.Time.SetUtcNow(Start.AddMinutes(2).AddSeconds(2));
        h.Exchange.OnBar(Bar1m(1, 101)); // opened at 00:01:00, before the order: no fill
        h.FillsOf(id).ShouldBeEmpty();
        h.Time.SetUtcNow(Start.AddMinutes(3).AddSeconds(2));
        h.Exchange.OnBar(Bar1m(2, 102));

        h.FillsOf(id).ShouldHaveSingleItem().Price.ShouldBe(102m);

        static global::MultiPair.Sdk.MarketData.Bar Bar1m(int minute, double price) => new(Btc, global::MultiPair.Sdk.MarketData.Timeframe.OneMinute, Start.AddMinutes(minute), price, price, price, price, 1_000);
    }

    [Fact]
    public void OnBar_Latency_OrderOnlyEligibleForBarsOpeningAfterTheDelay()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0m, Latency = TimeSpan.FromMinutes(90) });
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Market(OrderSide.Buy, 1m); // sent at 01:00, reaches the book at 02:30
        h.Feed(1, 101, 101, 101, 101);
        h.Feed(2, 102, 102, 102, 102);
        h.FillsOf(id).ShouldBeEmpty();
        h.Feed(3, 103, 104, 102, 103);

        var fill = h.FillsOf(id).ShouldHaveSingleItem();
        fill.Price.ShouldBe(103m);
        fill.Time.ShouldBe(Start.AddHours(3));
    }

    [Theory]
    [InlineData(OrderSide.Buy, "100.5")]
    [InlineData(OrderSide.Sell, "99.5")]
    public void OnBar_MarketOrderWithFixedSlippage_MovesThePriceAgainstTheOrder(OrderSide side, string expected)
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0m, SlippageBps = 50m });
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Market(side, 1m);
        h.Feed(1, 100, 101, 99, 100);

        h.FillsOf(id).ShouldHaveSingleItem().Price.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void OnBar_MarketOrderWithVolumeShareSlippage_AddsImpactProportionalToTheShare()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0m, SlippageBps = 10m, VolumeShareSlippage = 0.1m });
        h.Feed(0, 200, 200, 200, 200);

        var id = h.Market(OrderSide.Buy, 10m);
        h.Feed(1, 200, 201, 199, 200, volume: 1_000);

        // 10 bps fixed + 0.1 × (10 / 1000) = 0.2 %.
        h.FillsOf(id).ShouldHaveSingleItem().Price.ShouldBe(200.4m);
    }

    [Fact]
    public void OnBar_SlippageWithInstrument_RoundsAwayFromTheOrderOntoTheTick()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0m, SlippageBps = 3m, Instruments = new Dictionary<TradingPair, Instrument> { [Btc] = BtcSpot } });
        h.Feed(0, 40_000.01, 40_000.01, 40_000.01, 40_000.01);

        var buy = h.Market(OrderSide.Buy, 0.001m);
        var sell = h.Market(OrderSide.Sell, 0.001m);
        h.Feed(1, 40_000.01, 40_100, 39_900, 40_000);

        h.FillsOf(buy).ShouldHaveSingleItem().Price.ShouldBe(40_012.02m); // 40012.010003 rounded up
        h.FillsOf(sell).ShouldHaveSingleItem().Price.ShouldBe(39_988.00m); // 39988.009997 rounded down
    }

    [Fact]
    public void OnBar_LimitBuyTouchedLater_FillsAtTheLimitAsMaker()
    {
        var h = new SimulationHarness(Split);
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Limit(OrderSide.Buy, 1m, 95m);
        h.Feed(1, 100, 101, 94, 96);

        var fill = h.FillsOf(id).ShouldHaveSingleItem();
        fill.Price.ShouldBe(95m);
        fill.IsMaker.ShouldBeTrue();
        fill.Fee.ShouldBe(Fee.InQuote(0.019m)); // 95 × 2 bps maker
        h.LastStatus(id).ShouldBe(ExecutionStatus.Filled);
    }

    [Fact]
    public void OnBar_RestingLimitBuyGappedThrough_FillsAtTheOpenAsMaker()
    {
        var h = new SimulationHarness(Split);
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Limit(OrderSide.Buy, 1m, 95m);
        h.Feed(1, 100, 101, 96, 97);
        h.FillsOf(id).ShouldBeEmpty();
        h.Feed(2, 93, 94, 92, 93);

        var fill = h.FillsOf(id).ShouldHaveSingleItem();
        fill.Price.ShouldBe(93m);
        fill.IsMaker.ShouldBeTrue();
    }

    [Fact]
    public void OnBar_LimitBuyMarketableOnArrival_FillsAtTheOpenAsTaker()
    {
        var h = new SimulationHarness(Split);
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Limit(OrderSide.Buy, 1m, 105m);
        h.Feed(1, 100, 101, 99, 100);

        var fill = h.FillsOf(id).ShouldHaveSingleItem();
        fill.Price.ShouldBe(100m);
        fill.IsMaker.ShouldBeFalse();
        fill.Fee.ShouldBe(Fee.InQuote(0.05m)); // 5 bps taker
    }

    [Theory]
    [InlineData(100, 111, 99, "110")] // touched: the limit
    [InlineData(115, 116, 112, "115")] // gapped through on arrival: the open
    public void OnBar_LimitSell_FillsAtTheLimitOrTheOpen(double open, double high, double low, string expected)
    {
        var h = new SimulationHarness(Split);
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Limit(OrderSide.Sell, 1m, 110m);
        h.Feed(1, open, high, low, low);

        h.FillsOf(id).ShouldHaveSingleItem().Price.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void OnBar_GtcLimitNeverTouched_StaysWorking()
    {
        var h = new SimulationHarness();
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Limit(OrderSide.Buy, 1m, 90m);
        for (var i = 1; i <= 3; i++)
        {
            h.Feed(i, 100, 102, 91, 100);
        }

        h.LastStatus(id).ShouldBe(ExecutionStatus.Accepted);
        h.Exchange.WorkingOrders.ShouldHaveSingleItem().ClientOrderId.ShouldBe(id);
    }

    [Fact]
    public void OnBar_StopMarketBuyTriggered_FillsAtTheStopPlusSlippageAsTaker()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0m, SlippageBps = 10m });
        h.Feed(0, 100, 100, 100, 100);

        var id = h.StopMarket(OrderSide.Buy, 1m, 105m);
        h.Feed(1, 100, 104.9, 99, 104);
        h.FillsOf(id).ShouldBeEmpty();
        h.Feed(2, 104, 106, 103, 105);

        var fill = h.FillsOf(id).ShouldHaveSingleItem();
        fill.Price.ShouldBe(105.105m);
        fill.IsMaker.ShouldBeFalse();
    }

    [Fact]
    public void OnBar_StopMarketSellGappedThrough_FillsAtTheOpen()
    {
        var h = new SimulationHarness();
        h.Feed(0, 100, 100, 100, 100);

        var id = h.StopMarket(OrderSide.Sell, 1m, 95m);
        h.Feed(1, 90, 92, 88, 91);

        h.FillsOf(id).ShouldHaveSingleItem().Price.ShouldBe(90m);
    }

    [Fact]
    public void OnBar_StopLimitTriggeredWithinTheLimit_FillsAtTheStopAsTaker()
    {
        var h = new SimulationHarness(Split);
        h.Feed(0, 100, 100, 100, 100);

        var id = h.StopLimit(OrderSide.Buy, 1m, stop: 105m, limit: 106m);
        h.Feed(1, 100, 107, 99, 106);

        var fill = h.FillsOf(id).ShouldHaveSingleItem();
        fill.Price.ShouldBe(105m);
        fill.IsMaker.ShouldBeFalse();
    }

    [Fact]
    public void OnBar_StopLimitTriggeredIntrabarBeyondTheLimit_RestsAndFillsFromTheNextBar()
    {
        var h = new SimulationHarness(Split);
        h.Feed(0, 100, 100, 100, 100);

        var id = h.StopLimit(OrderSide.Buy, 1m, stop: 105m, limit: 103m);
        h.Feed(1, 100, 107, 99, 106); // triggers at 105; the low came before or after: unknown, so no fill
        h.FillsOf(id).ShouldBeEmpty();
        h.Feed(2, 104, 105, 102, 103);

        var fill = h.FillsOf(id).ShouldHaveSingleItem();
        fill.Price.ShouldBe(103m);
        fill.IsMaker.ShouldBeTrue();
        fill.Time.ShouldBe(Start.AddHours(2));
    }

    [Fact]
    public void OnBar_StopLimitGappedThroughTheStop_RestsFromTheOpenAndFillsInTheSameBar()
    {
        var h = new SimulationHarness(Split);
        h.Feed(0, 100, 100, 100, 100);

        var id = h.StopLimit(OrderSide.Buy, 1m, stop: 105m, limit: 103m);
        h.Feed(1, 108, 109, 102, 104);

        var fill = h.FillsOf(id).ShouldHaveSingleItem();
        fill.Price.ShouldBe(103m);
        fill.IsMaker.ShouldBeTrue();
    }

    [Fact]
    public void OnBar_StopLimitIocNotMarketableAtTheTrigger_Expires()
    {
        var h = new SimulationHarness();
        h.Feed(0, 100, 100, 100, 100);

        var id = h.StopLimit(OrderSide.Sell, 1m, stop: 95m, limit: 96m, TimeInForce.ImmediateOrCancel);
        h.Feed(1, 100, 100, 90, 91);

        h.FillsOf(id).ShouldBeEmpty();
        h.LastStatus(id).ShouldBe(ExecutionStatus.Expired);
        h.Exchange.WorkingOrders.ShouldBeEmpty();
    }

    [Fact]
    public void OnBar_IocLargerThanTheVolumeCap_FillsTheCapAndExpiresTheRest()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0.25m });
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Limit(OrderSide.Buy, 5m, 105m, TimeInForce.ImmediateOrCancel);
        h.Feed(1, 100, 101, 99, 100, volume: 8);

        h.ReportsOf(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted, ExecutionStatus.PartiallyFilled, ExecutionStatus.Expired]);
        var fill = h.FillsOf(id).ShouldHaveSingleItem();
        fill.Quantity.ShouldBe(2m);
        fill.Price.ShouldBe(100m);
        fill.IsMaker.ShouldBeFalse();
    }

    [Fact]
    public void OnBar_IocNotMarketableAtTheOpen_ExpiresEvenIfTheBarLaterTouches()
    {
        var h = new SimulationHarness();
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Limit(OrderSide.Buy, 1m, 95m, TimeInForce.ImmediateOrCancel);
        h.Feed(1, 100, 101, 90, 92);

        h.FillsOf(id).ShouldBeEmpty();
        h.LastStatus(id).ShouldBe(ExecutionStatus.Expired);
    }

    [Fact]
    public void OnBar_FokLargerThanTheVolumeCap_ExpiresWithoutAnyFill()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0.25m });
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Limit(OrderSide.Buy, 5m, 105m, TimeInForce.FillOrKill);
        h.Feed(1, 100, 101, 99, 100, volume: 8);

        h.FillsOf(id).ShouldBeEmpty();
        h.LastStatus(id).ShouldBe(ExecutionStatus.Expired);
        h.Exchange.GetPosition(Btc).ShouldBe(0m);
    }

    [Fact]
    public void OnBar_FokWithinTheVolumeCap_FillsCompletely()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0.25m });
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Limit(OrderSide.Buy, 2m, 105m, TimeInForce.FillOrKill);
        h.Feed(1, 100, 101, 99, 100, volume: 8);

        h.ReportsOf(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted, ExecutionStatus.Filled]);
        h.FillsOf(id).ShouldHaveSingleItem().Quantity.ShouldBe(2m);
    }

    [Fact]
    public void OnBar_OrderLargerThanTheVolumeShare_PartiallyFillsAcrossBars()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0.25m });
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Market(OrderSide.Buy, 5m);
        h.Feed(1, 101, 101, 101, 101, volume: 8);
        h.Feed(2, 102, 102, 102, 102, volume: 0); // no volume, no fill
        h.Feed(3, 103, 103, 103, 103, volume: 8);
        h.Feed(4, 104, 104, 104, 104, volume: 8);

        h.ReportsOf(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted, ExecutionStatus.PartiallyFilled, ExecutionStatus.PartiallyFilled, ExecutionStatus.Filled]);
        h.FillsOf(id).Select(f => (f.Price, f.Quantity)).ShouldBe([(101m, 2m), (103m, 2m), (104m, 1m)]);
        h.Exchange.GetPosition(Btc).ShouldBe(5m);
        h.Exchange.WorkingOrders.ShouldBeEmpty();
    }

    [Fact]
    public void OnBar_VolumeCapWithInstrument_RoundsTheFillDownToTheStep()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0.25m, Instruments = new Dictionary<TradingPair, Instrument> { [Btc] = BtcSpot } });
        h.Feed(0, 40_000, 40_000, 40_000, 40_000);

        var id = h.Market(OrderSide.Buy, 1m);
        h.Feed(1, 40_000, 40_000, 40_000, 40_000, volume: 1.234567);

        h.FillsOf(id).ShouldHaveSingleItem().Quantity.ShouldBe(0.30864m);
        h.LastStatus(id).ShouldBe(ExecutionStatus.PartiallyFilled);
    }

    [Fact]
    public void OnBar_TakerFeeInQuote_IsTheNotionalTimesTheRate()
    {
        var h = new SimulationHarness();
        h.Feed(0, 40_000, 40_000, 40_000, 40_000);

        var id = h.Market(OrderSide.Buy, 0.5m);
        h.Feed(1, 40_000, 40_100, 39_900, 40_050);

        h.FillsOf(id).ShouldHaveSingleItem().Fee.ShouldBe(Fee.InQuote(20m)); // 20,000 × 10 bps
    }

    [Fact]
    public void OnBar_BaseAssetFee_BuysPayInBaseAndSellsInQuote()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0m, FeeAsset = FeeAsset.Base });
        h.Feed(0, 100, 100, 100, 100);

        var buy = h.Market(OrderSide.Buy, 2m);
        h.Feed(1, 100, 100, 100, 100);
        var sell = h.Market(OrderSide.Sell, 1m);
        h.Feed(2, 110, 110, 110, 110);

        h.FillsOf(buy).ShouldHaveSingleItem().Fee.ShouldBe(Fee.InBase(0.002m));
        h.FillsOf(sell).ShouldHaveSingleItem().Fee.ShouldBe(Fee.InQuote(0.11m));
        h.Exchange.GetPosition(Btc).ShouldBe(0.998m); // 2 − 0.002 received − 1 sold
    }

    [Fact]
    public void OnBar_FillsOfAnOrder_HaveUniqueTradeIdsAndTheOrdersSleeve()
    {
        var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0.5m });
        h.Feed(0, 100, 100, 100, 100);

        var id = h.Send(OrderRequest.Market(h.NextId(), Btc, OrderSide.Buy, 4m) with { Strategy = new StrategyId("trend") });
        h.Feed(1, 100, 100, 100, 100, volume: 4);
        h.Feed(2, 100, 100, 100, 100, volume: 4);

        var fills = h.FillsOf(id);
        fills.Select(f => f.TradeId).ShouldBe(["sim-1", "sim-2"]);
        fills.ShouldAllBe(f => f.Sleeve == new StrategyId("trend"));
    }

    [Fact]
    public void OnBar_SameInputsTwice_GiveTheSameReports()
    {
        static List<ExecutionReport> Run()
        {
            var h = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0.3m, SlippageBps = 7m, VolumeShareSlippage = 0.05m });
            h.Feed(0, 100, 100, 100, 100);
            h.Market(OrderSide.Buy, 3m);
            h.Limit(OrderSide.Sell, 2m, 104m);
            h.StopMarket(OrderSide.Sell, 1m, 97m);
            h.Feed(1, 101, 105, 96, 99, volume: 5);
            h.Feed(2, 99, 103, 98, 102, volume: 5);
            h.Feed(3, 102, 106, 101, 105, volume: 5);
            return h.Sink.Reports;
        }

        var first = Run();
        first.Count(r => r.Fill is not null).ShouldBeGreaterThan(3);
        Run().ShouldBe(first);
    }

    [Fact]
    public void OnBar_BarOutOfOrder_Throws()
    {
        var h = new SimulationHarness();
        h.Feed(1, 100, 100, 100, 100);

        Should.Throw<ArgumentException>(() => h.Exchange.OnBar(Bar(1, 100, 100, 100, 100)));
        Should.Throw<ArgumentException>(() => h.Exchange.OnBar(Bar(0, 100, 100, 100, 100)));
    }
}
