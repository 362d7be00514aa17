using System.Reactive.Concurrency;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;
using MultiPair.Sdk.Tests.Engine;

namespace MultiPair.Sdk.Tests.Execution;

/// <summary>The real engine trading through the <see cref="OrderExecutor"/> on the simulated exchange behind a faulty network.</summary>
public sealed class EngineExecutorTests
{
    private static readonly DateTimeOffset Start = EngineHarness.Start;
    private static readonly TradingPair Btc = EngineHarness.Btc;

    [Theory]
    [InlineData(null)]
    [InlineData(PlaceFault.AcceptThenUnknown)]
    [InlineData(PlaceFault.LostThenUnknown)]
    [InlineData(PlaceFault.AcceptThenDuplicate)]
    public async Task An_entry_through_a_faulty_network_opens_exactly_one_position_matching_the_exchange(PlaceFault? fault)
    {
        await using var run = await Live.StartAsync(EngineHarness.EnterOnce(0.9));
        if (fault is { } f)
        {
            run.Api.Fail(f);
        }

        await run.StepAsync(0, 99, 101, 98, 100);
        await run.StepAsync(1, 101, 103, 100, 102);

        var position = run.Ledger.GetPositions().ShouldHaveSingleItem();
        position.EntryPrice.ShouldBe(101m);
        run.Exchange.GetPosition(Btc).ShouldBe(position.Quantity);
        run.Api.PlacementsReachingExchange.Count.ShouldBe(1);
        run.Gate.Reservations.ShouldBeEmpty();
    }

    [Fact]
    public async Task While_the_executor_reconciles_after_a_stream_drop_the_entry_is_refused_and_its_reservation_released()
    {
        await using var run = await Live.StartAsync(EngineHarness.EnterOnce(0.9));
        run.Api.Interrupt();

        await run.StepAsync(0, 99, 101, 98, 100);

        run.Decisions.ShouldContain(d => d.IsApproved, "the gate approved the entry");
        run.Api.PlacementsReachingExchange.ShouldBeEmpty();
        run.Ledger.GetPositions().ShouldBeEmpty();
        run.Gate.Reservations.ShouldBeEmpty();
        run.Events.ShouldContain(e => e.Report != null && e.Report.Status == ExecutionStatus.Rejected);

        run.Api.Restore();
        await run.Executor.WhenIdleAsync();
        run.Executor.IsReconciling.ShouldBeFalse();
    }

    private sealed class Live : IAsyncDisposable
    {
        private readonly HistoricalScheduler _scheduler = new(Start);
        private readonly List<IDisposable> _subscriptions = [];

        private Live(IPairStrategy strategy)
        {
            Time = new ManualTimeProvider(Start);
            Ledger = new PortfolioManager(new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 10, MaxPositionSizePercent = 50m, MaxCorrelatedExposurePercent = 500m }, Time);
            Ledger.RegisterPair(new PairConfig { Pair = Btc }).IsSuccess.ShouldBeTrue();
            Gate = new RiskGate(Ledger, [], new RiskGateOptions { FeeReservePercent = 0m }, timeProvider: Time);
            Coordinator = new EntryCoordinator(Gate, new FixedFractionAllocation { FractionPercent = 10m }, new CoordinatorOptions { MinimumNotional = 1m });
            Exchange = new SimulatedExchange(new SimulatedExchangeOptions(), Time);
            Api = new FaultyExchange(new SimulatedExchangeAdapter(Exchange));
            Executor = new OrderExecutor(Api, ExecutorHarness.Fast());
            Engine = new PortfolioEngine(
                Ledger,
                Gate,
                Coordinator,
                Executor,
                [new PairSetup { Pair = Btc, Strategy = strategy, StrategyId = new StrategyId("sleeve"), InputTimeframe = Timeframe.OneHour }],
                new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero },
                Time,
                _scheduler);
            _subscriptions.Add(Engine.Orders.Subscribe(Events.Add));
            _subscriptions.Add(Engine.Decisions.Subscribe(Decisions.Add));
        }

        public ManualTimeProvider Time { get; }

        public PortfolioManager Ledger { get; }

        public RiskGate Gate { get; }

        public EntryCoordinator Coordinator { get; }

        public SimulatedExchange Exchange { get; }

        public FaultyExchange Api { get; }

        public OrderExecutor Executor { get; }

        public PortfolioEngine Engine { get; }

        public List<OrderEvent> Events { get; } = [];

        public List<GateResult> Decisions { get; } = [];

        public static async Task<Live> StartAsync(IPairStrategy strategy)
        {
            var live = new Live(strategy);
            await live.Executor.AttachUserDataStreamAsync(live.Api);
            return live;
        }

        /// <summary>Bar <paramref name="index"/> at its close: the exchange fills first, the executor settles, then the engine sees the bar and its orders settle.</summary>
        public async Task StepAsync(int index, double open, double high, double low, double close)
        {
            var bar = new Bar(Btc, Timeframe.OneHour, Start.AddHours(index), open, high, low, close, 1_000_000);
            Time.SetUtcNow(bar.CloseTime);
            Exchange.OnBar(bar);
            await Executor.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Engine.ProcessPending();
            Engine.ProcessBar(bar);
            await Executor.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Engine.ProcessPending();
            _scheduler.Start();
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }

            await Executor.DisposeAsync();
            Api.Dispose();
            Engine.Dispose();
            Coordinator.Dispose();
            Gate.Dispose();
        }
    }
}
