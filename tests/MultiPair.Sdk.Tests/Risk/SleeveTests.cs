using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.GateFixture;

namespace MultiPair.Sdk.Tests.Risk;

public sealed class SleeveTests
{
    private static RiskGateOptions TwoSleeves(SideConflictPolicy policy = SideConflictPolicy.RejectLater) => new()
    {
        FeeReservePercent = 0m,
        ConflictPolicy = policy,
        Sleeves =
        [
            new SleeveConfig { Id = new StrategyId("trend"), BudgetPercent = 30m, Strategies = ["ema-cross", "breakout"] },
            new SleeveConfig { Id = new StrategyId("revert"), BudgetAmount = 1_000m },
        ],
    };

    [Fact]
    public void Submit_SleeveBudgetPartlyUsed_ResizesToWhatIsLeftOfIt()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, options: TwoSleeves(), instruments: false);
        gate.Submit(Buy(Eth, 1m, 2_000m, "trend"), NextId()).IsApproved.ShouldBeTrue();

        var second = gate.Submit(Buy(Btc, 0.05m, 40_000m, "trend"), NextId());

        second.Decision.Code.ShouldBe(RiskReasonCode.SleeveBudget);
        second.Decision.Quantity.ShouldBe(0.025m); // 3,000 budget - 2,000 reserved = 1,000
        gate.Submit(Buy(Btc, 0.01m, 40_000m, "trend"), NextId()).Decision.Code.ShouldBe(RiskReasonCode.SleeveBudget);
        gate.Submit(Buy(Btc, 0.02m, 40_000m, "revert"), NextId()).Decision.Kind.ShouldBe(RiskDecisionKind.Approve);
    }

    [Fact]
    public void Submit_LeveragedSleeveEntry_CountsMarginAgainstBudget()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, options: TwoSleeves(), instruments: false);

        // 1,000 of margin at 10x buys 10,000 of SOL notional.
        gate.Submit(Buy(Sol, 600m, 20m, "revert"), NextId()).Decision.Quantity.ShouldBe(500m);
    }

    [Fact]
    public void Submit_UnknownSleeve_Rejects()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, options: TwoSleeves(), instruments: false);

        var result = gate.Submit(Buy(Eth, 0.1m, 2_000m, "grid"), NextId());

        result.Decision.Code.ShouldBe(RiskReasonCode.SleeveBudget);
        result.Decision.Message.ShouldContain("not configured");
    }

    [Fact]
    public void Submit_OppositeSideOfHeldPair_RejectLaterPolicyRejects()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, options: TwoSleeves(), instruments: false);
        gate.Submit(Buy(Sol, 10m, 20m, "trend"), NextId()).IsApproved.ShouldBeTrue(); // in flight only

        var conflicting = gate.Submit(Sell(Sol, 10m, 20m, "revert"), NextId());

        conflicting.Decision.Code.ShouldBe(RiskReasonCode.SideConflict);
        conflicting.Decision.Message.ShouldContain("'trend'");
        gate.Submit(Buy(Sol, 5m, 20m, "revert"), NextId()).IsApproved.ShouldBeTrue();
    }

    [Fact]
    public void Submit_OppositeSideOfHeldPair_NetPolicyAllowsBothSleeves()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, options: TwoSleeves(SideConflictPolicy.Net), instruments: false);
        Fill(ledger, gate, gate.Submit(Buy(Sol, 10m, 20m, "trend"), NextId()));

        var net = gate.Submit(Sell(Sol, 10m, 20m, "revert"), NextId());

        net.IsApproved.ShouldBeTrue();
        Fill(ledger, gate, net);
        ledger.UpdatePrice(Sol, 22m);
        var metrics = ledger.GetPortfolioMetrics();
        metrics.NetExposure.ShouldBe(0m);
        metrics.ByStrategy.Single(a => a.Key == new StrategyId("trend")).UnrealizedPnl.ShouldBe(20m);
        metrics.ByStrategy.Single(a => a.Key == new StrategyId("revert")).UnrealizedPnl.ShouldBe(-20m);
    }

    [Fact]
    public void CreateSnapshot_Sleeves_ReportBudgetsAtCurrentEquity()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, options: TwoSleeves(), instruments: false);

        var sleeves = gate.CreateSnapshot().Sleeves;

        sleeves.ShouldBe([new SleeveBudget(new StrategyId("trend"), 3_000m), new SleeveBudget(new StrategyId("revert"), 1_000m)]);
    }
}
