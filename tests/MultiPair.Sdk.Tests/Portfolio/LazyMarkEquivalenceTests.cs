using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Testing;
using static MultiPair.Sdk.Tests.Portfolio.LedgerFixture;

namespace MultiPair.Sdk.Tests.Portfolio;

/// <summary>
/// Marking a flat pair at a bar's close lazily (<see cref="PortfolioManager.TryMarkFlat"/>: the double is kept and
/// converted when read) against converting it at once, over random sequences of closes, opens, partial closes and
/// reads: every observable value is the same, digit for digit and scale for scale, whenever it is read.
/// </summary>
public sealed class LazyMarkEquivalenceTests
{
    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 30; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomCloses_LazyAndEagerMarksAreObservablyIdentical(int seed)
    {
        var random = new Random(seed);
        var eagerTime = new ManualTimeProvider(Start);
        var lazyTime = new ManualTimeProvider(Start);
        var eager = Create(time: eagerTime);
        var lazy = Create(time: lazyTime);
        TradingPair[] pairs = [Btc, Eth, Sol];
        var ids = new List<PositionId>();
        for (var step = 0; step < 300; step++)
        {
            var pair = pairs[random.Next(pairs.Length)];
            switch (random.Next(10))
            {
                case < 6:
                    {
                        // A bar's close as the engine marks it: many digits, sometimes out of the lazy range.
                        var close = random.Next(20) == 0 ? (random.Next(2) == 0 ? 1e-30 : 5e18) : Math.Round(0.01 + (random.NextDouble() * 5_000), random.Next(0, 9));
                        PortfolioManager.Mark(eager.FindPair(pair)!, (decimal)close);
                        if (!PortfolioManager.TryMarkFlat(lazy.FindPair(pair)!, close))
                        {
                            PortfolioManager.Mark(lazy.FindPair(pair)!, (decimal)close);
                        }

                        break;
                    }

                case 6 or 7:
                    {
                        var id = $"p{ids.Count}";
                        var request = Open(id, pair, random.Next(1, 50) / 10m, 10m + random.Next(1, 100_000) / 100m);
                        var opened = eager.AddPosition(request).IsSuccess;
                        lazy.AddPosition(request).IsSuccess.ShouldBe(opened);
                        if (opened)
                        {
                            ids.Add(new PositionId(id));
                        }

                        break;
                    }

                default:
                    {
                        var open = eager.GetPositions();
                        if (open.Count > 0)
                        {
                            var target = open[random.Next(open.Count)];
                            var price = 10m + random.Next(1, 100_000) / 100m;
                            var closed = eager.ClosePosition(target.Id, price, Fee.InQuote(0.01m)).IsSuccess;
                            lazy.ClosePosition(target.Id, price, Fee.InQuote(0.01m)).IsSuccess.ShouldBe(closed);
                        }

                        break;
                    }
            }

            if (random.Next(4) == 0)
            {
                var minutes = TimeSpan.FromMinutes(random.Next(1, 120));
                eagerTime.Advance(minutes);
                lazyTime.Advance(minutes);
            }

            // Reads now and then: a pending close stays pending over several marks in between.
            if (random.Next(3) == 0)
            {
                AssertSame(eager, lazy);
            }
        }

        AssertSame(eager, lazy);
    }

    [Fact]
    public void TryMarkFlat_HeldPairOrCloseOutOfRange_DefersNothing()
    {
        var manager = Create();
        var btc = manager.FindPair(Btc)!;
        PortfolioManager.TryMarkFlat(btc, 1e-30).ShouldBeFalse();
        PortfolioManager.TryMarkFlat(btc, 1e18).ShouldBeFalse();
        PortfolioManager.TryMarkFlat(btc, 101.25).ShouldBeTrue();
        manager.GetPrice(Btc).ShouldBe(101.25m);
        manager.AddPosition(Open("a", Btc, 1m, 100m)).IsSuccess.ShouldBeTrue();
        PortfolioManager.TryMarkFlat(btc, 102.5).ShouldBeFalse();
        manager.GetPrice(Btc).ShouldBe(100m);
    }

    private static void AssertSame(PortfolioManager eager, PortfolioManager lazy)
    {
        // The price table of the risk view first, before anything converts the pending closes through GetPrice.
        lazy.GetPrices().Select(p => $"{p.Key} {p.Value}").ShouldBe(eager.GetPrices().Select(p => $"{p.Key} {p.Value}"));
        decimal.GetBits(lazy.GetRiskView(Start).Equity).ShouldBe(decimal.GetBits(eager.GetRiskView(Start).Equity));
        var (lazyEquity, lazyCash, lazyGross) = lazy.GetEquitySummary();
        var (eagerEquity, eagerCash, eagerGross) = eager.GetEquitySummary();
        decimal.GetBits(lazyEquity).ShouldBe(decimal.GetBits(eagerEquity));
        decimal.GetBits(lazyCash).ShouldBe(decimal.GetBits(eagerCash));
        decimal.GetBits(lazyGross).ShouldBe(decimal.GetBits(eagerGross));
        Snapshot(lazy).ShouldBe(Snapshot(eager));
    }
}
