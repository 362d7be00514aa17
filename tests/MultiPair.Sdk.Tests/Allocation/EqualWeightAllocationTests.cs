using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Strategies;
using static MultiPair.Sdk.Tests.Allocation.AllocationFixture;

namespace MultiPair.Sdk.Tests.Allocation;

public sealed class EqualWeightAllocationTests
{
    [Fact]
    public void Allocate_NoBudget_SplitsAvailableCapitalAcrossSignals()
    {
        var snapshot = Snapshot(9_000m, [Spot(Btc), Spot(Eth), Spot(Sol)]);

        var targets = new EqualWeightAllocation().Allocate(Request(snapshot, [Long(Btc, 0.9), Long(Eth, 0.8), Long(Sol, 0.7)]));

        targets.Select(t => t.Capital).ShouldBe([3_000m, 3_000m, 3_000m]);
    }

    [Fact]
    public void Allocate_FewerSlotsThanSignals_SplitsAcrossSlotsAndTakesTheBestRanked()
    {
        var snapshot = Snapshot(9_000m, [Spot(Btc), Spot(Eth), Spot(Sol)]);

        var targets = new EqualWeightAllocation().Allocate(Request(snapshot, [Long(Btc, 0.9), Long(Eth, 0.8), Long(Sol, 0.7)], slots: 2));

        targets.Select(t => (t.Signal.Pair, t.Capital)).ShouldBe([(Btc, 4_500m), (Eth, 4_500m)]);
    }

    [Fact]
    public void Allocate_OrdersInFlight_SplitsOnlyWhatTheReservationsLeave()
    {
        // 10,000 equity, an ETH entry in flight holds 3,000: 7,000 is left for two new positions.
        var pairs = new[] { Spot(Btc), Perp(Sol, 5m), Spot(Eth) };
        var free = Snapshot(10_000m, pairs);
        var busy = Snapshot(10_000m, pairs, reservations: [Reservation(Eth, 3_000m)]);
        Signal[] signals = [Long(Btc), Long(Sol)];

        var withoutReservation = new EqualWeightAllocation().Allocate(Request(free, signals));
        var withReservation = new EqualWeightAllocation().Allocate(Request(busy, signals));

        busy.AvailableCapital.ShouldBe(7_000m);
        withoutReservation.Select(t => t.Capital).ShouldBe([5_000m, 5_000m]);
        withReservation.Select(t => t.Capital).ShouldBe([3_500m, 3_500m]);
        withReservation.Select(t => t.Notional).ShouldBe([3_500m, 17_500m]);
    }

    [Fact]
    public void Allocate_BudgetPercent_GivesEachThatShareOfEquity()
    {
        var snapshot = Snapshot(10_000m, [Spot(Btc), Spot(Eth)], positions: [Position(Sol, 8_000m)]);

        var targets = new EqualWeightAllocation { BudgetPercent = 15m }.Allocate(Request(snapshot, [Long(Btc), Long(Eth)]));

        // 1,500 each wanted, 2,000 available: the second is trimmed to 500.
        targets.Select(t => t.Capital).ShouldBe([1_500m, 500m]);
    }

    [Fact]
    public void Allocate_ExitSignal_IsIgnoredAndUsesNoSlot()
    {
        var snapshot = Snapshot(1_000m, [Spot(Btc), Spot(Eth)]);

        var targets = new EqualWeightAllocation().Allocate(Request(snapshot, [Exit(Btc), Long(Eth)], slots: 1));

        targets.ShouldHaveSingleItem().Signal.Pair.ShouldBe(Eth);
        targets[0].Capital.ShouldBe(1_000m);
    }

    [Fact]
    public void Validate_BudgetOutOfRange_ReportsBudgetPercent()
    {
        new EqualWeightAllocation { BudgetPercent = 0m }.Validate().ShouldHaveSingleItem().ShouldContain("BudgetPercent");
        new EqualWeightAllocation { BudgetPercent = 101m }.Validate().ShouldHaveSingleItem().ShouldContain("BudgetPercent");
        new EqualWeightAllocation().Validate().ShouldBeEmpty();
    }
}
