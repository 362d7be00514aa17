using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Strategies;
using static MultiPair.Sdk.Tests.Allocation.AllocationFixture;

namespace MultiPair.Sdk.Tests.Allocation;

public sealed class AllocationContractTests
{
    [Fact]
    public void Allocate_BelowDefaultMinimumNotional_SkipsDust()
    {
        // 30 split four ways is 7.5 each: below the default minimum of 10 on spot.
        var snapshot = Snapshot(30m, [Spot(Btc), Spot(Eth), Spot(Sol), Spot(Bnb)]);

        var targets = new EqualWeightAllocation().Allocate(Request(snapshot, [Long(Btc), Long(Eth), Long(Sol), Long(Bnb)]));

        targets.ShouldBeEmpty();
    }

    [Fact]
    public void Allocate_InstrumentMinNotionalAboveRequestMinimum_DropsThatTargetWithoutRespreading()
    {
        // 7.5 of margin at 10x is 75 notional: above 10, but below BTC's instrument minimum of 100.
        TradingPair[] pairs = [Btc, Eth, Sol, Bnb];
        var instrument = new Instrument(Btc, MarketType.LinearPerpetual, 0.1m, 0.001m, minNotional: 100m);
        var snapshot = Snapshot(30m, pairs.Select(p => Perp(p, 10m)), instruments: [instrument]);
        var request = Request(snapshot, pairs.Select(p => Long(p)).ToArray());

        var targets = new EqualWeightAllocation().Allocate(request);

        request.MinimumNotionalOf(Btc).ShouldBe(100m);
        request.MinimumNotionalOf(Eth).ShouldBe(10m);
        targets.Select(t => t.Signal.Pair).ShouldBe([Eth, Sol, Bnb]);
        targets.ShouldAllBe(t => t.Capital == 7.5m && t.Notional == 75m);
    }

    [Fact]
    public void Allocate_CustomMinimumNotional_IsRespected()
    {
        var snapshot = Snapshot(100m, [Spot(Btc), Spot(Eth)]);

        new FixedFractionAllocation { FractionPercent = 20m }.Allocate(Request(snapshot, [Long(Btc), Long(Eth)], minimumNotional: 25m)).ShouldBeEmpty();
        new FixedFractionAllocation { FractionPercent = 20m }.Allocate(Request(snapshot, [Long(Btc), Long(Eth)], minimumNotional: 0m)).Count.ShouldBe(2);
    }

    [Fact]
    public void Allocate_ZeroSlots_ReturnsNothing()
    {
        var snapshot = Snapshot(1_000m, [Spot(Btc)]);

        new EqualWeightAllocation().Allocate(Request(snapshot, [Long(Btc)], slots: 0)).ShouldBeEmpty();
    }

    [Fact]
    public void Allocate_NothingAvailable_ReturnsNothing()
    {
        var snapshot = Snapshot(1_000m, [Spot(Btc)], reservations: [Reservation(Eth, 600m, id: "a"), Reservation(Sol, 500m, id: "b")]);

        snapshot.AvailableCapital.ShouldBe(-100m);
        new FixedFractionAllocation().Allocate(Request(snapshot, [Long(Btc)])).ShouldBeEmpty();
    }

    [Fact]
    public void Allocate_UnknownPair_UsesLeverageOne()
    {
        var snapshot = Snapshot(1_000m);

        var target = new FixedFractionAllocation { FractionPercent = 10m }.Allocate(Request(snapshot, [Long(Doge)])).ShouldHaveSingleItem();

        target.Notional.ShouldBe(target.Capital);
    }

    [Fact]
    public void Allocate_SameRequestTwice_ReturnsEqualTargets()
    {
        var snapshot = Snapshot(5_000m, [Spot(Btc), Perp(Eth, 20m)]);
        var request = Request(snapshot, [Long(Btc, 0.7), Long(Eth, 0.2)]);

        new ConfidenceWeightedAllocation().Allocate(request).ShouldBe(new ConfidenceWeightedAllocation().Allocate(request));
    }

    [Fact]
    public void Allocate_NullRequest_Throws()
    {
        Should.Throw<ArgumentNullException>(() => new EqualWeightAllocation().Allocate(null!));
    }

    [Fact]
    public void Request_NegativeSlotsOrMinimum_Throws()
    {
        var snapshot = Snapshot(1_000m);

        Should.Throw<ArgumentOutOfRangeException>(() => new AllocationRequest { Signals = [], Snapshot = snapshot, AvailableSlots = -1 });
        Should.Throw<ArgumentOutOfRangeException>(() => new AllocationRequest { Signals = [], Snapshot = snapshot, AvailableSlots = 1, MinimumNotional = -1m });
        new AllocationRequest { Signals = [], Snapshot = snapshot, AvailableSlots = 1 }.MinimumNotional.ShouldBe(10m);
    }

    [Fact]
    public void Name_Default_IsTheTypeName()
    {
        new RiskParityAllocation().Name.ShouldBe("RiskParityAllocation");
    }

    [Fact]
    public void Enforce_CustomStrategyOverspends_AppliesTheContract()
    {
        // A custom strategy returns targets out of order, for an exit, for a foreign signal, dust, and too much capital.
        var snapshot = Snapshot(1_000m, [Spot(Btc), Perp(Eth, 5m), Spot(Sol)]);
        Signal btc = Long(Btc, 0.9), eth = Long(Eth, 0.8), sol = Long(Sol, 0.7), exit = Exit(Bnb);
        var request = Request(snapshot, [btc, eth, exit, sol], slots: 3);
        AllocationTarget[] proposed =
        [
            new(sol, 300m, 0m),
            new(Long(Xrp), 100m, 100m),
            new(exit, 100m, 100m),
            new(eth, 1m, 1m),
            new(btc, 800m, 800m),
        ];

        var targets = AllocationContract.Enforce(request, proposed);

        // BTC 800; ETH 1 × 5 = 5 notional is dust; SOL trimmed to the 200 left.
        targets.Select(t => (t.Signal.Pair, t.Capital, t.Notional)).ShouldBe([(Btc, 800m, 800m), (Sol, 200m, 200m)]);
    }

    [Fact]
    public void Enforce_MoreTargetsThanSlots_KeepsTheBestRanked()
    {
        var snapshot = Snapshot(1_000m, [Spot(Btc), Spot(Eth)]);
        Signal btc = Long(Btc, 0.9), eth = Long(Eth, 0.8);

        var targets = AllocationContract.Enforce(Request(snapshot, [btc, eth], slots: 1), [new(eth, 100m, 100m), new(btc, 100m, 100m)]);

        targets.ShouldHaveSingleItem().Signal.ShouldBeSameAs(btc);
    }
}
