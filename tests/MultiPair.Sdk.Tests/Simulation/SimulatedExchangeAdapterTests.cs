using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Simulation;

namespace MultiPair.Sdk.Tests.Simulation;

public sealed class SimulatedExchangeAdapterTests
{
    private static (SimulationHarness Sim, SimulatedExchangeAdapter Adapter) Create()
    {
        var sim = new SimulationHarness(new SimulatedExchangeOptions
        {
            MaxVolumeShare = 0m,
            Instruments = new Dictionary<TradingPair, Instrument> { [SimulationHarness.Btc] = SimulationHarness.BtcSpot },
        });
        sim.Feed(0, 100, 101, 99, 100);
        return (sim, new SimulatedExchangeAdapter(sim.Exchange));
    }

    [Fact]
    public async Task Refusals_carry_the_same_error_kinds_as_a_real_adapter_and_leave_no_order_behind()
    {
        var (_, adapter) = Create();
        var tooSmall = await adapter.PlaceOrderAsync(OrderRequest.Market(new ClientOrderId("a"), SimulationHarness.Btc, OrderSide.Buy, 0.01m));
        tooSmall.Error.ShouldNotBeNull().Kind.ShouldBe(ExchangeErrorKind.FilterFailure);
        tooSmall.Error.Filter.ShouldBe("NOTIONAL");
        (await adapter.GetOrderAsync(SimulationHarness.Btc, new ClientOrderId("a"))).Error!.Kind.ShouldBe(ExchangeErrorKind.UnknownOrder);

        var unlisted = await adapter.PlaceOrderAsync(OrderRequest.Market(new ClientOrderId("b"), new TradingPair("ETH", "USDT"), OrderSide.Buy, 1m));
        unlisted.Error.ShouldNotBeNull().Kind.ShouldBe(ExchangeErrorKind.UnknownSymbol);

        var ok = await adapter.PlaceOrderAsync(OrderRequest.Limit(new ClientOrderId("c"), SimulationHarness.Btc, OrderSide.Buy, 1m, 90m));
        ok.Value.Status.ShouldBe(ExecutionStatus.Accepted);
        var again = await adapter.PlaceOrderAsync(OrderRequest.Limit(new ClientOrderId("c"), SimulationHarness.Btc, OrderSide.Buy, 1m, 90m));
        again.Error.ShouldNotBeNull().Kind.ShouldBe(ExchangeErrorKind.DuplicateClientOrderId);
        (await adapter.GetOpenOrdersAsync()).Value.ShouldHaveSingleItem().ClientOrderId.ShouldBe(new ClientOrderId("c"));

        (await adapter.CancelOrderAsync(SimulationHarness.Btc, new ClientOrderId("c"))).Value.Status.ShouldBe(ExecutionStatus.Cancelled);
        (await adapter.CancelOrderAsync(SimulationHarness.Btc, new ClientOrderId("c"))).Error!.Kind.ShouldBe(ExchangeErrorKind.UnknownOrder);
        (await adapter.GetOpenOrdersAsync()).Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task Fills_become_trades_with_increasing_ids_pushed_to_subscribers_and_listed_by_pair()
    {
        var (sim, adapter) = Create();
        var updates = new List<OrderUpdate>();
        await using var subscription = (await adapter.SubscribeToOrderUpdatesAsync(updates.Add)).Value;
        await adapter.PlaceOrderAsync(OrderRequest.Market(new ClientOrderId("m1"), SimulationHarness.Btc, OrderSide.Buy, 1m));
        await adapter.PlaceOrderAsync(OrderRequest.Market(new ClientOrderId("m2"), SimulationHarness.Btc, OrderSide.Buy, 2m));
        sim.Feed(1, 102, 103, 101, 102);

        updates.Where(u => u.Trade is not null).Select(u => u.Trade!.TradeId).ShouldBe(["1", "2"]);
        var order = (await adapter.GetOrderAsync(SimulationHarness.Btc, new ClientOrderId("m2"))).Value;
        order.Status.ShouldBe(ExecutionStatus.Filled);
        order.FilledQuantity.ShouldBe(2m);
        order.AveragePrice.ShouldBe(102m);
        var trades = (await adapter.GetTradesAsync(SimulationHarness.Btc, fromTradeId: 2)).Value;
        trades.ShouldHaveSingleItem().ExchangeOrderId.ShouldBe(order.ExchangeOrderId);
        trades[0].ClientOrderId.ShouldBeNull("like Binance's trade list, which names only the exchange order id");
        trades[0].Fee.ShouldBe(0.204m);
        trades[0].FeeAsset.ShouldBe("USDT");
    }
}
