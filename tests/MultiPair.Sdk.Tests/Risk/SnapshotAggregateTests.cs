using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.GateFixture;

namespace MultiPair.Sdk.Tests.Risk;

/// <summary>The snapshot's cached sums against their LINQ definitions, digit for digit, also on copies made with <c>with</c>.</summary>
public sealed class SnapshotAggregateTests
{
    [Fact]
    public void DerivedAmounts_AreTheirDefinitions_OnGateSnapshotsAndCopies()
    {
        var (ledger, time) = Ledger(100_000m);
        using var gate = Gate(ledger, time);
        var opens = new (TradingPair Pair, decimal Quantity, decimal Price, PositionSide Side, string Sleeve)[]
        {
            (Btc, 0.012345m, 40_000.17m, PositionSide.Long, "a"),
            (Btc, 0.5m, 39_999.99m, PositionSide.Long, "b"),
            (Eth, 1.23456m, 2_000.003m, PositionSide.Long, "a"),
            (Sol, 13.7m, 20.123m, PositionSide.Short, "b"),
            (Xrp, 1_000m, 0.5001m, PositionSide.Long, "c"),
        };
        for (var i = 0; i < opens.Length; i++)
        {
            var (pair, quantity, price, side, sleeve) = opens[i];
            ledger.AddPosition(new OpenPositionRequest { Id = new PositionId($"p{i}"), Pair = pair, Quantity = quantity, EntryPrice = price, Side = side, Strategy = new StrategyId(sleeve) }).IsSuccess.ShouldBeTrue();
        }

        ledger.UpdatePrice(Btc, 41_234.5678m).IsSuccess.ShouldBeTrue();
        ledger.UpdatePrice(Sol, 19.87654m).IsSuccess.ShouldBeTrue();
        var entry = new OrderProposal { Pair = Eth, Side = OrderSide.Buy, Quantity = 0.5m, Price = 2_000m, Sleeve = new StrategyId("a") };
        gate.Submit(entry, new ClientOrderId("r1")).IsApproved.ShouldBeTrue();

        var snapshot = gate.CreateSnapshot();
        AssertDefinitions(snapshot);
        AssertDefinitions(snapshot with { Positions = [.. snapshot.Positions.Skip(2)] });
        AssertDefinitions(snapshot with { Reservations = [] });
        AssertDefinitions(snapshot with { Pairs = snapshot.Pairs.Where(p => p.Key != Xrp).ToDictionary() });
        (snapshot with { }).ShouldBe(snapshot);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    public void FindPosition_FindsEveryOpenPositionAndNothingElse_ScannedOrIndexed(int count)
    {
        var (ledger, time) = Ledger(10_000_000m);
        using var gate = Gate(ledger, time);
        for (var i = 0; i < count; i++)
        {
            var pair = new[] { Btc, Eth, Sol, Xrp }[i % 4];
            ledger.AddPosition(new OpenPositionRequest { Id = new PositionId($"p{i}"), Pair = pair, Quantity = 0.001m, EntryPrice = 100m + i }).IsSuccess.ShouldBeTrue();
        }

        ledger.ClosePosition(new PositionId("p1"), 101m).IsSuccess.ShouldBeTrue();
        var snapshot = gate.CreateSnapshot();
        snapshot.Positions.Count.ShouldBe(count - 1);
        foreach (var position in snapshot.Positions)
        {
            snapshot.FindPosition(position.Id).ShouldBeSameAs(position);
        }

        snapshot.FindPosition(new PositionId("p1")).ShouldBeNull();
        snapshot.FindPosition(new PositionId("missing")).ShouldBeNull();

        // A copy with other positions must not use the gate's index.
        var copy = snapshot with { Positions = [.. snapshot.Positions.Skip(1)] };
        copy.FindPosition(snapshot.Positions[0].Id).ShouldBeNull();
        copy.FindPosition(snapshot.Positions[^1].Id).ShouldBeSameAs(snapshot.Positions[^1]);
    }

    private static void AssertDefinitions(PortfolioSnapshot s)
    {
        Same(s.DeployedCapital, s.Positions.Sum(p => p.MarginUsed));
        Same(s.GrossExposure, s.Positions.Sum(p => p.Notional) + s.Reservations.Where(r => r.IsEntry).Sum(r => r.Notional));
        foreach (var pair in new[] { Btc, Eth, Sol, Xrp, new TradingPair("ADA", "USDT") })
        {
            Same(s.ExposureOf(pair), Exposure(s, pair));
        }

        foreach (var group in new[] { "majors", "alts", "none" })
        {
            Same(s.ExposureOfGroup(group), s.Pairs.Values.Where(c => string.Equals(c.CorrelationGroup, group, StringComparison.Ordinal)).Sum(c => Exposure(s, c.Pair)));
        }

        foreach (var sleeve in new[] { "a", "b", "c", "d" })
        {
            var id = new StrategyId(sleeve);
            Same(s.CapitalUsedBy(id), s.Positions.Where(p => p.Strategy == id).Sum(p => p.MarginUsed) + s.Reservations.Where(r => r.Sleeve == id).Sum(r => r.Margin));
        }

        foreach (var position in s.Positions)
        {
            s.FindPosition(position.Id).ShouldBe(position);
        }
    }

    private static decimal Exposure(PortfolioSnapshot s, TradingPair pair) =>
        s.Positions.Where(p => p.Pair == pair).Sum(p => p.Notional) + s.Reservations.Where(r => r.IsEntry && r.Pair == pair).Sum(r => r.Notional);

    private static void Same(decimal actual, decimal expected) =>
        decimal.GetBits(actual).ShouldBe(decimal.GetBits(expected), $"{actual} vs {expected}");
}
