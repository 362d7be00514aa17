using MultiPair.Sdk.Portfolio;
using static MultiPair.Sdk.Tests.Portfolio.LedgerFixture;

namespace MultiPair.Sdk.Tests.Portfolio;

public sealed class RebalanceActionTests
{
    [Fact]
    public void GetRebalanceActions_WeightWithinThreshold_IsEmpty()
    {
        var manager = Create();
        manager.AddPosition(Open("b", Btc, 0.12m, 40_000m)); // 4.8 % against a 5 % target: 4 % drift

        manager.GetRebalanceActions().ShouldBeEmpty();
    }

    [Fact]
    public void GetRebalanceActions_WeightDriftedDown_ProposesIncrease()
    {
        var manager = Create();
        manager.AddPosition(Open("b", Btc, 0.1m, 40_000m)); // 4 % against 5 %: 20 % drift

        var action = manager.GetRebalanceActions().ShouldHaveSingleItem();

        action.Reason.ShouldBe(RebalanceReason.Drift);
        action.CurrentPercent.ShouldBe(4m);
        action.TargetPercent.ShouldBe(5m);
        action.QuantityDelta.ShouldBe(0.025m);
        action.IsReduction.ShouldBeFalse();
    }

    [Fact]
    public void GetRebalanceActions_PriceRoseAboveTarget_ProposesReductionBack()
    {
        var manager = Create();
        manager.AddPosition(Open("b", Btc, 0.125m, 40_000m));
        manager.UpdatePrice(Btc, 48_000m); // 6,000 of 101,000

        var action = manager.GetRebalanceActions().ShouldHaveSingleItem();

        action.Reason.ShouldBe(RebalanceReason.ExceedsMaxPositionSize);
        action.IsReduction.ShouldBeTrue();
        var equity = 101_000m;
        action.QuantityDelta.ShouldBe(((5m * equity / 100m) - 6_000m) / 48_000m);
    }

    [Fact]
    public void GetRebalanceActions_OverPortfolioMaxSize_ProposesCutToMax()
    {
        var manager = Create(config: new PortfolioConfig { TotalCapital = 100_000m, MaxPositionSizePercent = 10m });
        manager.AddPosition(Open("b", Btc, 0.5m, 40_000m));

        var action = manager.GetRebalanceActions().ShouldHaveSingleItem();

        action.Reason.ShouldBe(RebalanceReason.ExceedsMaxPositionSize);
        action.CurrentPercent.ShouldBe(20m);
        action.TargetPercent.ShouldBe(10m);
        action.QuantityDelta.ShouldBe(-0.25m);
    }

    [Fact]
    public void GetRebalanceActions_OverPairMaxNotional_ProposesCutToCap()
    {
        var manager = new PortfolioManager(new PortfolioConfig { TotalCapital = 100_000m });
        manager.RegisterPair(new PairConfig { Pair = Eth, MaxPositionSizeQuote = 3_000m });
        manager.AddPosition(Open("e", Eth, 4m, 1_000m));

        var action = manager.GetRebalanceActions().ShouldHaveSingleItem();

        action.Reason.ShouldBe(RebalanceReason.ExceedsPairMaxNotional);
        action.QuantityDelta.ShouldBe(-1m);
        action.TargetPercent.ShouldBe(3m);
    }

    [Fact]
    public void GetRebalanceActions_LeveragedPerpetualUnderTarget_SizesByMargin()
    {
        var manager = Create(config: new PortfolioConfig { TotalCapital = 100_000m, MaxPositionSizePercent = 10m });
        manager.AddPosition(Open("s", Sol, 3_000m, 20m)); // margin 6,000 = 6 % against a 7 % target

        var action = manager.GetRebalanceActions().ShouldHaveSingleItem();

        action.Reason.ShouldBe(RebalanceReason.Drift);
        action.CurrentPercent.ShouldBe(6m);
        action.TargetPercent.ShouldBe(7m);
        action.QuantityDelta.ShouldBe(500m);
    }
}
