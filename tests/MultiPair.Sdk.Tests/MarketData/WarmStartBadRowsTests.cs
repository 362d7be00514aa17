using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Tests.Engine;
using static MultiPair.Sdk.Tests.Engine.EngineHarness;

namespace MultiPair.Sdk.Tests.MarketData;

/// <summary>A server answering with duplicate, unsorted, foreign-pair and misaligned klines: the bad rows are dropped and counted, the pair still warms up.</summary>
public sealed class WarmStartBadRowsTests
{
    [Fact]
    public async Task Bad_rows_are_dropped_and_counted_and_the_pair_continues()
    {
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, EnterOnce(0.9))]);
        var now = harness.Time.GetUtcNow();
        var api = new ScriptedKlines(now);
        var setups = new[] { new PairSetup { Pair = Btc, Strategy = EnterOnce(0.9), StrategyId = new StrategyId("sleeve"), InputTimeframe = Timeframe.OneHour } };

        var report = await new WarmStarter(api, timeProvider: harness.Time).RunAsync(harness.Engine, setups);

        var btc = report.Pairs.ShouldHaveSingleItem();
        btc.IsReady.ShouldBeTrue(btc.Message);
        report.BadRows.Duplicates.ShouldBe(1);
        report.BadRows.OutOfOrder.ShouldBe(1);
        report.BadRows.ForeignPair.ShouldBe(1);
        report.BadRows.OutOfRange.ShouldBe(1);
        report.BadRows.MissingBars.ShouldBe(1);
        harness.Ledger.GetPositions().ShouldBeEmpty("warm-up never trades");
        harness.Gateway.Sent.ShouldBeEmpty();
    }

    /// <summary>Answers every request with the closed hourly bars before now, spoiled on purpose.</summary>
    private sealed class ScriptedKlines(DateTimeOffset now) : IKlineApi
    {
        public string Exchange => "scripted";

        public MarketType Market => MarketType.Spot;

        public Task<ExchangeResult<IReadOnlyList<Bar>>> GetKlinesAsync(TradingPair pair, Timeframe timeframe, DateTimeOffset startTime, DateTimeOffset endTime, CancellationToken cancellationToken = default)
        {
            var bars = new List<Bar>();
            for (var open = timeframe.BarOpenTime(startTime); open + timeframe.Duration <= now && open < endTime; open += timeframe.Duration)
            {
                if (open >= startTime)
                {
                    bars.Add(new Bar(pair, timeframe, open, 100, 101, 99, 100, 10));
                }
            }

            bars.RemoveAt(10);                                            // a gap: one missing bar
            bars.Insert(5, bars[4]);                                      // a duplicate
            bars.Insert(20, bars[2]);                                     // an older bar after newer ones
            bars.Insert(7, new Bar(Eth, timeframe, bars[7].OpenTime, 10, 11, 9, 10, 1)); // another pair's row
            bars.Insert(12, new Bar(pair, timeframe, bars[12].OpenTime.AddMinutes(7), 100, 101, 99, 100, 1)); // not on the hour
            return Task.FromResult(ExchangeResult.Ok<IReadOnlyList<Bar>>(bars));
        }
    }
}
