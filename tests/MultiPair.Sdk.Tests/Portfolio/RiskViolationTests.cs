using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using static MultiPair.Sdk.Tests.Portfolio.LedgerFixture;

namespace MultiPair.Sdk.Tests.Portfolio;

public sealed class RiskViolationTests
{
    [Fact]
    public void GetRiskViolations_WithinLimits_IsEmpty()
    {
        var manager = Create();
        manager.AddPosition(Open("a", Btc, 0.1m, 40_000m));

        manager.GetRiskViolations().ShouldBeEmpty();
        manager.CheckRiskLimits().ShouldBeTrue();
    }

    [Fact]
    public void GetRiskViolations_MorePositionsThanAllowed_ReportsMaxPositionsExceeded()
    {
        var manager = Create(config: new PortfolioConfig { TotalCapital = 100_000m, MaxPositions = 1 });
        manager.AddPosition(Open("a", Btc, 0.01m, 40_000m));
        manager.AddPosition(Open("b", Eth, 0.1m, 1_000m));

        var violation = manager.GetRiskViolations().ShouldHaveSingleItem();

        violation.Code.ShouldBe(RiskViolationCode.MaxPositionsExceeded);
        violation.Value.ShouldBe(2m);
        violation.Limit.ShouldBe(1m);
        manager.CheckRiskLimits().ShouldBeFalse();
    }

    [Fact]
    public void GetRiskViolations_PositionAboveMaxSize_ReportsPositionSizeExceeded()
    {
        var manager = Create(config: new PortfolioConfig { TotalCapital = 100_000m, MaxCorrelatedExposurePercent = 100m });
        manager.AddPosition(Open("big", Btc, 0.5m, 40_000m));

        var violation = manager.GetRiskViolations().ShouldHaveSingleItem();

        violation.Code.ShouldBe(RiskViolationCode.PositionSizeExceeded);
        violation.Value.ShouldBe(20m);
        violation.Limit.ShouldBe(5m);
        violation.PositionId.ShouldBe(new PositionId("big"));
        violation.Pair.ShouldBe(Btc);
    }

    [Fact]
    public void GetRiskViolations_PerpetualSizedByMargin_DoesNotCountLeverageInSize()
    {
        // 7 % of equity as margin at 10x is a 70 % notional: within a 10 % max size, outside a 50 % group limit.
        var manager = Create(config: new PortfolioConfig { TotalCapital = 100_000m, MaxPositionSizePercent = 10m });
        manager.AddPosition(Open("s", Sol, 3_500m, 20m));

        manager.GetRiskViolations().ShouldBeEmpty();
        manager.GetPortfolioMetrics().GrossExposurePercent.ShouldBe(70m);
    }

    [Fact]
    public void GetRiskViolations_NotionalAbovePairCap_ReportsPairNotionalExceeded()
    {
        var manager = new PortfolioManager(new PortfolioConfig { TotalCapital = 100_000m });
        manager.RegisterPair(new PairConfig { Pair = Eth, MaxPositionSizeQuote = 3_000m });
        manager.AddPosition(Open("e", Eth, 4m, 1_000m));

        var violation = manager.GetRiskViolations().ShouldHaveSingleItem();

        violation.Code.ShouldBe(RiskViolationCode.PairNotionalExceeded);
        violation.Value.ShouldBe(4_000m);
        violation.Limit.ShouldBe(3_000m);
    }

    [Fact]
    public void GetRiskViolations_CorrelationGroupAboveLimit_ReportsGroupExposure()
    {
        var manager = Create(config: new PortfolioConfig { TotalCapital = 100_000m, MaxPositionSizePercent = 50m });
        manager.AddPosition(Open("b", Btc, 0.5m, 40_000m));
        manager.AddPosition(Open("e", Eth, 3m, 1_000m));

        var violation = manager.GetRiskViolations().ShouldHaveSingleItem();

        violation.Code.ShouldBe(RiskViolationCode.CorrelatedExposureExceeded);
        violation.CorrelationGroup.ShouldBe("large_cap");
        violation.Value.ShouldBe(23m);
        violation.Limit.ShouldBe(20m);
    }

    [Fact]
    public void GetRiskViolations_LossBeyondEmergencyThreshold_ReportsEmergencyLiquidation()
    {
        var manager = Create(config: new PortfolioConfig { TotalCapital = 100_000m, MaxPositionSizePercent = 100m, MaxCorrelatedExposurePercent = 100m });
        manager.AddPosition(Open("b", Btc, 1m, 40_000m));
        manager.UpdatePrice(Btc, 31_000m).IsSuccess.ShouldBeTrue();
        manager.GetRiskViolations().ShouldBeEmpty();

        manager.UpdatePrice(Btc, 28_000m);

        var violation = manager.GetRiskViolations().ShouldHaveSingleItem();
        violation.Code.ShouldBe(RiskViolationCode.EmergencyLiquidation);
        violation.Value.ShouldBe(-12m);
        violation.Limit.ShouldBe(-10m);
    }

    [Fact]
    public void GetRiskViolations_PerpetualLossBeyondMargin_ReportsInsufficientMargin()
    {
        var manager = Create(capital: 1_000m, config: new PortfolioConfig { TotalCapital = 1_000m, MaxPositionSizePercent = 100m, EmergencyLiquidationLossPercent = 100m });
        manager.AddPosition(Open("s", Sol, 400m, 20m, PositionSide.Short));

        manager.UpdatePrice(Sol, 22m);

        var codes = manager.GetRiskViolations().Select(v => v.Code).ToList();
        codes.ShouldContain(RiskViolationCode.InsufficientMargin);
        manager.GetPortfolioMetrics().AvailableCapital.ShouldBe(200m - 880m);
    }
}
