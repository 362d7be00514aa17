using MultiPair.Sdk.Allocation;
using static MultiPair.Sdk.Tests.Allocation.AllocationFixture;

namespace MultiPair.Sdk.Tests.Allocation;

public sealed class ConfidenceWeightedAllocationTests
{
    [Fact]
    public void Allocate_ThreeSignals_SplitsInProportionToConfidence()
    {
        var snapshot = Snapshot(10_000m, [Spot(Btc), Spot(Eth), Spot(Sol)]);

        var targets = new ConfidenceWeightedAllocation().Allocate(Request(snapshot, [Long(Btc, 0.5), Long(Eth, 0.3), Long(Sol, 0.2)]));

        targets.Select(t => t.Capital).ShouldBe([5_000m, 3_000m, 2_000m]);
    }

    [Fact]
    public void Allocate_MaxTotalPercent_CapsTheBudget()
    {
        var snapshot = Snapshot(10_000m, [Spot(Btc), Perp(Eth, 10m)]);

        var targets = new ConfidenceWeightedAllocation { MaxTotalPercent = 40m }.Allocate(Request(snapshot, [Long(Btc, 0.75), Long(Eth, 0.25)]));

        targets.Select(t => t.Capital).ShouldBe([3_000m, 1_000m]);
        targets.Select(t => t.Notional).ShouldBe([3_000m, 10_000m]);
    }

    [Fact]
    public void Allocate_AvailableBelowMaxTotal_UsesAvailableCapital()
    {
        var snapshot = Snapshot(10_000m, [Spot(Btc), Spot(Eth)], positions: [Position(Sol, 4_000m)], reservations: [Reservation(Xrp, 3_000m)]);

        var targets = new ConfidenceWeightedAllocation().Allocate(Request(snapshot, [Long(Btc, 0.9), Long(Eth, 0.6)]));

        // 3,000 available: 3,000 × 0.9 / 1.5 and 3,000 × 0.6 / 1.5.
        targets.Select(t => t.Capital).ShouldBe([1_800m, 1_200m]);
    }

    [Fact]
    public void Allocate_RepeatingThirds_RoundsCapitalDownToEightDecimals()
    {
        var snapshot = Snapshot(10_000m, [Spot(Btc), Spot(Eth)]);

        var targets = new ConfidenceWeightedAllocation().Allocate(Request(snapshot, [Long(Btc, 0.6), Long(Eth, 0.3)]));

        targets[0].Capital.ShouldBe(6_666.66666666m, 0.00000002m);
        targets[1].Capital.ShouldBe(3_333.33333333m, 0.00000002m);
        targets.ShouldAllBe(t => decimal.Round(t.Capital, 8) == t.Capital);
        targets.Sum(t => t.Capital).ShouldBeLessThanOrEqualTo(10_000m);
    }

    [Fact]
    public void Allocate_ZeroConfidence_SkipsSignalWithoutUsingASlot()
    {
        var snapshot = Snapshot(1_000m, [Spot(Btc), Spot(Eth)]);

        var targets = new ConfidenceWeightedAllocation().Allocate(Request(snapshot, [Long(Btc, 0), Long(Eth, 0.4)], slots: 1));

        targets.ShouldHaveSingleItem().Signal.Pair.ShouldBe(Eth);
        targets[0].Capital.ShouldBe(1_000m);
    }

    [Fact]
    public void Validate_MaxTotalOutOfRange_ReportsMaxTotalPercent()
    {
        new ConfidenceWeightedAllocation { MaxTotalPercent = 0m }.Validate().ShouldHaveSingleItem().ShouldContain("MaxTotalPercent");
        new ConfidenceWeightedAllocation().Validate().ShouldBeEmpty();
    }
}
