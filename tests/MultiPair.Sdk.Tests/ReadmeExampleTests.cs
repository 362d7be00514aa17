using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Tests;

/// <summary>The README's ledger example, kept compiling and true.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void LedgerExample_AsWrittenInReadme_ProducesTheDescribedBook()
    {
        var portfolio = new PortfolioManager(new PortfolioConfig { TotalCapital = 10_000m, MaxPositionSizePercent = 25m });
        portfolio.RegisterPair(new PairConfig { Pair = TradingPair.Parse("BTCUSDT"), PositionSizePercent = 20m });
        portfolio.RegisterPair(new PairConfig { Pair = TradingPair.Parse("SOL/USDT:USDT"), MarketType = MarketType.LinearPerpetual, Leverage = 10m });

        portfolio.AddPosition(new OpenPositionRequest { Id = new("btc-1"), Pair = TradingPair.Parse("BTC/USDT"), Quantity = 0.05m, EntryPrice = 40_000m, Fee = Fee.InBase(0.00005m) });
        portfolio.AddPosition(new OpenPositionRequest { Id = new("sol-1"), Pair = TradingPair.Parse("sol_usdt"), Side = PositionSide.Short, Quantity = 100m, EntryPrice = 20m, Fee = Fee.InQuote(0.8m) });
        portfolio.UpdatePrice(TradingPair.Parse("SOL-USDT"), 18m);

        PortfolioMetrics metrics = portfolio.GetPortfolioMetrics();
        IReadOnlyList<RiskViolation> violations = portfolio.GetRiskViolations();
        IReadOnlyList<RebalanceAction> actions = portfolio.GetRebalanceActions();

        metrics.ActivePositions.ShouldBe(2);
        metrics.FeesPaid.ShouldBe(2m + 0.8m);
        metrics.UnrealizedPnl.ShouldBe(200m);
        metrics.TotalCapital.ShouldBe(10_000m - 2m - 0.8m + 200m);
        metrics.ByPair.Select(a => a.Key.ToString()).ShouldBe(["BTC/USDT", "SOL/USDT"]);
        violations.ShouldBeEmpty();
        actions.Select(a => (a.Pair.ToString(), a.Reason)).ShouldBe([("SOL/USDT", RebalanceReason.Drift)]); // 1.8 % of margin against a 5 % target
    }

    [Fact]
    public void RiskGateExample_AsWrittenInReadme_ApprovesTheBarsSignals()
    {
        var portfolio = new PortfolioManager(new PortfolioConfig { TotalCapital = 10_000m, MaxPositionSizePercent = 25m });
        portfolio.RegisterPair(new PairConfig { Pair = TradingPair.Parse("BTCUSDT") });
        portfolio.RegisterPair(new PairConfig { Pair = TradingPair.Parse("SOL/USDT:USDT"), MarketType = MarketType.LinearPerpetual, Leverage = 10m });
        portfolio.UpdatePrice(TradingPair.Parse("BTCUSDT"), 40_000m);
        portfolio.UpdatePrice(TradingPair.Parse("SOLUSDT"), 20m);
        Instrument[] instruments = [new(TradingPair.Parse("BTCUSDT"), MarketType.Spot, tickSize: 0.01m, stepSize: 0.00001m, minQuantity: 0.00001m, minNotional: 10m)];
        var now = DateTimeOffset.UnixEpoch;
        Signal[] signalsOfThisBar =
        [
            new(TradingPair.Parse("BTCUSDT"), SignalDirection.Long, 0.9, now) { Strategy = new("trend") },
            new(TradingPair.Parse("SOLUSDT"), SignalDirection.Short, 0.7, now) { Strategy = new("revert") },
        ];

        using var gate = new RiskGate(portfolio,
            [new MaxPositionsRule(), new MaxGrossExposureRule { MaxPercent = 210m }, new DailyLossLimitRule { MaxLossPercent = 3m },
             new StopLossGuardProtection(), new LossStreakCooldownProtection { LockAllPairs = true }],
            new RiskGateOptions { Sleeves = [new SleeveConfig { Id = new("trend"), BudgetPercent = 60m }, new SleeveConfig { Id = new("revert"), BudgetPercent = 40m }] },
            instruments);
        using var coordinator = new EntryCoordinator(gate, new FixedFractionAllocation { FractionPercent = 7m });
        CoordinationResult decision = coordinator.Coordinate(signalsOfThisBar);

        decision.Rejected.ShouldBeEmpty();
        decision.Approved.Select(i => (i.Proposal.Pair.ToString(), i.Proposal.Quantity)).ShouldBe([("BTC/USDT", 0.0175m), ("SOL/USDT", 350m)]);
        gate.Reservations.Count.ShouldBe(2);
    }
}
