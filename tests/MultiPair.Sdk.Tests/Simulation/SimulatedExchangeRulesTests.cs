using Microsoft.Extensions.Options;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Simulation;
using static MultiPair.Sdk.Tests.Simulation.SimulationHarness;

namespace MultiPair.Sdk.Tests.Simulation;

public sealed class SimulatedExchangeRulesTests
{
    private static readonly TradingPair Eth = new("ETH", "USDT");

    private static SimulationHarness WithBinanceFilters() =>
        new(new SimulatedExchangeOptions { MaxVolumeShare = 0m, Instruments = new Dictionary<TradingPair, Instrument> { [Btc] = BtcSpot } });

    private static ExecutionReport RejectionOf(SimulationHarness h, ClientOrderId id)
    {
        var report = h.ReportsOf(id).ShouldHaveSingleItem();
        report.Status.ShouldBe(ExecutionStatus.Rejected);
        report.Reason.ShouldNotBeNull();
        return report;
    }

    [Theory]
    [InlineData("0.001", "40000.005", "PRICE_FILTER", "TickSize")]
    [InlineData("0.000015", "40000", "LOT_SIZE", "StepSize")]
    [InlineData("0.000001", "40000", "LOT_SIZE", "MinQuantity")]
    [InlineData("10000", "40000", "LOT_SIZE", "MaxQuantity")]
    [InlineData("0.0002", "40000", "NOTIONAL", "MinNotional")]
    [InlineData("0.001", "0.001", "PRICE_FILTER", "MinPrice")]
    public void Send_LimitOrderBreakingABinanceFilter_IsRejectedNamingTheFilter(string quantity, string price, string binanceFilter, string filter)
    {
        var h = WithBinanceFilters();

        var id = h.Limit(OrderSide.Buy, Dec(quantity), Dec(price));

        var reason = RejectionOf(h, id).Reason!;
        reason.ShouldStartWith($"Filter failure: {binanceFilter}.");
        reason.ShouldContain($"BTC/USDT {filter}:");
        h.Exchange.WorkingOrders.ShouldBeEmpty();
    }

    [Fact]
    public void Send_LimitOrderPassingEveryFilter_IsAccepted()
    {
        var h = WithBinanceFilters();

        var id = h.Limit(OrderSide.Buy, 0.00025m, 40_000.01m); // notional 10.0000025

        h.LastStatus(id).ShouldBe(ExecutionStatus.Accepted);
    }

    [Fact]
    public void Send_StopLimitWithTheStopOffTheTick_IsRejectedForTheTickSize()
    {
        var h = WithBinanceFilters();

        var id = h.StopLimit(OrderSide.Sell, 0.001m, stop: 39_000.001m, limit: 38_990m);

        RejectionOf(h, id).Reason!.ShouldContain("TickSize");
    }

    [Fact]
    public void Send_MarketOrder_IsCheckedForMinNotionalAtTheLastClose()
    {
        var h = WithBinanceFilters();
        var early = h.Market(OrderSide.Buy, 0.001m);
        RejectionOf(h, early).Reason!.ShouldContain("No market price");

        h.Feed(0, 40_000, 40_000, 40_000, 40_000);
        var small = h.Market(OrderSide.Buy, 0.0002m); // 8 USDT
        var enough = h.Market(OrderSide.Buy, 0.0003m); // 12 USDT

        RejectionOf(h, small).Reason!.ShouldStartWith("Filter failure: NOTIONAL.");
        h.LastStatus(enough).ShouldBe(ExecutionStatus.Accepted);
    }

    [Fact]
    public void Send_PairWithoutAnInstrument_IsRejectedAsAnInvalidSymbol()
    {
        var h = WithBinanceFilters();

        var id = h.Send(OrderRequest.Limit(h.NextId(), Eth, OrderSide.Buy, 1m, 2_000m));

        RejectionOf(h, id).Reason!.ShouldStartWith("Invalid symbol: ETH/USDT");
    }

    [Fact]
    public void Send_ReduceOnlyPerpetualBelowMinNotional_IsAccepted()
    {
        var perp = new Instrument(Btc, MarketType.LinearPerpetual, 0.1m, 0.001m, minQuantity: 0.001m, minNotional: 100m);
        var h = new SimulationHarness(new SimulatedExchangeOptions { Instruments = new Dictionary<TradingPair, Instrument> { [Btc] = perp } });
        h.Exchange.SetPosition(Btc, 0.002m);
        h.Feed(0, 40_000, 40_000, 40_000, 40_000);

        var plain = h.Market(OrderSide.Sell, 0.002m);
        var reducing = h.Market(OrderSide.Sell, 0.002m, reduceOnly: true);

        RejectionOf(h, plain).Reason!.ShouldStartWith("Filter failure: MIN_NOTIONAL.");
        h.LastStatus(reducing).ShouldBe(ExecutionStatus.Accepted);
    }

    [Fact]
    public void Send_IdOfAWorkingOrder_IsRejectedAsDuplicate()
    {
        var h = new SimulationHarness();
        var order = OrderRequest.Limit(new ClientOrderId("dup-1"), Btc, OrderSide.Buy, 1m, 90m);
        h.Send(order);

        h.Exchange.Send(order with { }, h.Sink);

        h.ReportsOf(order.ClientOrderId).Select(r => (r.Status, r.Reason)).ShouldBe([(ExecutionStatus.Accepted, null), (ExecutionStatus.Rejected, "Duplicate order sent.")]);
        h.Exchange.WorkingOrders.ShouldHaveSingleItem();
    }

    [Fact]
    public void Send_IdOfACancelledOrder_IsAcceptedAgain()
    {
        var h = new SimulationHarness();
        var order = OrderRequest.Limit(new ClientOrderId("again-1"), Btc, OrderSide.Buy, 1m, 90m);
        h.Send(order);
        h.Exchange.Cancel(order.ClientOrderId, h.Sink);

        h.Send(order);

        h.LastStatus(order.ClientOrderId).ShouldBe(ExecutionStatus.Accepted);
    }

    [Fact]
    public void Cancel_WorkingOrder_ReportsCancelledAndItNeverFills()
    {
        var h = new SimulationHarness();
        h.Feed(0, 100, 100, 100, 100);
        var id = h.Limit(OrderSide.Buy, 1m, 95m);

        h.Exchange.Cancel(id, h.Sink);
        h.Feed(1, 100, 100, 90, 92);

        h.ReportsOf(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted, ExecutionStatus.Cancelled]);
        h.ReportsOf(id)[^1].Time.ShouldBe(Start.AddHours(1));
        h.Exchange.WorkingOrders.ShouldBeEmpty();
    }

    [Fact]
    public void Cancel_UnknownOrder_IsRejectedAsUnknown()
    {
        var h = new SimulationHarness();

        h.Exchange.Cancel(new ClientOrderId("nope"), h.Sink);

        var report = h.Sink.Reports.ShouldHaveSingleItem();
        report.Status.ShouldBe(ExecutionStatus.Rejected);
        report.Reason.ShouldBe("Unknown order sent.");
    }

    [Fact]
    public void Cancel_FilledOrder_IsRejectedAsUnknown()
    {
        var h = new SimulationHarness();
        h.Feed(0, 100, 100, 100, 100);
        var id = h.Market(OrderSide.Buy, 1m);
        h.Feed(1, 100, 100, 100, 100);

        h.Exchange.Cancel(id, h.Sink);

        h.ReportsOf(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted, ExecutionStatus.Filled, ExecutionStatus.Rejected]);
        h.ReportsOf(id)[^1].Reason.ShouldBe("Unknown order sent.");
    }

    [Fact]
    public void Send_ReduceOnlyWhenFlat_IsRejected()
    {
        var h = new SimulationHarness();

        var id = h.Market(OrderSide.Sell, 1m, reduceOnly: true);

        RejectionOf(h, id).Reason!.ShouldStartWith("ReduceOnly Order is rejected.");
    }

    [Fact]
    public void Send_ReduceOnlyOnThePositionsSide_IsRejected()
    {
        var h = new SimulationHarness();
        h.Exchange.SetPosition(Btc, 1m);

        var id = h.Market(OrderSide.Buy, 1m, reduceOnly: true);

        RejectionOf(h, id).Reason!.ShouldStartWith("ReduceOnly Order is rejected.");
    }

    [Fact]
    public void OnBar_ReduceOnlyLargerThanThePosition_FillsThePositionAndExpiresTheRest()
    {
        var h = new SimulationHarness();
        h.Feed(0, 100, 100, 100, 100);
        h.Market(OrderSide.Buy, 1m);
        h.Feed(1, 100, 100, 100, 100);

        var id = h.Market(OrderSide.Sell, 3m, reduceOnly: true);
        h.Feed(2, 101, 101, 101, 101);

        h.ReportsOf(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted, ExecutionStatus.PartiallyFilled, ExecutionStatus.Expired]);
        h.FillsOf(id).ShouldHaveSingleItem().Quantity.ShouldBe(1m);
        h.Exchange.GetPosition(Btc).ShouldBe(0m);
    }

    [Fact]
    public void OnBar_BarTouchesStopLossAndTakeProfit_StopFillsFirstAndTheTakeProfitIsCancelled()
    {
        var h = new SimulationHarness();
        h.Feed(0, 100, 100, 100, 100);
        h.Market(OrderSide.Buy, 1m);
        h.Feed(1, 100, 100, 100, 100);
        var position = new PositionId("pos-1");

        // The take-profit is sent first: the order within the bar does not depend on acceptance order.
        var takeProfit = h.Send(OrderRequest.Limit(h.NextId(), Btc, OrderSide.Sell, 1m, 110m) with { PositionId = position });
        var stopLoss = h.Send(new OrderRequest(h.NextId(), Btc, OrderSide.Sell, OrderType.StopMarket, 1m, stopPrice: 95m) { PositionId = position });
        h.Feed(2, 100, 112, 94, 105);

        h.FillsOf(stopLoss).ShouldHaveSingleItem().Price.ShouldBe(95m);
        h.FillsOf(takeProfit).ShouldBeEmpty();
        var cancelled = h.ReportsOf(takeProfit)[^1];
        cancelled.Status.ShouldBe(ExecutionStatus.Cancelled);
        cancelled.Reason!.ShouldContain("One-cancels-other");
        h.Exchange.GetPosition(Btc).ShouldBe(0m);
        h.Exchange.WorkingOrders.ShouldBeEmpty();
    }

    [Fact]
    public void OnBar_BarTouchesReduceOnlyStopAndTakeProfit_StopFillsAndTheTakeProfitExpires()
    {
        var h = new SimulationHarness();
        h.Exchange.SetPosition(Btc, -2m); // a short
        h.Feed(0, 100, 100, 100, 100);

        var takeProfit = h.Send(new OrderRequest(h.NextId(), Btc, OrderSide.Buy, OrderType.Limit, 2m, price: 90m, reduceOnly: true));
        var stopLoss = h.Send(new OrderRequest(h.NextId(), Btc, OrderSide.Buy, OrderType.StopMarket, 2m, stopPrice: 105m, reduceOnly: true));
        h.Feed(1, 100, 106, 89, 100);

        h.FillsOf(stopLoss).ShouldHaveSingleItem().Price.ShouldBe(105m);
        h.FillsOf(takeProfit).ShouldBeEmpty();
        h.LastStatus(takeProfit).ShouldBe(ExecutionStatus.Expired);
        h.Exchange.GetPosition(Btc).ShouldBe(0m);
    }

    [Fact]
    public void OnBar_TakeProfitFillsCompletely_CancelsThePositionsStop()
    {
        var h = new SimulationHarness();
        h.Exchange.SetPosition(Btc, 1m);
        h.Feed(0, 100, 100, 100, 100);
        var position = new PositionId("pos-2");

        var takeProfit = h.Send(OrderRequest.Limit(h.NextId(), Btc, OrderSide.Sell, 1m, 110m) with { PositionId = position });
        var stopLoss = h.Send(new OrderRequest(h.NextId(), Btc, OrderSide.Sell, OrderType.StopMarket, 1m, stopPrice: 95m) { PositionId = position });
        h.Feed(1, 100, 111, 99, 108);

        h.FillsOf(takeProfit).ShouldHaveSingleItem().Price.ShouldBe(110m);
        h.LastStatus(stopLoss).ShouldBe(ExecutionStatus.Cancelled);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingEveryProblem()
    {
        var options = new SimulatedExchangeOptions
        {
            TakerFeeBps = -1m,
            MakerFeeBps = 2_000m,
            FeeAsset = (FeeAsset)9,
            SlippageBps = -0.5m,
            VolumeShareSlippage = 2m,
            MaxVolumeShare = 1.5m,
            Latency = TimeSpan.FromSeconds(-1),
            Instruments = new Dictionary<TradingPair, Instrument> { [Eth] = BtcSpot },
        };

        options.Validate().Count.ShouldBe(8);
        var exception = Should.Throw<OptionsValidationException>(() => new SimulatedExchange(options));
        exception.Failures.Count().ShouldBe(8);
        exception.Failures.ShouldContain(f => f.Contains("MaxVolumeShare", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DefaultOptions_HasNoProblemsAndBinanceSpotFees()
    {
        var options = new SimulatedExchangeOptions();

        options.Validate().ShouldBeEmpty();
        options.TakerFeeBps.ShouldBe(10m);
        options.MakerFeeBps.ShouldBe(10m);
        options.FeeAsset.ShouldBe(FeeAsset.Quote);
        options.MaxVolumeShare.ShouldBe(0.25m);
        options.Latency.ShouldBe(TimeSpan.Zero);
    }

    private static decimal Dec(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
