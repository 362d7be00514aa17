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

namespace MultiPair.Sdk.Tests.Simulation;

/// <summary>A real portfolio engine trading through the simulated exchange, fed bars in time order: exchange first, then engine.</summary>
public sealed class SimulatedExchangeEngineTests
{
    private static readonly DateTimeOffset Start = EngineHarness.Start;
    private static readonly TradingPair Btc = EngineHarness.Btc;

    [Fact]
    public void ProcessBar_EntrySignalAtBarT_FillsAtBarTPlusOneOpenWithTheTakerFeeAndTheLedgerBooksIt()
    {
        using var run = new Backtest(EngineHarness.EnterOnce(0.9));

        run.Step(0, open: 99, high: 101, low: 98, close: 100); // the signal: a market buy is sent at bar 0's close
        run.Ledger.GetPositions().ShouldBeEmpty();
        var order = run.Orders.ShouldHaveSingleItem();
        order.Type.ShouldBe(OrderType.Market);

        run.Step(1, open: 101, high: 103, low: 100, close: 102);

        var fill = run.Fills.ShouldHaveSingleItem();
        fill.Price.ShouldBe(101m);
        fill.Time.ShouldBe(Start.AddHours(1));
        fill.IsMaker.ShouldBeFalse();
        fill.Quantity.ShouldBe(order.Quantity);
        fill.Fee.ShouldBe(Fee.InQuote(decimal.Round(101m * order.Quantity * 0.001m, 8)));
        var position = run.Ledger.GetPositions().ShouldHaveSingleItem();
        position.EntryPrice.ShouldBe(101m);
        position.Quantity.ShouldBe(order.Quantity);
        position.FeesPaid.ShouldBe(fill.Fee.Amount);
        run.Exchange.GetPosition(Btc).ShouldBe(order.Quantity);
        run.Gate.Reservations.ShouldBeEmpty();
    }

    [Fact]
    public void ProcessBar_StopLossHitAtBarClose_ExitFillsAtTheNextOpenAndClosesThePosition()
    {
        using var run = new Backtest(EngineHarness.EnterOnce(0.9, stopLoss: 95m));

        run.Step(0, 99, 101, 98, 100);
        run.Step(1, 101, 103, 100, 102);
        run.Step(2, 101, 101, 93, 94); // the engine sees the stop breached at the close and sends a reduce-only sell
        run.Ledger.GetPositions().ShouldHaveSingleItem();
        run.Step(3, 93, 96, 92, 95);

        var exit = run.Fills[^1];
        exit.Side.ShouldBe(OrderSide.Sell);
        exit.Price.ShouldBe(93m);
        run.Orders[^1].ReduceOnly.ShouldBeTrue();
        var closed = run.Ledger.GetPositions(includeClosed: true).ShouldHaveSingleItem();
        closed.IsOpen.ShouldBeFalse();
        closed.ExitReason.ShouldBe(ExitReason.StopLoss);
        run.Exchange.GetPosition(Btc).ShouldBe(0m);
    }

    private sealed class Backtest : IDisposable
    {
        private readonly HistoricalScheduler _scheduler = new(Start);
        private readonly List<IDisposable> _subscriptions = [];

        public Backtest(IPairStrategy strategy)
        {
            Time = new ManualTimeProvider(Start);
            Ledger = new PortfolioManager(new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 10, MaxPositionSizePercent = 50m, MaxCorrelatedExposurePercent = 500m }, Time);
            Ledger.RegisterPair(new PairConfig { Pair = Btc }).IsSuccess.ShouldBeTrue();
            Gate = new RiskGate(Ledger, [], new RiskGateOptions { FeeReservePercent = 0m }, timeProvider: Time);
            Coordinator = new EntryCoordinator(Gate, new FixedFractionAllocation { FractionPercent = 10m }, new CoordinatorOptions { MinimumNotional = 1m });
            Exchange = new SimulatedExchange(new SimulatedExchangeOptions(), Time);
            Engine = new PortfolioEngine(
                Ledger,
                Gate,
                Coordinator,
                Exchange,
                [new PairSetup { Pair = Btc, Strategy = strategy, StrategyId = new StrategyId("sleeve"), InputTimeframe = Timeframe.OneHour }],
                new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero },
                Time,
                _scheduler);
            _subscriptions.Add(Engine.Fills.Subscribe(Fills.Add));
            _subscriptions.Add(Engine.Orders.Subscribe(e =>
            {
                if (e.Report is null)
                {
                    Orders.Add(e.Order);
                }
            }));
        }

        public ManualTimeProvider Time { get; }

        public PortfolioManager Ledger { get; }

        public RiskGate Gate { get; }

        public EntryCoordinator Coordinator { get; }

        public SimulatedExchange Exchange { get; }

        public PortfolioEngine Engine { get; }

        public List<Fill> Fills { get; } = [];

        public List<OrderRequest> Orders { get; } = [];

        /// <summary>Bar <paramref name="index"/> at its close: the exchange fills against it first, then the engine sees it.</summary>
        public void Step(int index, double open, double high, double low, double close)
        {
            var bar = new Bar(Btc, Timeframe.OneHour, Start.AddHours(index), open, high, low, close, 1_000_000);
            Time.SetUtcNow(bar.CloseTime);
            Exchange.OnBar(bar);
            Engine.ProcessBar(bar);
            _scheduler.Start();
        }

        public void Dispose()
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }

            Engine.Dispose();
            Coordinator.Dispose();
            Gate.Dispose();
        }
    }
}
