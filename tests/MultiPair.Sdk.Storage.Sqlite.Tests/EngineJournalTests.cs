using System.Reactive.Concurrency;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Storage.Sqlite.Tests;

/// <summary>The engine's changes written to a real SQLite store through <see cref="PortfolioJournal"/>, and rebuilt from it.</summary>
public sealed class EngineJournalTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2021, 1, 4, 0, 0, 0, TimeSpan.Zero);
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_fill_ledger_change_and_trailing_state_is_written_and_a_restart_rebuilds_the_same_ledger()
    {
        await using var store = await _temp.OpenAsync();
        using var run = new Run();
        await using (var journal = new PortfolioJournal(store, run.Engine))
        {
            run.Feed(0, (Btc, 100), (Eth, 10));
            run.Feed(1, (Btc, 110), (Eth, 11)); // trailing ratchets: 110 × 0.95 = 104.5
            run.Feed(2, (Btc, 103), (Eth, 12)); // BTC's trailing stop is hit and closes
            await journal.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
            journal.Pending.ShouldBe(0);
        }

        var state = await store.LoadAsync();
        state.LedgerEntries.Select(e => (e.Kind, e.Pair)).ShouldBe([(LedgerEntryKind.Open, Btc), (LedgerEntryKind.Open, Eth), (LedgerEntryKind.Reduce, Btc)]);
        state.LedgerEntries.ShouldAllBe(e => e.TradeId != null);
        state.LastFills.Keys.ShouldBe([Btc, Eth], ignoreOrder: true);
        var trailing = state.TrailingStops.ShouldHaveSingleItem(); // BTC's ended with its position
        trailing.PositionId.ShouldBe(run.Ledger.GetPositions().Single(p => p.Pair == Eth).Id);
        trailing.Extreme.ShouldBe(12m);
        trailing.Trigger.ShouldBe(11.4m);
        state.OpenOrders.ShouldBeEmpty("every order reached a final state");

        var rebuilt = LedgerReplay.Rebuild(run.Config, run.Pairs, state.LedgerEntries, _temp.Clock);
        var live = run.Ledger.GetPortfolioMetrics();
        var again = rebuilt.GetPortfolioMetrics();
        again.Cash.ShouldBe(live.Cash);
        again.RealizedPnl.ShouldBe(live.RealizedPnl);
        rebuilt.GetPositions(includeClosed: true).Select(p => (p.Id, p.Pair, p.Quantity, p.EntryPrice, p.IsOpen, p.ExitReason))
            .ShouldBe(run.Ledger.GetPositions(includeClosed: true).Select(p => (p.Id, p.Pair, p.Quantity, p.EntryPrice, p.IsOpen, p.ExitReason)));
    }

    [Fact]
    public async Task A_locked_store_restricts_trading_to_reduce_only_and_the_batch_is_written_once_it_is_free()
    {
        await using var store = await _temp.OpenAsync(busyTimeout: TimeSpan.FromMilliseconds(100));
        using var run = new Run();
        await using var journal = new PortfolioJournal(store, run.Engine) { RetryDelay = TimeSpan.FromMilliseconds(50) };
        var failures = new List<StoreError>();
        using var subscription = journal.Failures.Subscribe(failures.Add);

        using (var holder = _temp.Raw())
        {
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE; INSERT INTO trailing_stops VALUES ('held', 0, '1', '1', 0);";
                begin.ExecuteNonQuery();
            }

            run.Feed(0, (Btc, 100), (Eth, 10)); // two entries fill; their batches cannot be written
            for (var i = 0; i < 200 && failures.Count == 0; i++)
            {
                await Task.Delay(10);
            }

            failures.ShouldNotBeEmpty();
            failures[0].Kind.ShouldBe(StoreErrorKind.Locked);
            run.Engine.ProcessPending(); // the restriction command reaches the engine's loop
            run.Gate.State.ShouldBe(TradingState.ReduceOnly);
            journal.Pending.ShouldBeGreaterThan(0);
            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        await journal.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var state = await store.LoadAsync();
        state.LedgerEntries.Count.ShouldBe(2, "nothing lost, nothing doubled");
        _temp.Count("fills").ShouldBe(2);
    }

    /// <summary>Two pairs entering at once with a 5 % trailing stop, on an instant-fill gateway.</summary>
    private sealed class Run : IDisposable
    {
        private readonly HistoricalScheduler _scheduler = new(Start);

        public Run()
        {
            Time = new ManualTimeProvider(Start);
            Config = new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 10, MaxPositionSizePercent = 50m, MaxCorrelatedExposurePercent = 500m };
            Pairs = [new PairConfig { Pair = Btc, TrailingStopPercent = 5m }, new PairConfig { Pair = Eth, TrailingStopPercent = 5m }];
            Ledger = new PortfolioManager(Config, Time);
            foreach (var pair in Pairs)
            {
                Ledger.RegisterPair(pair).IsSuccess.ShouldBeTrue();
            }

            Gate = new RiskGate(Ledger, [], new RiskGateOptions { FeeReservePercent = 0m }, timeProvider: Time);
            Coordinator = new EntryCoordinator(Gate, new FixedFractionAllocation { FractionPercent = 10m }, new CoordinatorOptions { MinimumNotional = 1m });
            Gateway = new InstantFillGateway(Time, feePercent: 0.1m);
            Engine = new PortfolioEngine(
                Ledger,
                Gate,
                Coordinator,
                Gateway,
                Pairs.Select(p => new PairSetup { Pair = p.Pair, Strategy = EnterOnce(), StrategyId = new StrategyId("sleeve"), InputTimeframe = Timeframe.OneHour }),
                new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero },
                Time,
                _scheduler);
        }

        public ManualTimeProvider Time { get; }

        public PortfolioConfig Config { get; }

        public IReadOnlyList<PairConfig> Pairs { get; }

        public PortfolioManager Ledger { get; }

        public RiskGate Gate { get; }

        public EntryCoordinator Coordinator { get; }

        public InstantFillGateway Gateway { get; }

        public PortfolioEngine Engine { get; }

        public void Feed(int hour, params (TradingPair Pair, double Close)[] closes)
        {
            var open = Start.AddHours(hour);
            Time.SetUtcNow(open + TimeSpan.FromHours(1));
            foreach (var (pair, close) in closes)
            {
                Gateway.SetPrice(pair, (decimal)close);
                Engine.ProcessBar(new Bar(pair, Timeframe.OneHour, open, close, close, close, close, 1_000));
            }

            _scheduler.Start();
        }

        public void Dispose()
        {
            Engine.Dispose();
            Coordinator.Dispose();
            Gate.Dispose();
        }

        private static ScriptedStrategy EnterOnce() =>
            new([Timeframe.OneHour], (bar, context) => context.History(Timeframe.OneHour).Count == 1 ? context.Emit(SignalDirection.Long, 0.9, "entry") : null);
    }
}
