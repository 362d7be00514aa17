using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Markets;
using static MultiPair.Sdk.Tests.Allocation.AllocationFixture;

namespace MultiPair.Sdk.Tests.Allocation;

public sealed class FixedFractionAllocationTests
{
    [Fact]
    public void Allocate_FiveBotsAccountSevenPercentAtTenX_GivesEachSevenPercentMarginAndSeventyPercentNotional()
    {
        // The five-bots account: 9,882.31 USDT, 7 % of equity per asset as margin at 10x leverage.
        TradingPair[] pairs = [Btc, Eth, Sol, Bnb, Xrp];
        var snapshot = Snapshot(9_882.31m, pairs.Select(p => Perp(p, 10m)));
        var signals = pairs.Select(p => Long(p)).ToArray();

        var targets = new FixedFractionAllocation { FractionPercent = 7m }.Allocate(Request(snapshot, signals));

        targets.Count.ShouldBe(5);
        targets.Select(t => t.Signal.Pair).ShouldBe(pairs);
        targets.ShouldAllBe(t => t.Capital == 691.7617m && t.Notional == 6_917.617m);
        targets.Sum(t => t.Capital).ShouldBe(3_458.8085m);
    }

    [Fact]
    public void Allocate_DefaultFraction_GivesFivePercentOfEquity()
    {
        var snapshot = Snapshot(10_000m, [Spot(Btc)]);

        var targets = new FixedFractionAllocation().Allocate(Request(snapshot, [Long(Btc)]));

        new FixedFractionAllocation().FractionPercent.ShouldBe(5m);
        targets.ShouldHaveSingleItem().Capital.ShouldBe(500m);
        targets[0].Notional.ShouldBe(500m);
    }

    [Fact]
    public void Allocate_MoreThanAvailable_TrimsFirstThatDoesNotFitAndDropsTheRest()
    {
        // 40 % each of 10,000 but only 10,000 − 1,000 reserved = 9,000 available: 4,000 + 4,000 + 1,000.
        var snapshot = Snapshot(10_000m, [Spot(Btc), Spot(Eth), Spot(Sol), Spot(Bnb)], reservations: [Reservation(Doge, 1_000m)]);

        var targets = new FixedFractionAllocation { FractionPercent = 40m }
            .Allocate(Request(snapshot, [Long(Btc), Long(Eth), Long(Sol), Long(Bnb)]));

        targets.Select(t => t.Capital).ShouldBe([4_000m, 4_000m, 1_000m]);
        targets.Select(t => t.Signal.Pair).ShouldBe([Btc, Eth, Sol]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100.01)]
    public void Validate_FractionOutOfRange_ReportsFractionPercent(double fraction)
    {
        var problems = new FixedFractionAllocation { FractionPercent = (decimal)fraction }.Validate();

        problems.ShouldHaveSingleItem().ShouldContain("FixedFractionAllocation.FractionPercent");
    }

    [Fact]
    public void Validate_Defaults_NoProblem() => new FixedFractionAllocation().Validate().ShouldBeEmpty();
}
