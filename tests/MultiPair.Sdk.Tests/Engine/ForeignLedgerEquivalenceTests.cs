using MultiPair.Sdk.Engine;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;
using MultiPair.Sdk.Tests.Portfolio;
using static MultiPair.Sdk.Tests.Engine.EngineHarness;

namespace MultiPair.Sdk.Tests.Engine;

/// <summary>
/// The engine takes shortcuts when its ledger is the built-in <see cref="PortfolioManager"/> (a position's quantity or
/// identity without building its view, marks straight into the pair's state); behind any other
/// <see cref="IPortfolioManager"/> it goes through the interface. Both ways must decide, fill and book the same.
/// </summary>
public sealed class ForeignLedgerEquivalenceTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void RandomWalk_DelegatingLedger_BehavesLikeTheBuiltInOne(int seed)
    {
        TradingPair[] pairs = [Btc, Eth, Sol, Xrp];
        using var direct = Create(pairs, wrap: false);
        using var foreign = Create(pairs, wrap: true);
        var random = new Random(seed);
        var closes = pairs.ToDictionary(p => p, _ => 100.0);
        for (var step = 0; step < 400; step++)
        {
            var open = Start + TimeSpan.FromHours(step);
            var bars = new List<Bar>();
            foreach (var pair in pairs)
            {
                closes[pair] *= 1 + ((random.NextDouble() - 0.5) * 0.05);
                bars.Add(Bar(pair, open, Math.Round(closes[pair], 4)));
            }

            foreach (var harness in new[] { direct, foreign })
            {
                harness.Time.SetUtcNow(open + TimeSpan.FromHours(1));
                foreach (var bar in bars)
                {
                    harness.Gateway.SetPrice(bar.Pair, (decimal)bar.Close);
                }

                harness.Engine.ProcessBars(bars.ToArray());
                harness.Deliver();
            }
        }

        foreign.Signals.Select(s => s.ToString()).ShouldBe(direct.Signals.Select(s => s.ToString()));
        foreign.Decisions.Select(d => d.ToString()).ShouldBe(direct.Decisions.Select(d => d.ToString()));
        foreign.Fills.Select(f => f.ToString()).ShouldBe(direct.Fills.Select(f => f.ToString()));
        foreign.Alerts.Select(a => a.ToString()).ShouldBe(direct.Alerts.Select(a => a.ToString()));
        LedgerFixture.Snapshot(foreign.Ledger).ShouldBe(LedgerFixture.Snapshot(direct.Ledger));

        // Stops and take-profits fired (exits decided from the ledger's positions), and positions were opened and closed.
        direct.Ledger.GetPositions(includeClosed: true).Count(p => p.ExitReason is ExitReason.StopLoss or ExitReason.TakeProfit).ShouldBeGreaterThan(0);
        direct.Ledger.GetPositions(includeClosed: true).Count(p => p.ExitReason == ExitReason.Signal).ShouldBeGreaterThan(0);
    }

    private static EngineHarness Create(TradingPair[] pairs, bool wrap) =>
        new(
            pairs.Select(p => (new PairConfig { Pair = p }, (IPairStrategy)EngineHarness.Momentum())),
            options: new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero, DefaultStopLossPercent = 2m, DefaultTakeProfitPercent = 3m },
            engineLedger: wrap ? ledger => new DelegatingLedger(ledger) : null);

    /// <summary>Another <see cref="IPortfolioManager"/>: forwards every member to a built-in ledger.</summary>
    private sealed class DelegatingLedger(PortfolioManager inner) : IPortfolioManager
    {
        public PortfolioConfig Config => inner.Config;

        public decimal Cash => inner.Cash;

        public IReadOnlyList<PairConfig> Pairs => inner.Pairs;

        public LedgerResult<PairConfig> RegisterPair(PairConfig config) => inner.RegisterPair(config);

        public PairConfig? GetPairConfig(TradingPair pair) => inner.GetPairConfig(pair);

        public decimal? GetPrice(TradingPair pair) => inner.GetPrice(pair);

        public LedgerResult<Position> AddPosition(OpenPositionRequest request) => inner.AddPosition(request);

        public LedgerResult<Position> IncreasePosition(PositionId id, decimal quantity, decimal price, Fee fee = default, bool enforceFunds = true) =>
            inner.IncreasePosition(id, quantity, price, fee, enforceFunds);

        public LedgerResult<Position> UpdatePosition(PositionId id, decimal currentPrice) => inner.UpdatePosition(id, currentPrice);

        public LedgerResult<int> UpdatePrice(TradingPair pair, decimal price) => inner.UpdatePrice(pair, price);

        public LedgerResult<PositionReduction> ClosePosition(PositionId id, decimal exitPrice, Fee fee = default, ExitReason reason = ExitReason.Signal) =>
            inner.ClosePosition(id, exitPrice, fee, reason);

        public LedgerResult<PositionReduction> ReducePosition(PositionId id, decimal quantity, decimal exitPrice, Fee fee = default, ExitReason reason = ExitReason.Signal) =>
            inner.ReducePosition(id, quantity, exitPrice, fee, reason);

        public Position? GetPosition(PositionId id) => inner.GetPosition(id);

        public IReadOnlyList<Position> GetPositions(bool includeClosed = false) => inner.GetPositions(includeClosed);

        public PortfolioMetrics GetPortfolioMetrics() => inner.GetPortfolioMetrics();

        public bool CheckRiskLimits() => inner.CheckRiskLimits();

        public IReadOnlyList<RiskViolation> GetRiskViolations() => inner.GetRiskViolations();

        public IReadOnlyList<RebalanceAction> GetRebalanceActions() => inner.GetRebalanceActions();
    }
}
