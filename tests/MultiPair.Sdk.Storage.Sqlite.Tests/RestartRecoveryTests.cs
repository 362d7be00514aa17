using System.Reactive.Concurrency;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Storage.Sqlite.Tests;

/// <summary>
/// A process trading perpetuals through the executor on the simulated exchange stops without warning while its orders are
/// in flight; the exchange fills them meanwhile; a new process starts from the SQLite store and reconciles.
/// </summary>
public sealed class RestartRecoveryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2021, 1, 4, 0, 0, 0, TimeSpan.Zero);
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");

    private readonly TempStore _temp = new();
    private readonly ManualTimeProvider _time = new(Start);
    private readonly SimulatedExchange _exchange;
    private readonly SimulatedExchangeAdapter _adapter;

    public RestartRecoveryTests()
    {
        _exchange = new SimulatedExchange(new SimulatedExchangeOptions { MaxVolumeShare = 0m }, _time);
        _adapter = new SimulatedExchangeAdapter(_exchange, MarketType.LinearPerpetual);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Fills_that_happened_while_down_are_adopted_once_and_the_ledger_matches_the_exchange()
    {
        var first = await StartCrashingProcessAsync();
        first.Ledger.GetPositions().ShouldBeEmpty();

        ExchangeBar(1, (Btc, 102), (Eth, 11)); // the orders fill while nobody listens
        _exchange.GetPosition(Btc).ShouldBeGreaterThan(0m);

        await using var store = await _temp.OpenAsync(); // fences the crashed process's store
        var state = await store.LoadAsync();
        state.OpenOrders.Count.ShouldBe(2);
        await using var second = await Process.StartAsync(this, store, state);
        var report = await PortfolioRecovery.ReconcileAsync(state, second.Engine, second.Executor, _adapter);

        report.IsConsistent.ShouldBeTrue(string.Join("; ", report.Mismatches));
        report.Orders.Select(o => o.Status).ShouldAllBe(s => s == ExecutionStatus.Filled);
        var positions = second.Ledger.GetPositions();
        positions.Select(p => p.Pair).ShouldBe([Btc, Eth], ignoreOrder: true);
        foreach (var position in positions)
        {
            position.Quantity.ShouldBe(_exchange.GetPosition(position.Pair));
        }

        second.Gate.State.ShouldBe(TradingState.Active);
        second.Engine.ProcessPending();
        await second.Journal.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // The adopted fills are now durable: a third start rebuilds the same ledger and has nothing open.
        var again = await store.LoadAsync();
        again.OpenOrders.ShouldBeEmpty();
        var rebuilt = PortfolioRecovery.RebuildLedger(again, Process.Config, Process.Pairs, _time);
        rebuilt.GetPositions().Select(p => (p.Pair, p.Quantity)).ShouldBe(positions.Select(p => (p.Pair, p.Quantity)), ignoreOrder: true);
    }

    [Fact]
    public async Task A_restart_resumes_the_entries_own_stop_levels_for_positions_open_before_the_crash()
    {
        var store = await _temp.OpenAsync();
        var first = await Process.StartAsync(this, store, state: null);
        ExchangeBar(0, (Btc, 100), (Eth, 10));
        first.EngineBar(0, (Btc, 100), (Eth, 10));
        await first.Executor.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        ExchangeBar(1, (Btc, 102), (Eth, 11)); // the entries fill while the process listens: their plans start
        await first.Executor.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        first.Engine.ProcessPending();
        first.Ledger.GetPositions().Count.ShouldBe(2);
        await first.Journal.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await first.Executor.DisposeAsync(); // kill -9
        await store.DisposeAsync();

        await using var reopened = await _temp.OpenAsync();
        var state = await reopened.LoadAsync();
        state.ExitLevels.Select(l => (l.StopLoss, l.TakeProfit)).ShouldBe([(97.00m, 150.0m), (9.70m, 15.0m)], ignoreOrder: true);
        await using var second = await Process.StartAsync(this, reopened, state);
        (await PortfolioRecovery.ReconcileAsync(state, second.Engine, second.Executor, _adapter)).IsConsistent.ShouldBeTrue();

        await ExpectStopExitAsync(second);
    }

    [Fact]
    public async Task A_restart_starts_plans_of_entries_that_filled_while_down_with_their_own_levels()
    {
        await StartCrashingProcessAsync(); // entries sent, not filled: only their own levels are stored
        ExchangeBar(1, (Btc, 102), (Eth, 11)); // they fill while nobody listens

        await using var store = await _temp.OpenAsync();
        var state = await store.LoadAsync();
        state.ExitLevels.Select(l => (l.StopLoss, l.TakeProfit)).ShouldBe([(97.00m, 150.0m), (9.70m, 15.0m)], ignoreOrder: true);
        await using var second = await Process.StartAsync(this, store, state);
        (await PortfolioRecovery.ReconcileAsync(state, second.Engine, second.Executor, _adapter)).IsConsistent.ShouldBeTrue();
        second.Engine.ProcessPending();
        second.Ledger.GetPositions().Count.ShouldBe(2);

        await ExpectStopExitAsync(second);
    }

    [Fact]
    public async Task Entries_in_flight_at_the_crash_count_against_the_gate_again_until_they_fill()
    {
        await StartCrashingProcessAsync(); // two entries accepted by the exchange, not filled

        await using var store = await _temp.OpenAsync();
        var state = await store.LoadAsync();
        await using var second = await Process.StartAsync(this, store, state);
        second.Gate.Reservations.ShouldBeEmpty();
        (await PortfolioRecovery.ReconcileAsync(state, second.Engine, second.Executor, _adapter)).IsConsistent.ShouldBeTrue();

        var reserved = second.Gate.Reservations;
        reserved.Select(r => r.Pair).ShouldBe([Btc, Eth], ignoreOrder: true);
        reserved.ShouldAllBe(r => r.IsEntry && r.Sleeve == new StrategyId("sleeve"));
        reserved.Select(r => r.Quantity).ShouldBe(state.OpenOrders.Select(o => o.Intent!.Order.Quantity), ignoreOrder: true);
        var snapshot = second.Gate.CreateSnapshot();
        snapshot.PendingOpenCount.ShouldBe(2);
        snapshot.ReservedCapital.ShouldBeGreaterThan(0m);

        ExchangeBar(1, (Btc, 102), (Eth, 11));
        await second.Executor.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        second.Engine.ProcessPending();

        second.Ledger.GetPositions().Count.ShouldBe(2);
        second.Gate.Reservations.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_entry_that_ends_unfilled_leaves_no_exit_levels()
    {
        var process = await StartCrashingProcessAsync();
        foreach (var order in (await _adapter.GetOpenOrdersAsync()).Value)
        {
            (await _adapter.CancelOrderAsync(order.Pair, order.ClientOrderId)).Success.ShouldBeTrue();
        }

        await using var store = await _temp.OpenAsync();
        var state = await store.LoadAsync();
        state.ExitLevels.Count.ShouldBe(2);
        await using var second = await Process.StartAsync(this, store, state);
        await PortfolioRecovery.ReconcileAsync(state, second.Engine, second.Executor, _adapter);
        second.Engine.ProcessPending();
        await second.Journal.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));

        second.Ledger.GetPositions().ShouldBeEmpty();
        (await store.LoadAsync()).ExitLevels.ShouldBeEmpty();
        _ = process;
    }

    /// <summary>BTC falls to 96.5: below the entry's own stop (97) — with the engine's defaults (none here) nothing would close it.</summary>
    private async Task ExpectStopExitAsync(Process process)
    {
        ExchangeBar(2, (Btc, 96.5), (Eth, 11));
        process.EngineBar(2, (Btc, 96.5), (Eth, 11));
        await process.Executor.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        process.Engine.ProcessPending();

        var exits = (await _adapter.GetOpenOrdersAsync()).Value;
        var exit = exits.ShouldHaveSingleItem();
        exit.Pair.ShouldBe(Btc);
        exit.Side.ShouldBe(OrderSide.Sell);
        exit.ClientOrderId.Value.ShouldStartWith("mpx-");
    }

    [Fact]
    public async Task An_unexplained_position_difference_halts_with_a_typed_report()
    {
        await StartCrashingProcessAsync();
        ExchangeBar(1, (Btc, 102), (Eth, 11));
        _exchange.SetPosition(Eth, _exchange.GetPosition(Eth) + 3m); // someone traded ETH by hand

        await using var store = await _temp.OpenAsync();
        var state = await store.LoadAsync();
        await using var second = await Process.StartAsync(this, store, state);
        var report = await PortfolioRecovery.ReconcileAsync(state, second.Engine, second.Executor, _adapter);

        report.IsConsistent.ShouldBeFalse();
        var mismatch = report.Mismatches.ShouldHaveSingleItem();
        mismatch.Pair.ShouldBe(Eth);
        (mismatch.Exchange - mismatch.Ledger).ShouldBe(3m);
        second.Gate.State.ShouldBe(TradingState.Halted);
    }

    [Fact]
    public async Task Orphaned_orders_with_the_portfolio_tag_are_cancelled_and_others_left_alone()
    {
        await StartCrashingProcessAsync();
        ExchangeBar(1, (Btc, 102), (Eth, 11));
        (await _adapter.PlaceOrderAsync(OrderRequest.Limit(new ClientOrderId("mp-ghost-1"), Btc, OrderSide.Buy, 1m, 50m))).Success.ShouldBeTrue();
        (await _adapter.PlaceOrderAsync(OrderRequest.Limit(new ClientOrderId("manual-1"), Btc, OrderSide.Buy, 1m, 50m))).Success.ShouldBeTrue();

        await using var store = await _temp.OpenAsync();
        var state = await store.LoadAsync();
        await using var second = await Process.StartAsync(this, store, state);
        var report = await PortfolioRecovery.ReconcileAsync(state, second.Engine, second.Executor, _adapter);

        report.CancelledOrphans.ShouldBe([new ClientOrderId("mp-ghost-1")]);
        (await _adapter.GetOpenOrdersAsync()).Value.Select(o => o.ClientOrderId.Value).ShouldBe(["manual-1"]);
        report.IsConsistent.ShouldBeTrue();
    }

    [Fact]
    public async Task An_intent_that_never_reached_the_exchange_is_resolved_as_rejected_not_resent()
    {
        await using (var store = await _temp.OpenAsync())
        {
            // The crash came between the journal write and the send.
            await store.RecordIntentAsync(OrderRequest.Market(new ClientOrderId("mp-210104000000-1"), Btc, OrderSide.Buy, 1m) with { PositionId = new PositionId("mp-210104000000-1") }, CancellationToken.None);
        }

        ExchangeBar(0, (Btc, 100), (Eth, 10));
        await using var reopened = await _temp.OpenAsync();
        var state = await reopened.LoadAsync();
        await using var second = await Process.StartAsync(this, reopened, state);
        var report = await PortfolioRecovery.ReconcileAsync(state, second.Engine, second.Executor, _adapter);

        report.Orders.ShouldHaveSingleItem().Status.ShouldBeNull();
        second.Executor.GetSendCounts().ShouldBeEmpty("never resent");
        (await _adapter.GetOpenOrdersAsync()).Value.ShouldBeEmpty();
        second.Ledger.GetPositions().ShouldBeEmpty();
        report.IsConsistent.ShouldBeTrue();
    }

    /// <summary>Runs bar 0 in a process whose entries are sent (and accepted) but not filled yet, then abandons it.</summary>
    private async Task<Process> StartCrashingProcessAsync()
    {
        var store = await _temp.OpenAsync();
        var process = await Process.StartAsync(this, store, state: null);
        ExchangeBar(0, (Btc, 100), (Eth, 10));
        process.EngineBar(0, (Btc, 100), (Eth, 10));
        await process.Executor.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        process.Engine.ProcessPending();
        await process.Journal.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        (await _adapter.GetOpenOrdersAsync()).Value.Count.ShouldBe(2);

        // kill -9: the stream stops, nothing more is written; the exchange goes on.
        await process.Executor.DisposeAsync();
        return process;
    }

    private void ExchangeBar(int hour, params (TradingPair Pair, double Close)[] closes)
    {
        var open = Start.AddHours(hour);
        if (_time.GetUtcNow() < open.AddHours(1))
        {
            _time.SetUtcNow(open.AddHours(1));
        }

        foreach (var (pair, close) in closes)
        {
            _exchange.OnBar(new Bar(pair, Timeframe.OneHour, open, close, close, close, close, 1_000_000));
        }
    }

    private sealed class Process : IAsyncDisposable
    {
        private readonly HistoricalScheduler _scheduler = new(Start);

        private Process(RestartRecoveryTests test, IPortfolioStore store, PortfolioManager ledger)
        {
            Ledger = ledger;
            Gate = new RiskGate(Ledger, [], new RiskGateOptions { FeeReservePercent = 0m }, timeProvider: test._time);
            Coordinator = new EntryCoordinator(Gate, new FixedFractionAllocation { FractionPercent = 10m }, new CoordinatorOptions { MinimumNotional = 1m });
            Executor = new OrderExecutor(test._adapter, new OrderExecutorOptions
            {
                QueryDelay = TimeSpan.FromMilliseconds(5),
                MaxQueryDelay = TimeSpan.FromMilliseconds(20),
                UnknownOrderGracePeriod = TimeSpan.FromMilliseconds(40),
                FillSyncDelay = TimeSpan.FromMilliseconds(20),
            }, journal: store);
            Engine = new PortfolioEngine(
                Ledger,
                Gate,
                Coordinator,
                Executor,
                Pairs.Select(p => new PairSetup
                {
                    Pair = p.Pair,
                    // The entry carries its own stop 3 % and take-profit 50 % away from the signal's close (the engine has no defaults).
                    Strategy = new ScriptedStrategy([Timeframe.OneHour], (bar, context) => context.History(Timeframe.OneHour).Count == 1 && context.Emit(SignalDirection.Long, 0.9, "entry") is { } entry
                        ? entry with { StopLoss = (decimal)bar.Close * 0.97m, TakeProfit = (decimal)bar.Close * 1.5m }
                        : null),
                    StrategyId = new StrategyId("sleeve"),
                    InputTimeframe = Timeframe.OneHour,
                }),
                new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero },
                test._time,
                _scheduler);
            Journal = new PortfolioJournal(store, Engine);
        }

        public static PortfolioConfig Config { get; } = new() { TotalCapital = 10_000m, MaxPositions = 10, MaxPositionSizePercent = 50m, MaxCorrelatedExposurePercent = 500m };

        public static IReadOnlyList<PairConfig> Pairs { get; } =
        [
            new PairConfig { Pair = Btc, MarketType = MarketType.LinearPerpetual, Leverage = 2m },
            new PairConfig { Pair = Eth, MarketType = MarketType.LinearPerpetual, Leverage = 2m },
        ];

        public PortfolioManager Ledger { get; }

        public RiskGate Gate { get; }

        public EntryCoordinator Coordinator { get; }

        public OrderExecutor Executor { get; }

        public PortfolioEngine Engine { get; }

        public PortfolioJournal Journal { get; }

        public static async Task<Process> StartAsync(RestartRecoveryTests test, IPortfolioStore store, StoreState? state)
        {
            PortfolioManager ledger;
            if (state is null)
            {
                ledger = new PortfolioManager(Config, test._time);
                foreach (var pair in Pairs)
                {
                    ledger.RegisterPair(pair).IsSuccess.ShouldBeTrue();
                }
            }
            else
            {
                ledger = PortfolioRecovery.RebuildLedger(state, Config, Pairs, test._time);
            }

            var process = new Process(test, store, ledger);
            (await process.Executor.AttachUserDataStreamAsync(test._adapter)).Success.ShouldBeTrue();
            return process;
        }

        public void EngineBar(int hour, params (TradingPair Pair, double Close)[] closes)
        {
            var open = Start.AddHours(hour);
            foreach (var (pair, close) in closes)
            {
                Engine.ProcessBar(new Bar(pair, Timeframe.OneHour, open, close, close, close, close, 1_000_000));
            }

            _scheduler.Start();
        }

        public async ValueTask DisposeAsync()
        {
            await Executor.DisposeAsync();
            await Journal.DisposeAsync();
            Engine.Dispose();
            Coordinator.Dispose();
            Gate.Dispose();
        }
    }
}
