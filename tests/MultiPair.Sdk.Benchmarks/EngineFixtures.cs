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

namespace MultiPair.Sdk.Benchmarks;

/// <summary>
/// A real engine (ledger, gate, coordinator, engine) on a manual clock, for <see cref="EngineBenchmarks"/> and
/// <c>throughput --engine</c>.
/// </summary>
internal sealed class EngineFixture : IDisposable
{
    /// <summary>The first bar's open time.</summary>
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private EngineFixture(TradingPair[] pairs, int enginePairs, Func<int, IPairStrategy> strategy, IRiskRule[] rules, decimal fractionPercent, bool instruments)
    {
        Pairs = pairs;
        Time = new ManualTimeProvider(Start);
        Ledger = new PortfolioManager(
            new PortfolioConfig
            {
                TotalCapital = 1_000_000m,
                MaxPositions = 1_000,
                MaxPositionSizePercent = 5m,
                MaxCorrelatedExposurePercent = 50m,
            },
            Time);
        for (var i = 0; i < pairs.Length; i++)
        {
            _ = Ledger.RegisterPair(new PairConfig { Pair = pairs[i], CorrelationGroup = string.Create(CultureInfo.InvariantCulture, $"g{i % 10}") }).Value;
        }

        Gate = new RiskGate(
            Ledger,
            rules,
            new RiskGateOptions(),
            instruments ? pairs.Select(p => new Instrument(p, MarketType.Spot, tickSize: 0.01m, stepSize: 0.001m, minQuantity: 0.001m, minNotional: 10m)) : null,
            Time);
        Coordinator = new EntryCoordinator(Gate, new FixedFractionAllocation { FractionPercent = fractionPercent });
        Gateway = new SwitchableGateway(new InstantFillGateway(Time, feePercent: 0.1m), Ledger);
        Engine = new PortfolioEngine(
            Ledger,
            Gate,
            Coordinator,
            Gateway,
            Enumerable.Range(0, enginePairs).Select(i => new PairSetup { Pair = pairs[i], Strategy = strategy(i), StrategyId = new StrategyId("bench"), InputTimeframe = Timeframe.OneHour }),
            new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero },
            Time,
            ImmediateScheduler.Instance);
    }

    public TradingPair[] Pairs { get; }

    public ManualTimeProvider Time { get; }

    public PortfolioManager Ledger { get; }

    public RiskGate Gate { get; }

    public EntryCoordinator Coordinator { get; }

    public SwitchableGateway Gateway { get; }

    public PortfolioEngine Engine { get; }

    /// <summary>The rule chain of the tick and gate benchmarks (the exchange filter always runs in the gate).</summary>
    public static IRiskRule[] DefaultRules() =>
    [
        new MaxPositionsRule(),
        new MaxPositionSizeRule(),
        new MaxGrossExposureRule(),
        new MaxPairExposureRule(),
        new CorrelatedExposureRule(),
        new DailyLossLimitRule(),
        new DrawdownThrottleRule(),
        new MinimumConfidenceRule(),
    ];

    public static TradingPair[] MakePairs(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new TradingPair(string.Create(CultureInfo.InvariantCulture, $"P{i:D3}"), "USDT"))];

    /// <summary>
    /// <paramref name="pairs"/> pairs, each running the built-in <c>ema-cross</c> (12/26, 1h) on 1h input bars, no
    /// positions. Prices rise by a constant step per bar (see <see cref="BarPathClose"/>): the fast EMA stays above the
    /// slow one, so no cross and no signal, ever.
    /// </summary>
    public static EngineFixture BarPath(int pairs) => EmaCross(MakePairs(pairs));

    /// <summary>The given pairs, each running the built-in <c>ema-cross</c> (12/26, 1h) on 1h input bars, no positions.</summary>
    public static EngineFixture EmaCross(TradingPair[] pairs)
    {
        var registry = StrategyRegistry.CreateDefault();
        return new EngineFixture(pairs, pairs.Length, _ => registry.Create("ema-cross"), DefaultRules(), 0.4m, instruments: false);
    }

    /// <summary>The close of pair <paramref name="pair"/> at bar <paramref name="t"/>: a straight line up, no cross.</summary>
    public static double BarPathClose(int pair, long t) => 100.0 + pair + (0.001 * t);

    /// <summary>
    /// <paramref name="pairs"/> pairs run by the engine (plus one registered, free pair for entry proposals), each
    /// entered long through the engine on its first bar with a stop loss at 95 (price 100, 0.4 % of equity each, all
    /// filled), so there is one open position with a stop per pair. Afterwards the gateway rejects every order.
    /// </summary>
    public static EngineFixture Book(int pairs)
    {
        var fixture = new EngineFixture(
            MakePairs(pairs + 1),
            pairs,
            _ => new ScriptedStrategy([Timeframe.OneHour], (bar, context) =>
                context.History(Timeframe.OneHour).Count == 1 ? context.Emit(SignalDirection.Long, 0.7, "bench entry") with { StopLoss = 95m } : null),
            DefaultRules(),
            0.4m,
            instruments: true);
        var close = Start + TimeSpan.FromHours(1);
        fixture.Time.SetUtcNow(close);
        for (var i = 0; i < fixture.Pairs.Length; i++)
        {
            fixture.Gateway.Inner.SetPrice(fixture.Pairs[i], 100m);
        }

        _ = fixture.Ledger.UpdatePrice(fixture.Pairs[pairs], 100m).Value;
        for (var i = 0; i < pairs; i++)
        {
            fixture.Engine.ProcessBar(new Bar(fixture.Pairs[i], Timeframe.OneHour, Start, 100, 100, 100, 100, 10));
        }

        fixture.Engine.Flush();
        var open = fixture.Ledger.GetPositions().Count;
        if (open != pairs)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Expected {pairs} open positions, got {open}."));
        }

        fixture.Gateway.Reject = true;
        return fixture;
    }

    public void Dispose()
    {
        Engine.Dispose();
        Coordinator.Dispose();
        Gate.Dispose();
    }

    /// <summary>Fills through an <see cref="InstantFillGateway"/>, or rejects every order synchronously (nothing stays working).</summary>
    internal sealed class SwitchableGateway(InstantFillGateway inner, PortfolioManager ledger) : IOrderGateway
    {
        public InstantFillGateway Inner { get; } = inner;

        public bool Reject { get; set; }

        public long Sent { get; private set; }

        public void Send(OrderRequest order, IExecutionSink sink)
        {
            Sent++;
            if (Reject)
            {
                sink.Report(new ExecutionReport(order.ClientOrderId, ExecutionStatus.Rejected, EngineFixture.Start) { Reason = "bench" });
                return;
            }

            // Market orders fill at the pair's latest mark (the closing bar's close).
            if (ledger.GetPrice(order.Pair) is { } price)
            {
                Inner.SetPrice(order.Pair, price);
            }

            Inner.Send(order, sink);
        }

        public void Cancel(ClientOrderId clientOrderId, IExecutionSink sink) => Inner.Cancel(clientOrderId, sink);
    }
}
