using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;
using MultiPair.Sdk.Tests.Portfolio;
using static MultiPair.Sdk.Tests.Engine.EngineHarness;

namespace MultiPair.Sdk.Tests.Engine;

/// <summary>
/// The backtest's time-step entry point (<see cref="Sdk.Engine.PortfolioEngine.ProcessBars"/>, which remembers each
/// pair's runtime by its place in the step) against <see cref="Sdk.Engine.PortfolioEngine.ProcessBar"/> bar by bar,
/// with the pairs of a step shuffled, missing, repeated or unknown now and then: the same signals, decisions, fills and
/// ledger. The strategy reads its history's newest and oldest bars, so rows written by the step path (streaming stores)
/// are read back.
/// </summary>
public sealed class ProcessBarsEquivalenceTests
{
    private static readonly TradingPair Unknown = new("DOGE", "USDT");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomSteps_ProcessBarsEqualsProcessBar(int seed)
    {
        TradingPair[] pairs = [Btc, Eth, Sol, Xrp];
        using var single = Create(pairs);
        using var stepped = Create(pairs);
        var random = new Random(seed);
        var closes = pairs.ToDictionary(p => p, _ => 100.0);
        for (var step = 0; step < 300; step++)
        {
            var open = Start + TimeSpan.FromHours(step);
            var order = pairs.ToList();
            if (random.Next(4) == 0)
            {
                order = [.. order.OrderBy(_ => random.Next())];
            }

            if (random.Next(6) == 0)
            {
                order.RemoveAt(random.Next(order.Count));
            }

            if (random.Next(10) == 0)
            {
                order.Insert(random.Next(order.Count + 1), Unknown);
            }

            var bars = new List<Bar>();
            foreach (var pair in order)
            {
                if (pair != Unknown)
                {
                    closes[pair] *= 1 + ((random.NextDouble() - 0.5) * 0.06);
                }

                var close = pair == Unknown ? 1.0 : Math.Round(closes[pair], 4);
                bars.Add(Bar(pair, open, close));
            }

            // A repeated bar is rejected as a duplicate by both paths.
            if (random.Next(20) == 0 && bars.Count > 0)
            {
                bars.Add(bars[random.Next(bars.Count)]);
            }

            foreach (var harness in new[] { single, stepped })
            {
                harness.Time.SetUtcNow(open + TimeSpan.FromHours(1));
                foreach (var bar in bars)
                {
                    if (bar.Pair != Unknown)
                    {
                        harness.Gateway.SetPrice(bar.Pair, (decimal)bar.Close);
                    }
                }
            }

            foreach (var bar in bars)
            {
                single.Engine.ProcessBar(bar);
            }

            stepped.Engine.ProcessBars(bars.ToArray());
            single.Deliver();
            stepped.Deliver();
        }

        stepped.Signals.Select(s => s.ToString()).ShouldBe(single.Signals.Select(s => s.ToString()));
        stepped.Decisions.Select(d => d.ToString()).ShouldBe(single.Decisions.Select(d => d.ToString()));
        stepped.Fills.Select(f => f.ToString()).ShouldBe(single.Fills.Select(f => f.ToString()));
        stepped.Fills.Count.ShouldBeGreaterThan(0);
        LedgerFixture.Snapshot(stepped.Ledger).ShouldBe(LedgerFixture.Snapshot(single.Ledger));
        stepped.Engine.RejectedData.ToString().ShouldBe(single.Engine.RejectedData.ToString());
    }

    private static EngineHarness Create(TradingPair[] pairs) =>
        new(pairs.Select(p => (new PairConfig { Pair = p }, (IPairStrategy)EngineHarness.Momentum())), options: new Sdk.Engine.PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero });
}
