using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Markets;
using static MultiPair.Sdk.Tests.Allocation.AllocationFixture;

namespace MultiPair.Sdk.Tests.Allocation;

public sealed class PairWeightAllocationTests
{
    private static readonly Dictionary<TradingPair, decimal> Weights = new() { [Btc] = 50m, [Eth] = 30m, [Sol] = 20m };

    [Fact]
    public void Allocate_ConfiguredWeights_GivesEachPairItsShareOfTheTotal()
    {
        var snapshot = Snapshot(10_000m, [Spot(Btc), Spot(Eth), Perp(Sol, 3m)]);

        var targets = new PairWeightAllocation { WeightsPercent = Weights, TotalPercent = 80m }
            .Allocate(Request(snapshot, [Long(Sol, 0.9), Long(Btc, 0.8), Long(Eth, 0.7)]));

        targets.Select(t => (t.Signal.Pair, t.Capital, t.Notional)).ShouldBe([(Sol, 1_600m, 4_800m), (Btc, 4_000m, 4_000m), (Eth, 2_400m, 2_400m)]);
    }

    [Fact]
    public void Allocate_PairWithoutWeight_GetsNothingAndUsesNoSlot()
    {
        var snapshot = Snapshot(10_000m, [Spot(Btc), Spot(Doge)]);

        var targets = new PairWeightAllocation { WeightsPercent = Weights }.Allocate(Request(snapshot, [Long(Doge, 1), Long(Btc, 0.5)], slots: 1));

        targets.ShouldHaveSingleItem().Signal.Pair.ShouldBe(Btc);
        targets[0].Capital.ShouldBe(5_000m);
    }

    [Fact]
    public void Validate_WeightsNotSummingToHundred_Fails()
    {
        var problems = new PairWeightAllocation { WeightsPercent = new Dictionary<TradingPair, decimal> { [Btc] = 50m, [Eth] = 30m } }.Validate();

        problems.ShouldHaveSingleItem().ShouldContain("must sum to 100");
    }

    [Fact]
    public void Validate_SumWithinTolerance_Passes()
    {
        var weights = new Dictionary<TradingPair, decimal> { [Btc] = 33.33335m, [Eth] = 33.33333m, [Sol] = 33.33333m };

        new PairWeightAllocation { WeightsPercent = weights }.Validate().ShouldBeEmpty();
        new PairWeightAllocation { WeightsPercent = Weights }.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Validate_NegativeWeightEmptyTableAndBadTotal_ReportsEveryProblem()
    {
        var negative = new PairWeightAllocation
        {
            WeightsPercent = new Dictionary<TradingPair, decimal> { [Btc] = 120m, [Eth] = -20m },
            TotalPercent = 0m,
        }.Validate();
        var empty = new PairWeightAllocation().Validate();

        negative.Count.ShouldBe(2);
        negative.ShouldContain(p => p.Contains("TotalPercent", StringComparison.Ordinal));
        negative.ShouldContain(p => p.Contains("WeightsPercent[ETH/USDT]", StringComparison.Ordinal));
        empty.ShouldHaveSingleItem().ShouldContain("at least one pair");
    }
}
