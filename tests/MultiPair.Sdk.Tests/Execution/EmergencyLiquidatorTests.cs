using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Tests.Simulation;

namespace MultiPair.Sdk.Tests.Execution;

public sealed class EmergencyLiquidatorTests
{
    private static readonly TradingPair Eth = new("ETH", "USDT");

    [Fact]
    public async Task Futures_every_resting_order_is_cancelled_also_without_a_position_and_every_position_is_closed_reduce_only()
    {
        var sim = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0m });
        var adapter = new SimulatedExchangeAdapter(sim.Exchange, MarketType.LinearPerpetual);
        await using var executor = new OrderExecutor(adapter, ExecutorHarness.Fast());
        await executor.AttachUserDataStreamAsync(adapter);
        sim.Feed(0, 100, 101, 99, 100);
        sim.Feed(0, 10, 11, 9, 10, pair: Eth);
        var longBtc = executor.SubmitAsync(OrderRequest.Market(new ClientOrderId("long-btc"), SimulationHarness.Btc, OrderSide.Buy, 2m));
        executor.Send(OrderRequest.Market(new ClientOrderId("short-eth"), Eth, OrderSide.Sell, 5m), new ConcurrentSink());
        executor.Send(OrderRequest.Limit(new ClientOrderId("rest-eth"), Eth, OrderSide.Buy, 1m, 5m), new ConcurrentSink());
        await executor.WhenIdleAsync();
        sim.Feed(1, 102, 103, 101, 102);
        sim.Feed(1, 10, 11, 9, 10, pair: Eth);
        await executor.WhenIdleAsync();
        (await longBtc.WaitAsync(TimeSpan.FromSeconds(5))).Status.ShouldBe(ExecutionStatus.Filled);
        executor.Send(OrderRequest.Limit(new ClientOrderId("rest-btc"), SimulationHarness.Btc, OrderSide.Buy, 1m, 50m), new ConcurrentSink());
        await executor.WhenIdleAsync();
        (await adapter.GetPositionsAsync()).Value.Count.ShouldBe(2);

        var liquidator = new EmergencyLiquidator(adapter, executor, adapter) { RoundDelay = TimeSpan.Zero };
        var run = liquidator.LiquidateAsync();
        await WaitUntil(() => executor.GetSendCounts().Keys.Count(k => k.Value.StartsWith("mpliq", StringComparison.Ordinal)) == 2);
        sim.Feed(2, 104, 105, 103, 104);
        sim.Feed(2, 11, 12, 10, 11, pair: Eth);
        var report = await run.WaitAsync(TimeSpan.FromSeconds(10));

        report.IsFlat.ShouldBeTrue();
        report.Orders.Where(o => o.Action == LiquidationAction.Cancel).Select(o => o.ClientOrderId.Value).Order(StringComparer.Ordinal).ShouldBe(["rest-btc", "rest-eth"]);
        var closes = report.Orders.Where(o => o.Action == LiquidationAction.Close).ToList();
        closes.Count.ShouldBe(2);
        closes.ShouldAllBe(c => c.Success);
        (await adapter.GetPositionsAsync()).Value.ShouldBeEmpty();
        (await adapter.GetOpenOrdersAsync()).Value.ShouldBeEmpty();
        var closing = closes.Select(c => executor.GetOrder(c.ClientOrderId)!).ToList();
        closing.ShouldAllBe(o => o.ReduceOnly);
        closing.Single(o => o.Pair == Eth).Side.ShouldBe(OrderSide.Buy);
    }

    [Fact]
    public async Task Spot_holdings_given_by_the_ledger_are_sold_and_the_report_says_flat()
    {
        var sim = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0m });
        var adapter = new SimulatedExchangeAdapter(sim.Exchange);
        await using var executor = new OrderExecutor(adapter, ExecutorHarness.Fast());
        await executor.AttachUserDataStreamAsync(adapter);
        sim.Feed(0, 100, 101, 99, 100);
        var liquidator = new EmergencyLiquidator(adapter, executor) { RoundDelay = TimeSpan.Zero };
        var run = liquidator.LiquidateAsync(new Dictionary<TradingPair, decimal> { [SimulationHarness.Btc] = 0.5m });
        await WaitUntil(() => executor.GetSendCounts().Count == 1);
        sim.Feed(1, 102, 103, 101, 102);

        var report = await run.WaitAsync(TimeSpan.FromSeconds(10));
        report.IsFlat.ShouldBeTrue();
        var close = report.Orders.ShouldHaveSingleItem();
        close.Action.ShouldBe(LiquidationAction.Close);
        close.Quantity.ShouldBe(0.5m);
        adapter.GetAllTrades().ShouldHaveSingleItem().Side.ShouldBe(OrderSide.Sell);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().ShouldBeTrue();
    }
}
