using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Markets;
using static MultiPair.Sdk.Tests.Allocation.AllocationFixture;

namespace MultiPair.Sdk.Tests.Allocation;

public sealed class RiskParityAllocationTests
{
    private static readonly Dictionary<TradingPair, decimal> Prices = new() { [Btc] = 50_000m, [Eth] = 2_000m, [Sol] = 20m };

    [Fact]
    public void Allocate_AtrKnown_SizesSoEachPositionRisksTheSameMoney()
    {
        // 1 % of 10,000 = 100 at risk. BTC: 100 / (500 × 2) = 0.1 BTC × 50,000 = 5,000 notional, 500 margin at 10x.
        // ETH: 100 / (100 × 2) = 0.5 ETH × 2,000 = 1,000 notional, 1,000 on spot.
        var snapshot = Snapshot(10_000m, [Perp(Btc, 10m), Spot(Eth)], Prices);
        var statistics = MarketStatisticsTable.Empty.WithAtr(Btc, 500).WithAtr(Eth, 100);

        var targets = new RiskParityAllocation().Allocate(Request(snapshot, [Long(Btc), Long(Eth)], statistics: statistics));

        targets.Select(t => (t.Signal.Pair, t.Capital, t.Notional)).ShouldBe([(Btc, 500m, 5_000m), (Eth, 1_000m, 1_000m)]);
    }

    [Fact]
    public void Allocate_CustomRiskAndMultiplier_ScalesTheQuantity()
    {
        // 2 % of 10,000 = 200; 200 / (0.5 × 4) = 100 SOL × 20 = 2,000.
        var snapshot = Snapshot(10_000m, [Spot(Sol)], Prices);
        var statistics = MarketStatisticsTable.Empty.WithAtr(Sol, 0.5);

        var targets = new RiskParityAllocation { RiskPerTradePercent = 2m, AtrMultiplier = 4m }
            .Allocate(Request(snapshot, [Long(Sol)], statistics: statistics));

        targets.ShouldHaveSingleItem().Capital.ShouldBe(2_000m);
    }

    [Fact]
    public void Allocate_MaxPositionPercent_CapsCapital()
    {
        var snapshot = Snapshot(10_000m, [Spot(Eth)], Prices);

        var targets = new RiskParityAllocation { MaxPositionPercent = 5m }
            .Allocate(Request(snapshot, [Long(Eth)], statistics: MarketStatisticsTable.Empty.WithAtr(Eth, 100)));

        targets.ShouldHaveSingleItem().Capital.ShouldBe(500m);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0d)]
    [InlineData(-5d)]
    [InlineData(1e-40)]
    public void Allocate_AtrUnusable_SkipsSignalWithoutUsingASlot(double atr)
    {
        var snapshot = Snapshot(10_000m, [Spot(Btc), Spot(Eth)], Prices);
        var statistics = MarketStatisticsTable.Empty.WithAtr(Btc, atr).WithAtr(Eth, 100);

        var targets = new RiskParityAllocation().Allocate(Request(snapshot, [Long(Btc), Long(Eth)], slots: 1, statistics: statistics));

        targets.ShouldHaveSingleItem().Signal.Pair.ShouldBe(Eth);
    }

    [Fact]
    public void Allocate_NoStatisticsNoAtrOrNoPrice_SkipsSignals()
    {
        var snapshot = Snapshot(10_000m, [Spot(Btc), Spot(Eth), Spot(Doge)], Prices);
        var statistics = MarketStatisticsTable.Empty.WithAtr(Doge, 0.01);

        new RiskParityAllocation().Allocate(Request(snapshot, [Long(Btc)])).ShouldBeEmpty();
        new RiskParityAllocation().Allocate(Request(snapshot, [Long(Btc), Long(Doge)], statistics: statistics)).ShouldBeEmpty();
    }

    [Fact]
    public void Allocate_TinyAtr_TakesNoMoreThanAvailable()
    {
        var snapshot = Snapshot(10_000m, [Spot(Btc)], Prices, reservations: [Reservation(Eth, 4_000m)]);

        var targets = new RiskParityAllocation().Allocate(Request(snapshot, [Long(Btc)], statistics: MarketStatisticsTable.Empty.WithAtr(Btc, 1e-9)));

        targets.ShouldHaveSingleItem().Capital.ShouldBe(6_000m);
    }

    [Fact]
    public void Validate_BadSettings_ReportsEveryProblem()
    {
        var problems = new RiskParityAllocation { RiskPerTradePercent = 0m, AtrMultiplier = -1m, MaxPositionPercent = 200m }.Validate();

        problems.Count.ShouldBe(3);
        new RiskParityAllocation().Validate().ShouldBeEmpty();
    }
}
