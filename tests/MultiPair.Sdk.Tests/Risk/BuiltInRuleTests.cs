using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.GateFixture;

namespace MultiPair.Sdk.Tests.Risk;

public sealed class BuiltInRuleTests
{
    [Fact]
    public void MaxPositionsRule_OpenPlusPendingAtLimit_RejectsNewPositionButNotIncrease()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, [new MaxPositionsRule { MaxPositions = 2 }], instruments: false);
        var held = Fill(ledger, gate, gate.Submit(Buy(Eth, 0.1m, 2_000m), NextId()));
        gate.Submit(Buy(Btc, 0.01m, 40_000m), NextId()).IsApproved.ShouldBeTrue(); // in flight

        gate.Evaluate(Buy(Sol, 1m, 20m)).Decision.Code.ShouldBe(RiskReasonCode.MaxPositions);
        gate.Evaluate(Buy(Eth, 0.1m, 2_000m) with { Intent = ProposalIntent.Increase, PositionId = held }).IsApproved.ShouldBeTrue();
    }

    [Fact]
    public void MaxPositionsRule_Unset_UsesPortfolioMaxPositions()
    {
        var (ledger, time) = Ledger(config: new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 1, MaxPositionSizePercent = 100m });
        using var gate = Gate(ledger, time, [new MaxPositionsRule()], instruments: false);
        gate.Submit(Buy(Eth, 0.1m, 2_000m), NextId());

        gate.Evaluate(Buy(Btc, 0.001m, 40_000m)).Decision.Code.ShouldBe(RiskReasonCode.MaxPositions);
    }

    [Fact]
    public void MaxPositionSizeRule_LeveragedPerpetual_LimitsMarginNotNotional()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, [new MaxPositionSizeRule { MaxPercent = 7m }], instruments: false);

        // 7 % of 10,000 as margin at 10x: 7,000 notional = 350 SOL at 20.
        var result = gate.Evaluate(Buy(Sol, 500m, 20m));

        result.Decision.Quantity.ShouldBe(350m);
        result.Decision.Code.ShouldBe(RiskReasonCode.PositionSize);
    }

    [Fact]
    public void MaxPositionSizeRule_Increase_CountsWhatThePositionHolds()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, [new MaxPositionSizeRule { MaxPercent = 10m }], instruments: false);
        var held = Fill(ledger, gate, gate.Submit(Buy(Eth, 0.4m, 2_000m), NextId()));

        gate.Evaluate(Buy(Eth, 1m, 2_000m) with { Intent = ProposalIntent.Increase, PositionId = held }).Decision.Quantity.ShouldBe(0.1m);
    }

    [Fact]
    public void MaxPositionNotionalRule_PairCap_ResizesToCap()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, [new MaxPositionNotionalRule { MaxNotional = 1_000m }], instruments: false);

        gate.Evaluate(Buy(Eth, 1m, 2_000m)).Decision.Quantity.ShouldBe(0.5m);
        gate.Evaluate(Buy(Eth, 0.25m, 2_000m)).Decision.Kind.ShouldBe(RiskDecisionKind.Approve);
    }

    [Fact]
    public void MaxGrossExposureRule_ThreeSevenPercentPositionsAtTenX_Reach210Percent()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, [new MaxGrossExposureRule { MaxPercent = 210m }], instruments: false);
        gate.Submit(Buy(Sol, 350m, 20m), NextId()).IsApproved.ShouldBeTrue(); // 7,000 notional
        gate.Submit(Buy(Sol, 350m, 20m), NextId()).IsApproved.ShouldBeTrue();
        gate.Submit(Buy(Sol, 350m, 20m), NextId()).IsApproved.ShouldBeTrue(); // 21,000 = 210 %

        var fourth = gate.Evaluate(Buy(Xrp, 100m, 0.5m));

        fourth.Decision.Code.ShouldBe(RiskReasonCode.GrossExposure);
        fourth.IsApproved.ShouldBeFalse();
    }

    [Fact]
    public void MaxPairExposureRule_PairAlreadyExposed_ResizesToRoom()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, [new MaxPairExposureRule { MaxPercent = 25m }], instruments: false);
        gate.Submit(Buy(Eth, 1m, 2_000m), NextId());

        gate.Evaluate(Buy(Eth, 1m, 2_000m)).Decision.Quantity.ShouldBe(0.25m);
        gate.Evaluate(Buy(Btc, 0.05m, 40_000m)).Decision.Kind.ShouldBe(RiskDecisionKind.Approve);
    }

    [Fact]
    public void OnePositionPerPairRule_PairHeldByAnotherSleeve_RejectsUnlessPerSleeve()
    {
        var (ledger, time) = Ledger();
        using var accountWide = Gate(ledger, time, [new OnePositionPerPairRule()], instruments: false);
        Fill(ledger, accountWide, accountWide.Submit(Buy(Eth, 0.1m, 2_000m, "trend"), NextId()));

        accountWide.Evaluate(Buy(Eth, 0.1m, 2_000m, "revert")).Decision.Code.ShouldBe(RiskReasonCode.OnePositionPerPair);
        using var perSleeve = Gate(ledger, time, [new OnePositionPerPairRule { PerSleeve = true }], instruments: false);
        perSleeve.Evaluate(Buy(Eth, 0.1m, 2_000m, "revert")).IsApproved.ShouldBeTrue();
        perSleeve.Evaluate(Buy(Eth, 0.1m, 2_000m, "trend")).Decision.Code.ShouldBe(RiskReasonCode.OnePositionPerPair);
    }

    [Fact]
    public void CorrelatedExposureRule_GroupLimit_CountsEveryPairOfTheGroup()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, [new CorrelatedExposureRule { MaxPercent = 30m, GroupLimits = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["alts"] = 50m } }], instruments: false);
        gate.Submit(Buy(Eth, 1m, 2_000m), NextId());

        gate.Evaluate(Buy(Btc, 0.05m, 40_000m)).Decision.Quantity.ShouldBe(0.025m);
        gate.Evaluate(Buy(Sol, 300m, 20m)).Decision.Quantity.ShouldBe(250m);
    }

    [Fact]
    public void ReturnCorrelationRule_HighlyCorrelatedSameSide_RejectsButAllowsOppositeSide()
    {
        var (ledger, time) = Ledger(capital: 100_000m);
        var matrix = new RollingCorrelationMatrix(window: 50, minimumOverlap: 10);
        var random = new Random(7);
        double btc = 40_000, eth = 2_000, xrp = 0.5;
        for (var i = 0; i < 60; i++)
        {
            var shock = (random.NextDouble() - 0.5) * 0.02;
            btc *= 1 + shock;
            eth *= 1 + (shock * 1.1) + ((random.NextDouble() - 0.5) * 0.001);
            xrp *= 1 + ((random.NextDouble() - 0.5) * 0.02);
            var barTime = Start.AddHours(i);
            matrix.Update(Btc, barTime, btc);
            matrix.Update(Eth, barTime, eth);
            matrix.Update(Xrp, barTime, xrp);
        }

        matrix.Correlation(Btc, Eth)!.Value.ShouldBeGreaterThan(0.95);
        using var gate = Gate(ledger, time, [new ReturnCorrelationRule { Matrix = matrix, MaxCorrelation = 0.8 }], instruments: false);
        Fill(ledger, gate, gate.Submit(Buy(Btc, 0.1m, 40_000m), NextId()));

        gate.Evaluate(Buy(Eth, 1m, 2_000m)).Decision.Code.ShouldBe(RiskReasonCode.ReturnCorrelation);
        gate.Evaluate(Buy(Xrp, 1_000m, 0.5m)).IsApproved.ShouldBeTrue();
    }

    [Fact]
    public void DailyLossLimitRule_LossReached_RejectsAndTripsReduceOnly()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, [new DailyLossLimitRule { MaxLossPercent = 3m }], instruments: false);
        Fill(ledger, gate, gate.Submit(Buy(Eth, 2m, 2_000m), NextId()));
        ledger.UpdatePrice(Eth, 1_840m); // -320 = -3.2 % of the day-start equity

        var result = gate.Submit(Buy(Btc, 0.01m, 40_000m), NextId());

        result.Decision.Code.ShouldBe(RiskReasonCode.DailyLossLimit);
        result.Decision.RequestedState.ShouldBe(TradingState.ReduceOnly);
        gate.State.ShouldBe(TradingState.ReduceOnly);
    }

    [Fact]
    public void DailyLossLimitRule_NextUtcDay_MeasuresFromNewDayStart()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        var rule = new DailyLossLimitRule { MaxLossPercent = 3m };
        using var gate = Gate(ledger, time, [rule], instruments: false);
        Fill(ledger, gate, gate.Submit(Buy(Eth, 2m, 2_000m), NextId()));
        ledger.UpdatePrice(Eth, 1_900m); // -2 % today
        gate.Evaluate(Buy(Btc, 0.01m, 40_000m)).IsApproved.ShouldBeTrue();

        time.Advance(TimeSpan.FromHours(13)); // 01:00 the next day: day-start equity is now 9,800
        gate.Evaluate(Buy(Btc, 0.01m, 40_000m)).IsApproved.ShouldBeTrue();
        ledger.UpdatePrice(Eth, 1_800m); // -2 % of 9,800

        gate.Evaluate(Buy(Btc, 0.01m, 40_000m)).IsApproved.ShouldBeTrue();
        gate.Inspect().ShouldBeEmpty();
    }

    [Fact]
    public void DrawdownThrottleRule_BetweenLevels_ScalesAndAtHaltLevelHalts()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, [new DrawdownThrottleRule { ReduceFromPercent = 10m, HaltAtPercent = 20m }], instruments: false);
        Fill(ledger, gate, gate.Submit(Buy(Eth, 4m, 2_000m), NextId()));
        gate.CreateSnapshot(); // peak 10,000
        ledger.UpdatePrice(Eth, 1_625m); // equity 8,500: 15 % drawdown, half-way

        gate.Evaluate(Buy(Sol, 10m, 20m)).Decision.Quantity.ShouldBe(5m);

        ledger.UpdatePrice(Eth, 1_487.5m); // equity 7,950: 20.5 % drawdown
        var alerts = gate.Inspect();
        alerts.ShouldHaveSingleItem().Code.ShouldBe(RiskReasonCode.Drawdown);
        gate.State.ShouldBe(TradingState.Halted);
    }

    [Fact]
    public void EmergencyLiquidationRule_LossReached_ProposesClosingEverythingAndAllowsIt()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, [new EmergencyLiquidationRule { LossPercent = 10m }], instruments: false);
        var eth = Fill(ledger, gate, gate.Submit(Buy(Eth, 4m, 2_000m), NextId()));
        var sol = Fill(ledger, gate, gate.Submit(Sell(Sol, 100m, 20m), NextId()));
        ledger.UpdatePrice(Eth, 1_700m); // -1,200
        ledger.UpdatePrice(Sol, 21m); // -100

        var alert = gate.Inspect().ShouldHaveSingleItem();

        alert.Code.ShouldBe(RiskReasonCode.EmergencyLiquidation);
        gate.State.ShouldBe(TradingState.ReduceOnly);
        alert.Proposals.Select(p => (p.PositionId, p.Side, p.Quantity, p.Intent)).ShouldBe(
        [
            (eth, MultiPair.Sdk.Execution.OrderSide.Sell, 4m, ProposalIntent.Close),
            (sol, MultiPair.Sdk.Execution.OrderSide.Buy, 100m, ProposalIntent.Close),
        ]);
        foreach (var proposal in alert.Proposals)
        {
            gate.Evaluate(proposal).IsApproved.ShouldBeTrue();
        }

        gate.Evaluate(Buy(Btc, 0.01m, 40_000m)).IsApproved.ShouldBeFalse();
    }

    [Fact]
    public void MinimumConfidenceRule_LowConfidence_Rejects()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, [new MinimumConfidenceRule { MinimumConfidence = 0.6 }], instruments: false);

        gate.Evaluate(Buy(Eth, 0.1m, 2_000m) with { Confidence = 0.59 }).Decision.Code.ShouldBe(RiskReasonCode.LowConfidence);
        gate.Evaluate(Buy(Eth, 0.1m, 2_000m) with { Confidence = 0.6 }).IsApproved.ShouldBeTrue();
    }

    [Theory]
    [InlineData("long", null, RiskReasonCode.StopLossMissing)]
    [InlineData("long", 2_100.0, RiskReasonCode.StopLossInvalid)]
    [InlineData("long", 1_500.0, RiskReasonCode.StopLossInvalid)]
    [InlineData("long", 1_900.0, RiskReasonCode.None)]
    [InlineData("short", 1_900.0, RiskReasonCode.StopLossInvalid)]
    [InlineData("short", 2_100.0, RiskReasonCode.None)]
    public void StopLossRule_StopPlacement_IsCheckedBySide(string side, double? stop, RiskReasonCode expected)
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, [new StopLossRule { MaxDistancePercent = 20m }], instruments: false);
        var proposal = (string.Equals(side, "long", StringComparison.Ordinal) ? Buy(Sol, 1m, 2_000m) : Sell(Sol, 1m, 2_000m)) with { StopLoss = (decimal?)stop };

        gate.Evaluate(proposal).Decision.Code.ShouldBe(expected);
    }
}
