using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Testing;
using static MultiPair.Sdk.Tests.Portfolio.LedgerFixture;

namespace MultiPair.Sdk.Tests.Portfolio;

/// <summary>
/// The ledger's incremental views (closed totals folded at close time, pairs kept in name order, the risk gate's fast
/// path) against the straightforward definitions recomputed from every position, after every step of random
/// sequences that include partial closes, fees, several strategies, pairs registered out of name order and positions
/// closing at the same instant.
/// </summary>
public sealed class LedgerViewEquivalenceTests
{
    private static readonly string[] Strategies = ["trend", "revert", "carry", "a"];

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 40; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomOperations_ViewsMatchTheirDefinitionsAfterEveryStep(int seed)
    {
        var random = new Random(seed);
        var time = new ManualTimeProvider(Start);
        var manager = new PortfolioManager(
            new PortfolioConfig { TotalCapital = 100_000m, MaxPositions = 6, MaxPositionSizePercent = 5m, MaxCorrelatedExposurePercent = 8m },
            time);
        var zzz = new TradingPair("ZZZ", "USDT");
        var aaa = new TradingPair("AAA", "USDT");
        TradingPair[] pairs = [zzz, Sol, Btc, aaa, Eth];
        manager.RegisterPair(new PairConfig { Pair = zzz, CorrelationGroup = "z" }).IsSuccess.ShouldBeTrue();
        manager.RegisterPair(new PairConfig { Pair = Sol, MarketType = MarketType.LinearPerpetual, Leverage = 3m, CorrelationGroup = "b" }).IsSuccess.ShouldBeTrue();
        manager.RegisterPair(new PairConfig { Pair = Btc, CorrelationGroup = "b", MaxPositionSizeQuote = 30_000m }).IsSuccess.ShouldBeTrue();
        manager.RegisterPair(new PairConfig { Pair = aaa }).IsSuccess.ShouldBeTrue();
        manager.RegisterPair(new PairConfig { Pair = Eth, MarketType = MarketType.LinearPerpetual, Leverage = 7m, CorrelationGroup = "a" }).IsSuccess.ShouldBeTrue();
        manager.Pairs.Select(p => p.Pair.ToString()).ShouldBe(pairs.Select(p => p.ToString()).Order(StringComparer.Ordinal));

        var ids = new List<PositionId>();
        for (var step = 0; step < 150; step++)
        {
            var pair = pairs[random.Next(pairs.Length)];
            var price = 50m + random.Next(0, 10_000) / 100m;
            var open = manager.GetPositions();
            var target = open.Count == 0 ? (Position?)null : open[random.Next(open.Count)];
            var fee = random.Next(3) switch { 0 => Fee.None, 1 => Fee.InQuote(random.Next(1, 100) / 1000m), _ => Fee.InQuote(0.1m) };
            switch (random.Next(6))
            {
                case 0 or 1:
                    {
                        var perpetual = manager.GetPairConfig(pair)!.MarketType == MarketType.LinearPerpetual;
                        var id = new PositionId($"{(char)('a' + random.Next(26))}{ids.Count}");
                        var result = manager.AddPosition(new OpenPositionRequest
                        {
                            Id = id,
                            Pair = pair,
                            Quantity = random.Next(1, 400) / 10m,
                            EntryPrice = price,
                            Side = perpetual && random.Next(2) == 0 ? PositionSide.Short : PositionSide.Long,
                            Fee = fee,
                            Strategy = new StrategyId(Strategies[random.Next(Strategies.Length)]),
                        });
                        if (result.IsSuccess)
                        {
                            ids.Add(id);
                        }

                        break;
                    }

                case 2 when target is not null:
                    manager.ReducePosition(target.Id, decimal.Round(target.Quantity * random.Next(1, 90) / 100m, 6), price, fee).IsSuccess.ShouldBeTrue();
                    break;
                case 3 when target is not null:
                    manager.ClosePosition(target.Id, price, fee, random.Next(2) == 0 ? ExitReason.Signal : ExitReason.StopLoss).IsSuccess.ShouldBeTrue();
                    break;
                case 4 when target is not null:
                    _ = manager.IncreasePosition(target.Id, random.Next(1, 50) / 10m, price, fee);
                    break;
                default:
                    manager.UpdatePrice(pair, price).IsSuccess.ShouldBeTrue();
                    break;
            }

            // Often several changes share an instant: closes at the same time must keep pair-then-id order.
            if (random.Next(3) == 0)
            {
                time.Advance(TimeSpan.FromMinutes(random.Next(1, 30)));
            }

            AssertViews(manager, ids, time.GetUtcNow() - TimeSpan.FromMinutes(random.Next(0, 600)));
        }
    }

    [Fact]
    public void ClosedPositionsByCloseTime_WhenACloseIsStampedEarlierThanAnother_AreStillInTimeThenIdOrder()
    {
        var time = new SteppedClock { Now = Start.AddHours(5) };
        var manager = new PortfolioManager(new PortfolioConfig { TotalCapital = 100_000m, MaxPositions = 10, MaxPositionSizePercent = 50m, MaxCorrelatedExposurePercent = 500m }, time);
        manager.RegisterPair(new PairConfig { Pair = new TradingPair("BTC", "USDT") }).IsSuccess.ShouldBeTrue();
        var pair = new TradingPair("BTC", "USDT");
        foreach (var id in new[] { "b", "a", "d", "c", "e" })
        {
            manager.AddPosition(new OpenPositionRequest { Id = new PositionId(id), Pair = pair, Quantity = 0.01m, EntryPrice = 100m }).IsSuccess.ShouldBeTrue();
        }

        // A wall clock stepped back (an NTP correction) stamps a close earlier than the one before it.
        foreach (var (id, hour) in new[] { ("b", 5), ("a", 5), ("d", 3), ("c", 7), ("e", 3) })
        {
            time.Now = Start.AddHours(hour);
            manager.ClosePosition(new PositionId(id), 101m).IsSuccess.ShouldBeTrue();
        }

        manager.GetClosedPositionsByCloseTime().Select(p => p.Id.Value).ShouldBe(["d", "e", "a", "b", "c"]);
        manager.GetClosedPositionsByCloseTime().ShouldBe(manager.GetPositions(includeClosed: true).OrderBy(p => p.ClosedAt).ThenBy(p => p.Id.Value, StringComparer.Ordinal).ToList());
    }

    /// <summary>A clock that may be set back, as a wall clock can be.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static void AssertViews(PortfolioManager manager, List<PositionId> ids, DateTimeOffset since)
    {
        var all = ids.Select(id => manager.GetPosition(id)!)
            .OrderBy(p => p.Pair.ToString(), StringComparer.Ordinal)
            .ThenBy(p => p.Id.Value, StringComparer.Ordinal)
            .ToList();
        manager.GetPositions(includeClosed: true).ShouldBe(all);
        manager.GetClosedPositionsByCloseTime().ShouldBe(all.Where(p => !p.IsOpen).OrderBy(p => p.ClosedAt).ThenBy(p => p.Id.Value, StringComparer.Ordinal).ToList());
        manager.GetPositions().ShouldBe(all.Where(p => p.IsOpen).ToList());

        var metrics = manager.GetPortfolioMetrics();
        metrics.ByPair.ShouldBe(Attribute(all, p => p.Pair, p => p.Pair.ToString()));
        metrics.ByStrategy.ShouldBe(Attribute(all, p => p.Strategy, p => p.Strategy.Value));
        var closed = all.Where(p => !p.IsOpen).ToList();
        metrics.ClosedPositions.ShouldBe(closed.Count);
        metrics.WinRatePercent.ShouldBe(closed.Count == 0 ? 0m : closed.Count(p => p.RealizedPnl > 0m) * 100m / closed.Count);
        var exposures = metrics.ByPair.Select(a => a.Exposure).Where(e => e > 0m).OrderDescending().ToArray();
        metrics.ConcentrationPercent.ShouldBe(metrics.GrossExposure == 0m ? 0m : exposures[0] * 100m / metrics.GrossExposure);
        metrics.Top3ConcentrationPercent.ShouldBe(metrics.GrossExposure == 0m ? 0m : exposures.Take(3).Sum() * 100m / metrics.GrossExposure);

        manager.CheckRiskLimits().ShouldBe(manager.GetRiskViolations().Count == 0);

        var view = manager.GetRiskView(since);
        view.Equity.ShouldBe(metrics.TotalCapital);
        decimal.GetBits(view.Equity).ShouldBe(decimal.GetBits(metrics.TotalCapital), "the same digits and scale");
        var summary = manager.GetEquitySummary();
        decimal.GetBits(summary.Equity).ShouldBe(decimal.GetBits(metrics.TotalCapital), "the equity curve's equity: the same digits and scale");
        decimal.GetBits(summary.Cash).ShouldBe(decimal.GetBits(metrics.Cash));
        decimal.GetBits(summary.GrossExposure).ShouldBe(decimal.GetBits(metrics.GrossExposure));
        var index = manager.GetOpenIndex();
        index.Count.ShouldBe(view.Positions.Count);
        for (var i = 0; i < view.Positions.Count; i++)
        {
            index[view.Positions[i].Id].ShouldBe(i);
        }

        view.Cash.ShouldBe(manager.Cash);
        view.Positions.ShouldBe(all.Where(p => p.IsOpen).ToList());
        view.ClosedPositions.ShouldBe(all.Where(p => !p.IsOpen && p.ClosedAt >= since).OrderBy(p => p.ClosedAt).ToList());

        var prices = new Dictionary<TradingPair, decimal>();
        manager.CopyPrices(prices);
        prices.ShouldBe(manager.Pairs.Where(p => manager.GetPrice(p.Pair) is not null).ToDictionary(p => p.Pair, p => manager.GetPrice(p.Pair)!.Value));
        var table = manager.GetPrices();
        table.ToList().ShouldBe(prices.ToList());
        table.Count.ShouldBe(prices.Count);
        foreach (var config in manager.Pairs)
        {
            table.TryGetValue(config.Pair, out var mark).ShouldBe(prices.TryGetValue(config.Pair, out var expected));
            mark.ShouldBe(expected);
        }
    }

    [Fact]
    public void RiskViewEquity_WhenTheRunningTotalCannotBeExact_IsStillTheOrderedSum()
    {
        // Cash of 9·10^14 with contributions of scale 16: cash plus magnitudes does not fit the mantissa at scale 16,
        // so equity must come from the ordered sum, digit for digit; after the close the running totals take over again.
        var time = new ManualTimeProvider(Start);
        var manager = new PortfolioManager(new PortfolioConfig { TotalCapital = 900_000_000_000_000m, MaxPositions = 5, MaxPositionSizePercent = 5m, MaxCorrelatedExposurePercent = 8m }, time);
        manager.RegisterPair(new PairConfig { Pair = Btc }).IsSuccess.ShouldBeTrue();
        manager.RegisterPair(new PairConfig { Pair = Eth }).IsSuccess.ShouldBeTrue();
        var id = new PositionId("big");
        manager.AddPosition(new OpenPositionRequest { Id = id, Pair = Btc, Quantity = 0.0000001m, EntryPrice = 123_456.123456789m }).IsSuccess.ShouldBeTrue();
        manager.AddPosition(new OpenPositionRequest { Id = new PositionId("eth"), Pair = Eth, Quantity = 3m, EntryPrice = 2_000.5m }).IsSuccess.ShouldBeTrue();
        foreach (var price in new[] { 123_456.987654321m, 99_999.000000001m, 100m })
        {
            manager.UpdatePrice(Btc, price).IsSuccess.ShouldBeTrue();
            decimal.GetBits(manager.GetRiskView(Start).Equity).ShouldBe(decimal.GetBits(manager.GetPortfolioMetrics().TotalCapital));
            decimal.GetBits(manager.GetEquitySummary().Equity).ShouldBe(decimal.GetBits(manager.GetPortfolioMetrics().TotalCapital));
        }

        manager.ClosePosition(id, 100.5m).IsSuccess.ShouldBeTrue();
        foreach (var price in new[] { 2_001m, 1_999.25m })
        {
            manager.UpdatePrice(Eth, price).IsSuccess.ShouldBeTrue();
            decimal.GetBits(manager.GetRiskView(Start).Equity).ShouldBe(decimal.GetBits(manager.GetPortfolioMetrics().TotalCapital));
        }
    }

    private static List<PnlAttribution<TKey>> Attribute<TKey>(List<Position> all, Func<Position, TKey> key, Func<Position, string> name) =>
        [.. all.GroupBy(name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PnlAttribution<TKey>(
                key(g.First()),
                g.Count(p => p.IsOpen),
                g.Count(p => !p.IsOpen),
                g.Sum(p => p.RealizedPnl),
                g.Where(p => p.IsOpen).Sum(p => p.UnrealizedPnl),
                g.Sum(p => p.FeesPaid),
                g.Where(p => p.IsOpen).Sum(p => p.Notional),
                g.Where(p => p.IsOpen).Sum(p => p.MarginUsed),
                g.Count(p => !p.IsOpen && p.RealizedPnl > 0m)))];
}
