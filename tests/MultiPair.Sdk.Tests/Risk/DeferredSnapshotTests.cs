using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Tests.Backtesting;
using static MultiPair.Sdk.Tests.Risk.GateFixture;

namespace MultiPair.Sdk.Tests.Risk;

/// <summary>
/// Snapshots of the gate's own decisions defer their positions' views and the price table (<see cref="OpenPositionList"/>,
/// <see cref="DeferredPrices"/>): every sum and lookup they answer from the ledger must be the value, digit for digit,
/// that the views give; they must refuse to build views once the ledger moved on; and a snapshot that leaves the gate
/// (the public <see cref="RiskGate.CreateSnapshot()"/>) is always built in full.
/// </summary>
public sealed class DeferredSnapshotTests
{
    private static readonly TradingPair[] AllPairs = [Btc, Eth, Sol, Xrp, new("ADA", "USDT")];

    [Fact]
    public void DeferredSums_AreTheViewsSums_DigitForDigit()
    {
        var opens = Gen.Elements(0, 1, 2, 3).Zip(Gen.Choose(1, 99_999)).Zip(Gen.Elements("a", "b", "c")).Zip(Gen.Elements(true, false));
        var input = Gen.ListOf(opens).Zip(Gen.ListOf(Gen.Elements(0, 1, 2, 3).Zip(Gen.Choose(1, 1_000_000))));
        Prop.ForAll(Arb.From(input), test =>
        {
            var (ledger, time) = Ledger(100_000_000m);
            using var gate = Gate(ledger, time, instruments: false);
            var pairs = new[] { Btc, Eth, Sol, Xrp };
            var prices = new[] { 40_000m, 2_000m, 20m, 0.5m };
            var n = 0;
            foreach (var (((pair, units), sleeve), longSide) in test.Item1.Take(12))
            {
                ledger.AddPosition(new OpenPositionRequest
                {
                    Id = new PositionId($"p{n++}"),
                    Pair = pairs[pair],
                    Quantity = units / 1_000m / prices[pair] * 10m,
                    EntryPrice = prices[pair],
                    Side = longSide || pair >= 2 ? (longSide ? PositionSide.Long : PositionSide.Short) : PositionSide.Long,
                    Strategy = new StrategyId(sleeve),
                }).IsSuccess.ShouldBeTrue();
            }

            foreach (var (pair, move) in test.Item2.Take(8))
            {
                ledger.UpdatePrice(pairs[pair], prices[pair] * (0.5m + (move / 1_000_000m))).IsSuccess.ShouldBeTrue();
            }

            var deferred = gate.CreateSnapshot(includeClosed: false, deferViews: true);
            var list = deferred.Positions.ShouldBeOfType<OpenPositionList>();

            // Asked before any view exists: answered from the ledger.
            var deployed = deferred.DeployedCapital;
            var gross = deferred.GrossExposure;
            var exposures = AllPairs.Select(deferred.ExposureOf).ToList();
            var used = new[] { "a", "b", "c", "d" }.Select(s => deferred.CapitalUsedBy(new StrategyId(s))).ToList();
            var held = AllPairs.Select(p => (list.Holds(p), list.HolderOf(p, PositionSide.Long), list.HolderOf(p, PositionSide.Short), list.Of(p).Select(v => v.Id).ToList())).ToList();
            var found = Enumerable.Range(0, n + 1).Select(i => deferred.FindPosition(new PositionId($"p{i}"))).ToList();
            var looked = AllPairs.Select(p => deferred.Prices.TryGetValue(p, out var price) ? price : (decimal?)null).ToList();
            deferred.OpenPositionCount.ShouldBe(ledger.GetPortfolioMetrics().ActivePositions);
            list.IsMaterialized.ShouldBeFalse();

            // The same questions over the views (built now, at the same state).
            var views = deferred.Positions.ToList();
            list.IsMaterialized.ShouldBeTrue();
            Same(deployed, views.Sum(p => p.MarginUsed));
            Same(gross, views.Sum(p => p.Notional));
            for (var i = 0; i < AllPairs.Length; i++)
            {
                var pair = AllPairs[i];
                Same(exposures[i], views.Where(p => p.Pair == pair).Sum(p => p.Notional));
                held[i].Item1.ShouldBe(views.Any(p => p.Pair == pair));
                held[i].Item2.ShouldBe(views.FirstOrDefault(p => p.Pair == pair && p.Side == PositionSide.Long)?.Strategy);
                held[i].Item3.ShouldBe(views.FirstOrDefault(p => p.Pair == pair && p.Side == PositionSide.Short)?.Strategy);
                held[i].Item4.ShouldBe(views.Where(p => p.Pair == pair).Select(p => p.Id).ToList());
                looked[i].ShouldBe(ledger.GetPrices().TryGetValue(pair, out var price) ? price : null);
            }

            var sleeves = new[] { "a", "b", "c", "d" };
            for (var i = 0; i < sleeves.Length; i++)
            {
                var id = new StrategyId(sleeves[i]);
                Same(used[i], views.Where(p => p.Strategy == id).Sum(p => p.MarginUsed));
            }

            for (var i = 0; i <= n; i++)
            {
                found[i].ShouldBe(views.SingleOrDefault(p => p.Id == new PositionId($"p{i}")));
            }

            // Once built, the views answer the same.
            Same(list.Totals().Deployed, deployed);
            Same(list.NotionalOf(Btc), exposures[0]);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void DeferredViews_AfterTheLedgerChanged_AreRefused_ButBuiltOnesStay()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, instruments: false);
        Fill(ledger, gate, gate.Submit(Buy(Eth, 1m, 2_000m), NextId()));
        var unread = gate.CreateSnapshot(includeClosed: false, deferViews: true);
        ledger.UpdatePrice(Eth, 2_100m).IsSuccess.ShouldBeTrue();
        var read = gate.CreateSnapshot(includeClosed: false, deferViews: true);
        read.Positions.Single().CurrentPrice.ShouldBe(2_100m);
        _ = read.Prices.Count;

        Should.Throw<InvalidOperationException>(() => unread.Positions[0]);
        Should.Throw<InvalidOperationException>(() => unread.DeployedCapital);
        Should.Throw<InvalidOperationException>(() => unread.Prices.TryGetValue(Eth, out _));

        ledger.UpdatePrice(Eth, 2_200m).IsSuccess.ShouldBeTrue();
        read.Positions.Single().CurrentPrice.ShouldBe(2_100m);
        read.Prices[Eth].ShouldBe(2_100m);
        read.DeployedCapital.ShouldBe(2_100m);
    }

    [Fact]
    public void PublicSnapshot_AfterADeferredOne_IsBuiltInFullAndOutlivesChanges()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, instruments: false);
        Fill(ledger, gate, gate.Submit(Buy(Eth, 1m, 2_000m), NextId()));
        ledger.UpdatePrice(Eth, 2_100m).IsSuccess.ShouldBeTrue();
        var deferred = gate.CreateSnapshot(includeClosed: true, deferViews: true);

        var published = gate.CreateSnapshot();
        ledger.UpdatePrice(Eth, 1_900m).IsSuccess.ShouldBeTrue();

        published.Positions.Single().CurrentPrice.ShouldBe(2_100m);
        published.Prices[Eth].ShouldBe(2_100m);
        published.Prices.Count.ShouldBe(4);
        published.DeployedCapital.ShouldBe(2_100m);
        deferred.Positions.Single().CurrentPrice.ShouldBe(2_100m); // the same list, built for the public snapshot
    }

    [Fact]
    public void DefersViews_OnlyWhenEveryRuleIsBuiltIn()
    {
        var (ledger, time) = Ledger();
        using (var builtIn = Gate(ledger, time, [new MaxPositionsRule(), new DrawdownThrottleRule(), new StopLossGuardProtection()]))
        {
            builtIn.DefersViews.ShouldBeTrue();
        }

        using var custom = Gate(ledger, time, [new MaxPositionsRule(), new FixedRule("keeps snapshots", p => RiskDecision.Approve(p.Quantity))]);
        custom.DefersViews.ShouldBeFalse();
        custom.Submit(Buy(Eth, 1m, 2_000m), NextId()).IsApproved.ShouldBeTrue();
    }

    [Fact]
    public void Backtest_WithDeferredAndWithBuiltSnapshots_GivesTheSameResult()
    {
        // A custom rule that approves everything makes the gate build every snapshot in full; the decisions, and so
        // the whole backtest, must not change.
        var deferred = BacktestRunner.Run(RealBacktest.Options(3m), RealBacktest.Bars());
        var options = RealBacktest.Options(3m);
        var built = BacktestRunner.Run(options with { Rules = [.. options.Rules, new FixedRule("approve", p => RiskDecision.Approve(p.Quantity))] }, RealBacktest.Bars());

        deferred.Trades.Count.ShouldBeGreaterThan(5);
        JsonSerializer.Serialize(built.Trades).ShouldBe(JsonSerializer.Serialize(deferred.Trades));
        JsonSerializer.Serialize(built.EquityCurve).ShouldBe(JsonSerializer.Serialize(deferred.EquityCurve));
    }

    private static void Same(decimal actual, decimal expected) =>
        decimal.GetBits(actual).ShouldBe(decimal.GetBits(expected), $"{actual} vs {expected}");
}
