using System.Globalization;
using System.Reactive.Concurrency;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Tests.Engine;

/// <summary>A real ledger, gate, coordinator and engine on a virtual clock, fed bar by bar.</summary>
internal sealed class EngineHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2021, 1, 4, 0, 0, 0, TimeSpan.Zero);
    public static readonly TradingPair Btc = new("BTC", "USDT");
    public static readonly TradingPair Eth = new("ETH", "USDT");
    public static readonly TradingPair Sol = new("SOL", "USDT");
    public static readonly TradingPair Xrp = new("XRP", "USDT");

    private readonly List<IDisposable> _subscriptions = [];

    public EngineHarness(
        IEnumerable<(PairConfig Config, IPairStrategy Strategy)> pairs,
        PortfolioConfig? portfolio = null,
        IEnumerable<IRiskRule>? rules = null,
        IAllocationStrategy? allocation = null,
        PortfolioEngineOptions? options = null,
        Timeframe? input = null,
        SignalConfirmationGate? confirmation = null,
        string? clientOrderIdPrefix = null,
        Func<PortfolioManager, IPortfolioManager>? engineLedger = null)
    {
        Time = new ManualTimeProvider(Start);
        Ledger = new PortfolioManager(portfolio ?? new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 10, MaxPositionSizePercent = 50m, MaxCorrelatedExposurePercent = 500m }, Time);
        var list = pairs.ToList();
        foreach (var (config, _) in list)
        {
            Ledger.RegisterPair(config).IsSuccess.ShouldBeTrue();
        }

        Gate = new RiskGate(Ledger, rules ?? [], new RiskGateOptions { FeeReservePercent = 0m }, timeProvider: Time);
        Coordinator = new EntryCoordinator(Gate, allocation ?? new FixedFractionAllocation { FractionPercent = 10m }, new CoordinatorOptions { MinimumNotional = 1m, ClientOrderIdPrefix = clientOrderIdPrefix ?? "mp" });
        Gateway = new InstantFillGateway(Time, feePercent: 0.1m);
        Scheduler = new HistoricalScheduler(Start);
        Engine = new PortfolioEngine(
            engineLedger?.Invoke(Ledger) ?? Ledger,
            Gate,
            Coordinator,
            Gateway,
            list.Select(p => new PairSetup { Pair = p.Config.Pair, Strategy = p.Strategy, StrategyId = new StrategyId("sleeve"), InputTimeframe = input ?? Timeframe.OneHour }),
            options ?? new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero },
            Time,
            Scheduler,
            confirmation);
        _subscriptions.Add(Engine.Alerts.Subscribe(Alerts.Add));
        _subscriptions.Add(Engine.Fills.Subscribe(Fills.Add));
        _subscriptions.Add(Engine.Signals.Subscribe(Signals.Add));
        _subscriptions.Add(Engine.Decisions.Subscribe(Decisions.Add));
    }

    public ManualTimeProvider Time { get; }

    public PortfolioManager Ledger { get; }

    public RiskGate Gate { get; }

    public EntryCoordinator Coordinator { get; }

    public InstantFillGateway Gateway { get; }

    public HistoricalScheduler Scheduler { get; }

    public PortfolioEngine Engine { get; }

    public List<EngineAlert> Alerts { get; } = [];

    public List<Fill> Fills { get; } = [];

    public List<Signal> Signals { get; } = [];

    public List<GateResult> Decisions { get; } = [];

    public static Bar Bar(TradingPair pair, DateTimeOffset open, double close, double? high = null, double? low = null, Timeframe? timeframe = null) =>
        new(pair, timeframe ?? Timeframe.OneHour, open, close, high ?? close, low ?? close, close, 10);

    /// <summary>Feeds one input bar per pair at <paramref name="open"/> (closes in the given order), with the clock at the bar close.</summary>
    public void Feed(DateTimeOffset open, params (TradingPair Pair, double Close)[] closes)
    {
        var closeTime = open + TimeSpan.FromHours(1);
        if (Time.GetUtcNow() < closeTime)
        {
            Time.SetUtcNow(closeTime);
        }

        foreach (var (pair, close) in closes)
        {
            Gateway.SetPrice(pair, (decimal)close);
            Engine.ProcessBar(Bar(pair, open, close));
        }

        Deliver();
    }

    /// <summary>Delivers every queued notification.</summary>
    public void Deliver() => Scheduler.Start();

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

    /// <summary>A strategy that goes long (or short) on the first primary bar, with a fixed confidence.</summary>
    public static ScriptedStrategy EnterOnce(double confidence, SignalDirection direction = SignalDirection.Long, decimal? stopLoss = null) =>
        new([Timeframe.OneHour], (bar, context) =>
            context.History(Timeframe.OneHour).Count == 1 ? context.Emit(direction, confidence, "scripted entry") with { StopLoss = stopLoss } : null);

    /// <summary>Long after a 1 % rise, out after a 1 % fall; the reason names the oldest bar held (so every history row is read back).</summary>
    public static ScriptedStrategy Momentum() =>
        new([Timeframe.OneHour], (bar, context) =>
        {
            var history = context.History(Timeframe.OneHour);
            if (history.Count < 2)
            {
                return null;
            }

            // The oldest bar held goes into the reason: every row the backtest path streams into the history is read back.
            var change = bar.Close / history[1].Close;
            var oldest = history[history.Count - 1];
            return change > 1.01 ? context.Emit(SignalDirection.Long, 0.5 + (change - 1), string.Create(CultureInfo.InvariantCulture, $"up since {oldest.OpenTime:O} at {oldest.Close:R}"))
                : change < 0.99 ? context.Emit(SignalDirection.Exit, 1, "down")
                : null;
        });
}
