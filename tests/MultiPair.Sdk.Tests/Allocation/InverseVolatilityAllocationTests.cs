using MultiPair.Sdk.Allocation;
using static MultiPair.Sdk.Tests.Allocation.AllocationFixture;

namespace MultiPair.Sdk.Tests.Allocation;

public sealed class InverseVolatilityAllocationTests
{
    [Fact]
    public void Allocate_NoCorrelations_WeightsByInverseVolatility()
    {
        // 1/0.02 : 1/0.04 = 2 : 1 of 9,000.
        var snapshot = Snapshot(9_000m, [Spot(Btc), Spot(Eth)]);
        var statistics = MarketStatisticsTable.Empty.WithVolatility(Btc, 0.02).WithVolatility(Eth, 0.04);

        var targets = new InverseVolatilityAllocation().Allocate(Request(snapshot, [Long(Btc), Long(Eth)], statistics: statistics));

        targets[0].Capital.ShouldBe(6_000m, 0.0001m);
        targets[1].Capital.ShouldBe(3_000m, 0.0001m);
    }

    [Fact]
    public void Allocate_CorrelatedPairs_PenalisesThem()
    {
        // Equal volatility; BTC–ETH correlation 1, SOL uncorrelated. BTC and ETH average 0.5 → weight 1/1.5; SOL 1.
        // Shares 2/7, 2/7, 3/7 of 7,000.
        var snapshot = Snapshot(7_000m, [Spot(Btc), Spot(Eth), Spot(Sol)]);
        var statistics = MarketStatisticsTable.Empty
            .WithVolatility(Btc, 0.02).WithVolatility(Eth, 0.02).WithVolatility(Sol, 0.02)
            .WithCorrelation(Btc, Eth, 1).WithCorrelation(Btc, Sol, 0).WithCorrelation(Eth, Sol, 0);

        var targets = new InverseVolatilityAllocation().Allocate(Request(snapshot, [Long(Btc), Long(Eth), Long(Sol)], statistics: statistics));

        targets.Select(t => t.Signal.Pair).ShouldBe([Btc, Eth, Sol]);
        targets[0].Capital.ShouldBe(2_000m, 0.0001m);
        targets[1].Capital.ShouldBe(2_000m, 0.0001m);
        targets[2].Capital.ShouldBe(3_000m, 0.0001m);
    }

    [Fact]
    public void Allocate_CorrelatedWithOpenPosition_PenalisesThePair()
    {
        // ETH is held (2,000 margin, 8,000 available). BTC: average of ρ(BTC,SOL)=0 and ρ(BTC,ETH)=0.8 → 0.4 → 1/1.4.
        // SOL: ρ(SOL,BTC)=0, ρ(SOL,ETH) unknown → 0 → 1. Shares 1/2.4 and 1.4/2.4 of 8,000.
        var snapshot = Snapshot(10_000m, [Spot(Btc), Spot(Eth), Spot(Sol)], positions: [Position(Eth, 2_000m)]);
        var statistics = MarketStatisticsTable.Empty
            .WithVolatility(Btc, 0.03).WithVolatility(Sol, 0.03)
            .WithCorrelation(Btc, Eth, 0.8).WithCorrelation(Btc, Sol, 0);

        var targets = new InverseVolatilityAllocation().Allocate(Request(snapshot, [Long(Btc), Long(Sol)], statistics: statistics));

        targets[0].Capital.ShouldBe(3_333.3333m, 0.001m);
        targets[1].Capital.ShouldBe(4_666.6667m, 0.001m);
    }

    [Fact]
    public void Allocate_PenaltyOff_IgnoresCorrelation()
    {
        var snapshot = Snapshot(1_000m, [Spot(Btc), Spot(Eth)]);
        var statistics = MarketStatisticsTable.Empty.WithVolatility(Btc, 0.01).WithVolatility(Eth, 0.01).WithCorrelation(Btc, Eth, 0.9);

        var targets = new InverseVolatilityAllocation { CorrelationPenalty = 0, MaxTotalPercent = 50m }
            .Allocate(Request(snapshot, [Long(Btc), Long(Eth)], statistics: statistics));

        targets.Select(t => t.Capital).ShouldBe([250m, 250m]);
    }

    [Fact]
    public void Allocate_NaNCorrelation_DropsBothPairsAndGivesTheBudgetToTheRest()
    {
        var snapshot = Snapshot(1_000m, [Spot(Btc), Spot(Eth), Spot(Sol)]);
        var statistics = MarketStatisticsTable.Empty
            .WithVolatility(Btc, 0.01).WithVolatility(Eth, 0.01).WithVolatility(Sol, 0.05)
            .WithCorrelation(Btc, Eth, double.NaN);

        var targets = new InverseVolatilityAllocation().Allocate(Request(snapshot, [Long(Btc), Long(Eth), Long(Sol)], statistics: statistics));

        targets.ShouldHaveSingleItem().Signal.Pair.ShouldBe(Sol);
        targets[0].Capital.ShouldBe(1_000m);
    }

    [Fact]
    public void Allocate_VolatilityMissingOrNaN_SkipsSignalWithoutUsingASlot()
    {
        var snapshot = Snapshot(1_000m, [Spot(Btc), Spot(Eth), Spot(Sol)]);
        var statistics = MarketStatisticsTable.Empty.WithVolatility(Eth, double.NaN).WithVolatility(Sol, 0.02);

        var targets = new InverseVolatilityAllocation().Allocate(Request(snapshot, [Long(Btc), Long(Eth), Long(Sol)], slots: 1, statistics: statistics));

        targets.ShouldHaveSingleItem().Signal.Pair.ShouldBe(Sol);
        new InverseVolatilityAllocation().Allocate(Request(snapshot, [Long(Sol)])).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_BadSettings_ReportsEveryProblem()
    {
        new InverseVolatilityAllocation { MaxTotalPercent = -1m, CorrelationPenalty = double.NaN }.Validate().Count.ShouldBe(2);
        new InverseVolatilityAllocation { CorrelationPenalty = -0.5 }.Validate().ShouldHaveSingleItem().ShouldContain("CorrelationPenalty");
        new InverseVolatilityAllocation().Validate().ShouldBeEmpty();
    }
}
