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

    [Fact]
    public void ExchangeStops_TheStopRestsOnTheExchangeAndFillsIntrabarAtItsPrice_WithoutASecondExit()
    {
        using var run = new Backtest(EngineHarness.EnterOnce(0.9, stopLoss: 95m), new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero, UseExchangeExitOrders = true });

        run.Step(0, 99, 101, 98, 100);
        run.Step(1, 101, 103, 100, 102); // entry fills at 101; the stop goes to the exchange
        var stop = run.Orders.Where(o => o.Type == OrderType.StopMarket).ShouldHaveSingleItem();
        stop.StopPrice.ShouldBe(95m);
        stop.Side.ShouldBe(OrderSide.Sell);
        stop.Quantity.ShouldBe(run.Ledger.GetPositions().ShouldHaveSingleItem().Quantity);
        run.Exchange.WorkingOrders.ShouldHaveSingleItem().ClientOrderId.ShouldBe(stop.ClientOrderId);

        run.Step(2, 101, 101, 93, 94); // the exchange triggers the stop inside the bar

        var closed = run.Ledger.GetPositions(includeClosed: true).ShouldHaveSingleItem();
        closed.IsOpen.ShouldBeFalse();
        closed.ExitReason.ShouldBe(ExitReason.StopLoss);
        run.Fills[^1].Price.ShouldBe(95m, "filled at the stop, not at the next open as a watched stop would");
        run.Orders.Count.ShouldBe(2, "no second exit");
        run.Exchange.WorkingOrders.ShouldBeEmpty();
        run.Exchange.GetPosition(Btc).ShouldBe(0m);
    }

    [Fact]
    public void ExchangeStops_ARatchetingTrailingStopIsReplacedNewFirstThenOldCancelled()
    {
        using var run = new Backtest(
            EngineHarness.EnterOnce(0.9),
            new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero, UseExchangeExitOrders = true },
            new PairConfig { Pair = Btc, TrailingStopPercent = 5m });

        run.Step(0, 99, 101, 98, 100);
        run.Step(1, 100, 101, 99, 100); // entry at 100: trailing trigger 95
        run.Orders.Single(o => o.Type == OrderType.StopMarket).StopPrice.ShouldBe(95m);
        run.Step(2, 100, 111, 100, 110); // ratchet to 104.5

        var stops = run.Orders.Where(o => o.Type == OrderType.StopMarket).ToList();
        stops.Select(o => o.StopPrice).ShouldBe([95m, 104.5m]);
        var first = stops[0].ClientOrderId;
        var second = stops[1].ClientOrderId;
        var sentSecond = run.Events.FindIndex(e => e.Report is null && e.Order.ClientOrderId == second);
        var cancelledFirst = run.Events.FindIndex(e => e.Report is { Status: ExecutionStatus.Cancelled } && e.Order.ClientOrderId == first);
        sentSecond.ShouldBeGreaterThanOrEqualTo(0);
        cancelledFirst.ShouldBeGreaterThan(sentSecond, "the old stop is cancelled only after the new one is on the book");
        run.Exchange.WorkingOrders.ShouldHaveSingleItem().ClientOrderId.ShouldBe(second);

        run.Step(3, 109, 109, 103, 104); // hits 104.5 at the exchange
        var closed = run.Ledger.GetPositions(includeClosed: true).ShouldHaveSingleItem();
        closed.ExitReason.ShouldBe(ExitReason.TrailingStop);
        run.Fills[^1].Price.ShouldBe(104.5m);
        run.Exchange.WorkingOrders.ShouldBeEmpty();
    }

    [Fact]
    public void ExchangeExits_OnAPerpetualTheTakeProfitRestsToo_AndWhicheverFillsFirstCancelsTheOther()
    {
        using var run = new Backtest(
            EngineHarness.EnterOnce(0.9, stopLoss: 95m),
            new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero, UseExchangeExitOrders = true, DefaultTakeProfitPercent = 6m },
            new PairConfig { Pair = Btc, MarketType = MarketType.LinearPerpetual, Leverage = 2m });

        run.Step(0, 99, 101, 98, 100);
        run.Step(1, 100, 101, 99, 100); // long entry at 100: stop 95, take-profit 106
        var target = run.Orders.Where(o => o.Type == OrderType.Limit).ShouldHaveSingleItem();
        target.Price.ShouldBe(106m);
        target.ReduceOnly.ShouldBeTrue();
        var stop = run.Orders.Where(o => o.Type == OrderType.StopMarket).ShouldHaveSingleItem();
        stop.ReduceOnly.ShouldBeTrue();
        run.Exchange.WorkingOrders.Count.ShouldBe(2);

        run.Step(2, 101, 107, 100, 104); // touches 106 inside the bar, closes below it

        var closed = run.Ledger.GetPositions(includeClosed: true).ShouldHaveSingleItem();
        closed.IsOpen.ShouldBeFalse();
        closed.ExitReason.ShouldBe(ExitReason.TakeProfit);
        run.Fills[^1].Price.ShouldBe(106m);
        run.Exchange.WorkingOrders.ShouldBeEmpty("the resting stop is cancelled once the take-profit filled");
        run.Exchange.GetPosition(Btc).ShouldBe(0m);
    }

    [Fact]
    public void ExchangeExits_OnSpotTheTakeProfitStaysWithTheEngine()
    {
        using var run = new Backtest(
            EngineHarness.EnterOnce(0.9, stopLoss: 95m),
            new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero, UseExchangeExitOrders = true, DefaultTakeProfitPercent = 6m });

        run.Step(0, 99, 101, 98, 100);
        run.Step(1, 100, 101, 99, 100);
        run.Orders.ShouldNotContain(o => o.Type == OrderType.Limit);
        run.Step(2, 101, 107, 100, 106.5); // closes above 106: the engine sends the exit
        run.Orders[^1].Type.ShouldBe(OrderType.Market);
        run.Step(3, 106, 107, 105, 106);
        run.Ledger.GetPositions(includeClosed: true).ShouldHaveSingleItem().ExitReason.ShouldBe(ExitReason.TakeProfit);
        run.Exchange.WorkingOrders.ShouldBeEmpty("the spot stop is cancelled when the position closes");
    }

    [Fact]
    public void ExchangeStops_RefusedByTheExchange_TheEngineWatchesTheStopAndRaisesAnAlert()
    {
        // A price filter whose floor is above the stop: the exchange refuses the stop order, not the entry.
        var instrument = new Instrument(Btc, MarketType.Spot, tickSize: 0.01m, stepSize: 0.00001m, minQuantity: 0.00001m, maxQuantity: 9000m, minNotional: 10m, minPrice: 96m, maxPrice: 1_000_000m);
        using var run = new Backtest(
            EngineHarness.EnterOnce(0.9, stopLoss: 95m),
            new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero, UseExchangeExitOrders = true },
            exchange: new SimulatedExchangeOptions { Instruments = new Dictionary<TradingPair, Instrument> { [Btc] = instrument } });

        run.Step(0, 99, 101, 98, 100);
        run.Step(1, 101, 103, 100, 102);
        run.Alerts.ShouldContain(a => a.Kind == EngineAlertKind.ExchangeExitRefused);
        run.Exchange.WorkingOrders.ShouldBeEmpty();

        run.Step(2, 101, 101, 94.5, 94.5); // closes below the stop: the engine sends the exit itself
        run.Orders[^1].Type.ShouldBe(OrderType.Market);
        run.Step(3, 96.5, 97, 96.1, 96.5);
        run.Ledger.GetPositions(includeClosed: true).ShouldHaveSingleItem().ExitReason.ShouldBe(ExitReason.StopLoss);
    }

    private sealed class Backtest : IDisposable
    {
        private readonly HistoricalScheduler _scheduler = new(Start);
        private readonly List<IDisposable> _subscriptions = [];

        public Backtest(IPairStrategy strategy, PortfolioEngineOptions? options = null, PairConfig? pair = null, SimulatedExchangeOptions? exchange = null)
        {
            Time = new ManualTimeProvider(Start);
            Ledger = new PortfolioManager(new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 10, MaxPositionSizePercent = 50m, MaxCorrelatedExposurePercent = 500m }, Time);
            Ledger.RegisterPair(pair ?? new PairConfig { Pair = Btc }).IsSuccess.ShouldBeTrue();
            Gate = new RiskGate(Ledger, [], new RiskGateOptions { FeeReservePercent = 0m }, timeProvider: Time);
            Coordinator = new EntryCoordinator(Gate, new FixedFractionAllocation { FractionPercent = 10m }, new CoordinatorOptions { MinimumNotional = 1m });
            Exchange = new SimulatedExchange(exchange ?? new SimulatedExchangeOptions(), Time);
            Engine = new PortfolioEngine(
                Ledger,
                Gate,
                Coordinator,
                Exchange,
                [new PairSetup { Pair = Btc, Strategy = strategy, StrategyId = new StrategyId("sleeve"), InputTimeframe = Timeframe.OneHour }],
                options ?? new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero },
                Time,
                _scheduler);
            _subscriptions.Add(Engine.Fills.Subscribe(Fills.Add));
            _subscriptions.Add(Engine.Alerts.Subscribe(Alerts.Add));
            _subscriptions.Add(Engine.Orders.Subscribe(Events.Add));
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

        public List<OrderEvent> Events { get; } = [];

        public List<EngineAlert> Alerts { get; } = [];

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
