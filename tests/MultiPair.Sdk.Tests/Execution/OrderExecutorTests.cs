using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Tests.Simulation;

namespace MultiPair.Sdk.Tests.Execution;

public sealed class OrderExecutorTests
{
    [Fact]
    public async Task A_market_order_is_accepted_then_filled_once_at_the_next_bar()
    {
        await using var h = new ExecutorHarness();
        await h.AttachAsync();
        h.Sim.Feed(0, 100, 101, 99, 100);
        var id = h.Market(OrderSide.Buy, 1m);
        await h.IdleAsync();
        h.Sink.Of(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted]);

        h.Sim.Feed(1, 102, 103, 101, 102);
        await h.IdleAsync();
        h.Sink.Of(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted, ExecutionStatus.Filled]);
        h.Sink.FillsOf(id).ShouldHaveSingleItem().Price.ShouldBe(102m);
        h.PlacedOnExchange(id).ShouldBe(1);
    }

    [Theory]
    [InlineData(PlaceFault.AcceptThenUnknown)]
    [InlineData(PlaceFault.AcceptThenDuplicate)]
    [InlineData(PlaceFault.AcceptThenThrow)]
    public async Task An_order_the_exchange_accepted_but_whose_answer_was_lost_is_resolved_by_query_and_never_sent_again(PlaceFault fault)
    {
        await using var h = new ExecutorHarness();
        await h.AttachAsync();
        h.Sim.Feed(0, 100, 101, 99, 100);
        h.Api.Fail(fault);
        var id = h.Market(OrderSide.Buy, 1m);
        await h.IdleAsync();
        h.Sim.Feed(1, 102, 103, 101, 102);
        await h.IdleAsync();

        h.PlacedOnExchange(id).ShouldBe(1);
        h.Executor.GetSendCounts()[id].ShouldBe(1);
        h.Api.Calls.Count(c => string.Equals(c.Call, "query", StringComparison.Ordinal) && c.Id == id).ShouldBeGreaterThanOrEqualTo(1);
        h.Sink.FillsOf(id).ShouldHaveSingleItem().Quantity.ShouldBe(1m);
        h.Sink.Of(id)[^1].Status.ShouldBe(ExecutionStatus.Filled);
    }

    [Fact]
    public async Task An_order_lost_before_the_exchange_is_resent_only_after_repeated_not_found_answers_over_the_grace_period()
    {
        var options = ExecutorHarness.Fast();
        options.UnknownOrderConfirmations = 3;
        await using var h = new ExecutorHarness(options);
        await h.AttachAsync();
        h.Sim.Feed(0, 100, 101, 99, 100);
        h.Api.Fail(PlaceFault.LostThenUnknown);
        var id = h.Market(OrderSide.Buy, 1m);
        await h.IdleAsync();

        h.Executor.GetSendCounts()[id].ShouldBe(2);
        h.PlacedOnExchange(id).ShouldBe(1);
        var calls = h.Api.Calls.Where(c => c.Id == id).Select(c => c.Call).ToList();
        calls[0].ShouldBe("place");
        calls[^1].ShouldBe("place");
        calls.Count.ShouldBeGreaterThanOrEqualTo(5, "never resent before three not-found answers");
        calls.Skip(1).SkipLast(1).ShouldAllBe(c => c == "query");
        h.Sink.Of(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted]);
    }

    [Fact]
    public async Task A_just_accepted_order_that_queries_do_not_show_yet_is_not_resent_while_within_the_confirmations()
    {
        var options = ExecutorHarness.Fast();
        options.UnknownOrderConfirmations = 3;
        await using var h = new ExecutorHarness(options);
        await h.AttachAsync();
        h.Sim.Feed(0, 100, 101, 99, 100);
        h.Api.Fail(PlaceFault.AcceptThenUnknown);
        h.Api.HiddenQueries = 2; // eventual consistency: the first two queries miss it
        var id = h.Market(OrderSide.Buy, 1m);
        await h.IdleAsync();

        h.Executor.GetSendCounts()[id].ShouldBe(1);
        h.PlacedOnExchange(id).ShouldBe(1);
        h.Api.Calls.Count(c => string.Equals(c.Call, "query", StringComparison.Ordinal) && c.Id == id).ShouldBe(3);
    }

    [Fact]
    public async Task A_rate_limited_placement_waits_and_is_sent_again_because_it_never_executed()
    {
        await using var h = new ExecutorHarness();
        h.Sim.Feed(0, 100, 101, 99, 100);
        h.Api.Fail(PlaceFault.RateLimited);
        var id = h.Market(OrderSide.Buy, 1m);
        await h.IdleAsync();

        h.Executor.GetSendCounts()[id].ShouldBe(2);
        h.PlacedOnExchange(id).ShouldBe(1);
        h.Sink.Of(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted]);
    }

    [Fact]
    public async Task A_filter_failure_is_a_final_rejection_naming_the_filter_and_is_not_retried()
    {
        await using var h = new ExecutorHarness();
        h.Sim.Feed(0, 100, 101, 99, 100);
        var id = h.Market(OrderSide.Buy, 0.01m); // 1 USDT < min notional 10
        await h.IdleAsync();

        var report = h.Sink.Of(id).ShouldHaveSingleItem();
        report.Status.ShouldBe(ExecutionStatus.Rejected);
        report.Reason.ShouldNotBeNull().ShouldContain("FilterFailure");
        report.Reason.ShouldContain("Filter failure: NOTIONAL");
        h.Executor.GetSendCounts()[id].ShouldBe(1);
    }

    [Fact]
    public async Task A_journal_failure_keeps_the_order_off_the_exchange()
    {
        await using var h = new ExecutorHarness(journal: new FailingJournal());
        h.Sim.Feed(0, 100, 101, 99, 100);
        var id = h.Market(OrderSide.Buy, 1m);
        await h.IdleAsync();

        h.PlacedOnExchange(id).ShouldBe(0);
        h.Sink.Of(id).ShouldHaveSingleItem().Status.ShouldBe(ExecutionStatus.Rejected);
    }

    [Fact]
    public async Task The_intent_is_journaled_before_the_order_reaches_the_exchange()
    {
        var journal = new RecordingJournal();
        await using var h = new ExecutorHarness(journal: journal);
        journal.Exchange = h.Api;
        h.Sim.Feed(0, 100, 101, 99, 100);
        var id = h.Market(OrderSide.Buy, 1m);
        await h.IdleAsync();

        journal.Recorded.ShouldBe([id]);
        journal.PlacementsSeenAtRecord.ShouldBe([0]);
        h.PlacedOnExchange(id).ShouldBe(1);
    }

    [Fact]
    public async Task Duplicate_trade_events_are_reported_once()
    {
        await using var h = new ExecutorHarness();
        await h.AttachAsync();
        h.Sim.Feed(0, 100, 101, 99, 100);
        var id = h.Market(OrderSide.Buy, 1m);
        await h.IdleAsync();
        h.Sim.Feed(1, 102, 103, 101, 102);
        await h.IdleAsync();

        var trade = h.Adapter.GetAllTrades().ShouldHaveSingleItem();
        var order = h.Executor.GetOrder(id).ShouldNotBeNull();
        h.Api.Push(new OrderUpdate(order, trade));
        h.Api.Push(new OrderUpdate(order, trade with { ClientOrderId = null }));
        await h.IdleAsync();

        h.Sink.FillsOf(id).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_trade_that_arrives_after_the_cancel_still_counts_and_the_cancelled_order_keeps_its_fills()
    {
        await using var h = new ExecutorHarness();
        await h.AttachAsync();
        h.Sim.Feed(0, 100, 101, 99, 100);
        var id = h.Limit(OrderSide.Buy, 2m, 90m);
        await h.IdleAsync();
        h.Executor.Cancel(id, h.Sink);
        await h.IdleAsync();
        h.Sink.Of(id).Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted, ExecutionStatus.Cancelled]);

        // The exchange had filled 0.5 just before the cancel; the stream delivers it late.
        var order = h.Executor.GetOrder(id).ShouldNotBeNull();
        var late = new ExchangeTrade
        {
            Pair = SimulationHarness.Btc,
            TradeId = "900",
            ExchangeOrderId = order.ExchangeOrderId,
            ClientOrderId = id,
            Side = OrderSide.Buy,
            Price = 90m,
            Quantity = 0.5m,
            Fee = 0.045m,
            FeeAsset = "USDT",
            Time = SimulationHarness.Start.AddHours(1),
        };
        h.Api.Push(new OrderUpdate(order with { FilledQuantity = 0.5m }, late));
        h.Api.Push(new OrderUpdate(order with { FilledQuantity = 0.5m }, late));

        var reports = h.Sink.Of(id);
        reports.Select(r => r.Status).ShouldBe([ExecutionStatus.Accepted, ExecutionStatus.Cancelled, ExecutionStatus.PartiallyFilled]);
        reports[^1].Fill.ShouldNotBeNull().Quantity.ShouldBe(0.5m);
    }

    [Fact]
    public async Task Fills_missed_by_the_stream_are_fetched_over_rest()
    {
        await using var h = new ExecutorHarness();
        await h.AttachAsync();
        h.Api.StreamDown = true; // updates are lost, the status never says so
        h.Sim.Feed(0, 100, 101, 99, 100);
        var id = h.Market(OrderSide.Buy, 1m);
        await h.IdleAsync();
        h.Sim.Feed(1, 102, 103, 101, 102);

        // The next query shows the fill; the executor then fetches the trade itself.
        await h.Executor.ReconcileAsync();
        await h.IdleAsync();
        h.Sink.FillsOf(id).ShouldHaveSingleItem().Price.ShouldBe(102m);
        h.Sink.Of(id)[^1].Status.ShouldBe(ExecutionStatus.Filled);
    }

    [Fact]
    public async Task After_a_stream_interruption_entries_are_refused_and_exits_wait_until_missed_fills_are_fetched()
    {
        await using var h = new ExecutorHarness();
        await h.AttachAsync();
        h.Sim.Feed(0, 100, 101, 99, 100);
        var entry = h.Market(OrderSide.Buy, 1m);
        await h.IdleAsync();

        h.Api.Interrupt();
        h.Sim.Feed(1, 102, 103, 101, 102); // fills while the stream is down: the update is lost
        h.Executor.IsReconciling.ShouldBeTrue();
        var refused = h.Market(OrderSide.Buy, 1m);
        h.Sink.Of(refused).ShouldHaveSingleItem().Status.ShouldBe(ExecutionStatus.Rejected);
        var exit = h.Market(OrderSide.Sell, 1m, reduceOnly: true);
        await Task.Delay(50);
        h.PlacedOnExchange(exit).ShouldBe(0, "exits wait for the reconciliation");
        h.PlacedOnExchange(refused).ShouldBe(0);

        h.Api.Restore();
        await h.IdleAsync();
        h.Executor.IsReconciling.ShouldBeFalse();
        h.Sink.FillsOf(entry).ShouldHaveSingleItem().Price.ShouldBe(102m);
        h.PlacedOnExchange(exit).ShouldBe(1);
        var entryFilled = h.Sink.Reports.ToList().FindIndex(r => r.ClientOrderId == entry && r.Status == ExecutionStatus.Filled);
        var exitAccepted = h.Sink.Reports.ToList().FindIndex(r => r.ClientOrderId == exit && r.Status == ExecutionStatus.Accepted);
        entryFilled.ShouldBeLessThan(exitAccepted, "the missed fill is booked before the exit goes out");
    }

    [Fact]
    public async Task Calls_never_exceed_the_concurrency_limit_and_each_pair_keeps_its_order()
    {
        var options = ExecutorHarness.Fast();
        options.MaxConcurrency = 3;
        await using var h = new ExecutorHarness(options);
        h.Api.CallDelay = TimeSpan.FromMilliseconds(15);
        var pairs = Enumerable.Range(0, 6).Select(i => new TradingPair($"C{i}", "USDT")).ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            h.Sim.Feed(0, 100, 101, 99, 100, pair: pairs[i]);
        }

        var sent = new List<(ClientOrderId Id, TradingPair Pair)>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var pair in pairs)
            {
                sent.Add((h.Market(OrderSide.Buy, 1m, pair: pair), pair));
            }
        }

        await h.IdleAsync();
        h.Api.MaxInFlight.ShouldBeLessThanOrEqualTo(3);
        h.Api.MaxInFlight.ShouldBeGreaterThan(1, "pairs run in parallel");
        var placements = h.Api.PlacementsReachingExchange.ToList();
        placements.Count.ShouldBe(18);
        foreach (var pair in pairs)
        {
            var ofPair = sent.Where(s => s.Pair == pair).Select(s => s.Id).ToList();
            placements.Where(ofPair.Contains).ShouldBe(ofPair, $"{pair} orders reach the exchange in the order they were sent");
        }
    }

    [Fact]
    public async Task Only_the_most_recent_finished_orders_stay_tracked_and_a_late_trade_of_a_forgotten_one_is_unmatched()
    {
        var options = ExecutorHarness.Fast();
        options.MaxFinishedOrdersKept = 2;
        await using var h = new ExecutorHarness(options);
        await h.AttachAsync();
        var unmatched = new List<ExchangeTrade>();
        using var subscription = h.Executor.UnmatchedTrades.Subscribe(unmatched.Add);
        h.Sim.Feed(0, 100, 101, 99, 100);
        var ids = Enumerable.Range(0, 5).Select(_ => h.Market(OrderSide.Buy, 0.5m)).ToList();
        await h.IdleAsync();
        h.Sim.Feed(1, 102, 103, 101, 102);
        await h.IdleAsync();

        ids.Select(id => h.Sink.Of(id).Last().Status).ShouldAllBe(status => status == ExecutionStatus.Filled);
        ids.Take(3).ShouldAllBe(id => h.Executor.GetOrder(id) == null);
        ids.Skip(3).ShouldAllBe(id => h.Executor.GetOrder(id) != null);
        h.Executor.GetSendCounts().Keys.ShouldBe(ids.Skip(3), ignoreOrder: true);

        var first = h.Adapter.GetAllTrades()[0];
        h.Api.Push(new OrderUpdate(new ExchangeOrder
        {
            Pair = first.Pair,
            ClientOrderId = new ClientOrderId("t-other"),
            ExchangeOrderId = "x",
            Side = OrderSide.Buy,
            Type = OrderType.Market,
            Status = ExecutionStatus.Filled,
            Quantity = 0.5m,
        }, first with { TradeId = "late-1", ClientOrderId = ids[0] }));
        unmatched.ShouldHaveSingleItem().TradeId.ShouldBe("late-1");
        h.Sink.FillsOf(ids[0]).ShouldHaveSingleItem("the forgotten order is not reported again");
    }

    [Fact]
    public void Invalid_options_list_every_problem()
    {
        var options = new OrderExecutorOptions { MaxConcurrency = 0, MaxSendAttempts = 0, QueryDelay = TimeSpan.Zero };
        var exception = Should.Throw<ArgumentException>(() => new OrderExecutor(new ExecutorHarness().Api, options));
        exception.Message.ShouldContain("MaxConcurrency");
        exception.Message.ShouldContain("MaxSendAttempts");
        exception.Message.ShouldContain("QueryDelay");
    }

    private sealed class FailingJournal : IExecutionJournal
    {
        public ValueTask RecordIntentAsync(OrderRequest order, CancellationToken cancellationToken) =>
            ValueTask.FromException(new IOException("disk full"));
    }

    private sealed class RecordingJournal : IExecutionJournal
    {
        public FaultyExchange? Exchange { get; set; }

        public List<ClientOrderId> Recorded { get; } = [];

        public List<int> PlacementsSeenAtRecord { get; } = [];

        public ValueTask RecordIntentAsync(OrderRequest order, CancellationToken cancellationToken)
        {
            Recorded.Add(order.ClientOrderId);
            PlacementsSeenAtRecord.Add(Exchange!.PlacementsReachingExchange.Count(p => p == order.ClientOrderId));
            return ValueTask.CompletedTask;
        }
    }
}
