using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Tests.Engine;

public sealed class TrailingStopTests
{
    [Fact]
    public void Update_RequirementExample_ReplacesOnlyPastTheMinimumRatchet()
    {
        // requirements/001: highest 44,000 → 51,500 with a 2 % trail gives 50,470, which does not beat the current
        // 50,000 stop by the 1 % minimum ratchet (50,500): the stop stays. At 52,000 the new trigger 50,960 does.
        var stop = new TrailingStop(PositionSide.Long, 2m, 1m, 44_000m);
        stop.Restore(44_000m, 50_000m);

        stop.Update(51_500m).ShouldBeFalse();
        stop.Extreme.ShouldBe(51_500m);
        stop.Trigger.ShouldBe(50_000m);

        stop.Update(52_000m).ShouldBeTrue();
        stop.Trigger.ShouldBe(50_960m);
    }

    [Fact]
    public void Update_ImprovementBelowMinimumRatchet_KeepsTrigger()
    {
        var stop = new TrailingStop(PositionSide.Long, 2m, 1m, 100m); // trigger 98

        stop.Update(100.5m).ShouldBeFalse(); // 98.49 < 98 × 1.01
        stop.Trigger.ShouldBe(98m);
        stop.Extreme.ShouldBe(100.5m);
        stop.Update(101.1m).ShouldBeTrue(); // 99.078 ≥ 98.98
        stop.Trigger.ShouldBe(99.078m);
    }

    [Fact]
    public void Update_PriceFalls_NeverLoosensLong()
    {
        var stop = new TrailingStop(PositionSide.Long, 5m, 0m, 100m);
        stop.Update(120m);

        stop.Update(90m).ShouldBeFalse();

        stop.Trigger.ShouldBe(114m);
        stop.IsHit(114m).ShouldBeTrue();
        stop.IsHit(114.01m).ShouldBeFalse();
    }

    [Fact]
    public void Update_Short_MirrorsAndNeverLoosens()
    {
        var stop = new TrailingStop(PositionSide.Short, 5m, 0m, 100m); // trigger 105

        stop.Update(80m).ShouldBeTrue();
        stop.Trigger.ShouldBe(84m);
        stop.Update(95m).ShouldBeFalse();

        stop.Trigger.ShouldBe(84m);
        stop.IsHit(84m).ShouldBeTrue();
        stop.IsHit(83.99m).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(-1)]
    public void Constructor_TrailOutOfRange_Throws(double trail)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new TrailingStop(PositionSide.Long, (decimal)trail, 0m, 100m));
    }

    [Fact]
    public void Update_RandomPricePaths_TriggerOnlyMovesInFavourAndStaysBehindExtreme()
    {
        var path = Gen.ArrayOf(Gen.Choose(1, 1_000_000).Select(v => v / 100m));
        var input = from prices in path
                    from side in Gen.Elements(PositionSide.Long, PositionSide.Short)
                    from trail in Gen.Choose(1, 5_000)
                    from ratchet in Gen.Choose(0, 300)
                    from entry in Gen.Choose(1, 1_000_000)
                    select (prices, side, trail / 100m, ratchet / 100m, entry / 100m);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), Prop.ForAll(Arb.From(input), (Action<(decimal[], PositionSide, decimal, decimal, decimal)>)(t =>
        {
            var (prices, side, trail, ratchet, entry) = t;
            var stop = new TrailingStop(side, trail, ratchet, entry);
            foreach (var price in prices)
            {
                var before = stop.Trigger;
                var moved = stop.Update(price);
                if (side == PositionSide.Long)
                {
                    stop.Trigger.ShouldBeGreaterThanOrEqualTo(before);
                    stop.Trigger.ShouldBeLessThan(stop.Extreme);
                    if (moved)
                    {
                        stop.Trigger.ShouldBeGreaterThanOrEqualTo(before * (1m + (ratchet / 100m)));
                    }
                }
                else
                {
                    stop.Trigger.ShouldBeLessThanOrEqualTo(before);
                    stop.Trigger.ShouldBeGreaterThan(stop.Extreme);
                    if (moved)
                    {
                        stop.Trigger.ShouldBeLessThanOrEqualTo(before * (1m - (ratchet / 100m)));
                    }
                }

                (moved == (stop.Trigger != before)).ShouldBeTrue();
            }
        })));
    }
}
