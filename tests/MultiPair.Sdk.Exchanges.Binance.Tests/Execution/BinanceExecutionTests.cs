using Microsoft.Extensions.DependencyInjection;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;
using MultiPair.Sdk.Exchanges.Binance.Tests.Rest;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Execution;

/// <summary>The exchange-independent <see cref="OrderExecutor"/> on the Binance adapter and user data stream, against the fake server's faults.</summary>
public sealed class BinanceExecutionTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");

    public static TheoryData<string> Faults => ["5xx-after-accept", "timeout-after-accept", "drop-after-accept", "-1007"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_placement_whose_answer_is_lost_is_resolved_by_query_placed_once_and_its_fill_counted_once(string fault)
    {
        await using var run = await Run.StartAsync(MarketType.Spot, o => o.RequestTimeout = TimeSpan.FromMilliseconds(1500));
        run.Server.InjectFault("/api/v3/order", fault switch
        {
            "5xx-after-accept" => FakeFault.ServerErrorAfterAccept(),
            "timeout-after-accept" => FakeFault.DelayAfterAccept(TimeSpan.FromSeconds(4)),
            "drop-after-accept" => FakeFault.DropConnectionAfterAccept(),
            _ => FakeFault.BackendTimeout(),
        }, method: "POST");

        var id = run.Send(OrderRequest.Market(new ClientOrderId("mp-fault-1"), Btc, OrderSide.Buy, 0.01m));
        await run.WaitFinalAsync(id);
        await run.Executor.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));

        run.Server.PlacementCount(id.Value).ShouldBe(1);
        run.Executor.GetSendCounts()[id].ShouldBe(1);
        run.Server.RequestsTo("/api/v3/order").ShouldBeGreaterThanOrEqualTo(2, "the outcome was resolved by querying the order");
        run.Sink.Of(id)[^1].Status.ShouldBe(ExecutionStatus.Filled);
        var fills = run.Sink.FillsOf(id);
        fills.Sum(f => f.Quantity).ShouldBe(0.01m);
        fills.Select(f => f.TradeId).Distinct(StringComparer.Ordinal).Count().ShouldBe(fills.Count);
        run.Server.RestTrades.Where(t => t.OrderId == run.Server.FindOrder(id.Value)!.OrderId).Sum(t => t.Quantity).ShouldBe(0.01m);
    }

    [Fact]
    public async Task Partial_fills_duplicate_and_reordered_execution_reports_are_counted_once()
    {
        await using var run = await Run.StartAsync(MarketType.Spot);
        var id = run.Send(OrderRequest.Limit(new ClientOrderId("mp-limit-1"), Btc, OrderSide.Buy, 0.01m, 39_000m));
        await RestHarness.WaitUntilAsync(() => run.Sink.Of(id).Count >= 1, "the order is accepted");

        var first = run.Server.FillOrder(id.Value, 0.004m, 39_000m);
        var second = run.Server.FillOrder(id.Value, 0.006m, 39_000m);
        var order = run.Server.FindOrder(id.Value)!;
        run.Server.PushOrderChange(order with { ExecutionType = "TRADE" }, second); // repeats, the later trade first
        run.Server.PushOrderChange(order with { ExecutionType = "TRADE" }, first);
        await run.WaitFinalAsync(id);
        await run.Executor.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));

        run.Sink.Of(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted, ExecutionStatus.PartiallyFilled, ExecutionStatus.Filled]);
        run.Sink.FillsOf(id).Select(f => f.Quantity).ShouldBe([0.004m, 0.006m]);
    }

    [Fact]
    public async Task A_fill_while_the_user_data_socket_is_down_is_fetched_over_rest_after_the_reconnect()
    {
        await using var run = await Run.StartAsync(MarketType.Spot);
        var id = run.Send(OrderRequest.Limit(new ClientOrderId("mp-drop-1"), Btc, OrderSide.Buy, 0.01m, 39_000m));
        await RestHarness.WaitUntilAsync(() => run.Sink.Of(id).Count >= 1, "the order is accepted");

        run.Server.DropAllConnections();
        run.Server.FillOrder(id.Value, 0.01m, 39_000m);
        await run.WaitFinalAsync(id);

        run.Sink.FillsOf(id).ShouldHaveSingleItem().Quantity.ShouldBe(0.01m);
        await RestHarness.WaitUntilAsync(() => !run.Executor.IsReconciling, "the reconciliation ends");
        run.Server.PlacementCount(id.Value).ShouldBe(1);
    }

    [Fact]
    public async Task Futures_an_expired_listen_key_is_replaced_and_fills_keep_arriving_once()
    {
        await using var run = await Run.StartAsync(MarketType.LinearPerpetual);
        var first = run.Send(OrderRequest.Market(new ClientOrderId("mp-fut-1"), Btc, OrderSide.Buy, 0.01m));
        await run.WaitFinalAsync(first);
        var creates = run.Server.ListenKeyCreates;

        run.Server.ExpireListenKey(notify: true);
        await RestHarness.WaitUntilAsync(() => run.Server.ListenKeyCreates > creates && run.Server.UserDataConnections.Count > 0, "a new listen key is connected");
        var second = run.Send(OrderRequest.Market(new ClientOrderId("mp-fut-2"), Btc, OrderSide.Sell, 0.01m, reduceOnly: true));
        await run.WaitFinalAsync(second);

        run.Sink.FillsOf(first).ShouldHaveSingleItem();
        run.Sink.FillsOf(second).ShouldHaveSingleItem();
        run.Server.PositionAmount("BTCUSDT").ShouldBe(0m);
        run.Server.PlacementCount(first.Value).ShouldBe(1);
        run.Server.PlacementCount(second.Value).ShouldBe(1);
    }

    [Fact]
    public async Task A_rejected_order_is_final_with_the_filter_named_and_nothing_rests_on_the_exchange()
    {
        await using var run = await Run.StartAsync(MarketType.Spot);
        var id = run.Send(OrderRequest.Market(new ClientOrderId("mp-lot-1"), Btc, OrderSide.Buy, 0.0000001m));
        var report = await run.WaitFinalAsync(id);

        report.Status.ShouldBe(ExecutionStatus.Rejected);
        report.Reason.ShouldNotBeNull().ShouldContain("FilterFailure");
        run.Executor.GetSendCounts()[id].ShouldBe(1);
        run.Server.FindOrder(id.Value).ShouldBeNull();
    }

    private sealed class Run : IAsyncDisposable
    {
        private readonly RestHarness _harness;

        private Run(RestHarness harness, OrderExecutor executor)
        {
            _harness = harness;
            Executor = executor;
        }

        public FakeBinanceServer Server => _harness.Server;

        public OrderExecutor Executor { get; }

        public Sink Sink { get; } = new();

        public static async Task<Run> StartAsync(MarketType market, Action<BinanceOptions>? configure = null)
        {
            var harness = await RestHarness.StartAsync(market, configure: configure);
            harness.Server.SetLastPrice("BTCUSDT", 40_000m);
            harness.Server.SetSpotBalance("USDT", 1_000_000m);
            harness.Server.SetFuturesWallet(1_000_000m);
            (await harness.Adapter.GetInstrumentsAsync()).Success.ShouldBeTrue();
            var executor = new OrderExecutor(harness.Adapter, new OrderExecutorOptions
            {
                QueryDelay = TimeSpan.FromMilliseconds(20),
                MaxQueryDelay = TimeSpan.FromMilliseconds(200),
                UnknownOrderGracePeriod = TimeSpan.FromMilliseconds(300),
                FillSyncDelay = TimeSpan.FromMilliseconds(200),
                RetryDelay = TimeSpan.FromMilliseconds(20),
            });
            var attached = await executor.AttachUserDataStreamAsync(harness.Services.GetRequiredService<IUserDataStreamApi>());
            attached.Success.ShouldBeTrue(attached.Error?.ToString());
            return new Run(harness, executor);
        }

        public ClientOrderId Send(OrderRequest order)
        {
            Executor.Send(order, Sink);
            return order.ClientOrderId;
        }

        public async Task<ExecutionReport> WaitFinalAsync(ClientOrderId id)
        {
            await RestHarness.WaitUntilAsync(() => Sink.Of(id).Any(r => r.IsFinal), $"{id} ends");
            return Sink.Of(id).First(r => r.IsFinal);
        }

        public async ValueTask DisposeAsync()
        {
            await Executor.DisposeAsync();
            await _harness.DisposeAsync();
        }
    }

    private sealed class Sink : IExecutionSink
    {
        private readonly List<ExecutionReport> _reports = [];

        public void Report(ExecutionReport report)
        {
            lock (_reports)
            {
                _reports.Add(report);
            }
        }

        public List<ExecutionReport> Of(ClientOrderId id)
        {
            lock (_reports)
            {
                return [.. _reports.Where(r => r.ClientOrderId == id)];
            }
        }

        public List<Fill> FillsOf(ClientOrderId id) => [.. Of(id).Where(r => r.Fill is not null).Select(r => r.Fill!)];
    }
}
