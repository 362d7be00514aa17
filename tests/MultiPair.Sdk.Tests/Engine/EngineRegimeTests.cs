using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;
using static MultiPair.Sdk.Tests.Engine.EngineHarness;

namespace MultiPair.Sdk.Tests.Engine;

/// <summary>The engine feeds its regime detector for every strategy that can read the regime, exactly as a detector fed directly.</summary>
public sealed class EngineRegimeTests
{
    [Fact]
    public void CustomStrategy_SeesTheRegimeOfADetectorFedThePrimaryBars()
    {
        var seen = new List<MarketRegime>();
        var strategy = new ScriptedStrategy([Timeframe.OneHour], (_, context) =>
        {
            seen.Add(context.Regime);
            return null;
        });
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, strategy)]);
        var reference = new RegimeDetector();
        var expected = new List<MarketRegime>();
        for (var i = 0; i < 300; i++)
        {
            var close = 100.0 + (i < 150 ? i * 0.5 : 75 + (5 * Math.Sin(i)));
            var high = close + 0.4 + (i % 7 * 0.1);
            var low = close - 0.3 - (i % 5 * 0.1);
            harness.Gateway.SetPrice(Btc, (decimal)close);
            harness.Engine.ProcessBar(Bar(Btc, Start + TimeSpan.FromHours(i), close, high, low));
            expected.Add(reference.Update(high, low, close));
        }

        seen.ShouldBe(expected);
        seen.ShouldContain(r => r != MarketRegime.Unknown);
    }

    [Theory]
    [InlineData("any", false)]
    [InlineData("trending", true)]
    [InlineData("ranging", true)]
    [InlineData("not-volatile", true)]
    public void BuiltInStrategy_ReadsTheRegimeOnlyThroughAFilter(string regime, bool reads)
    {
        var strategy = (PairStrategyBase)StrategyRegistry.CreateDefault().Create("ema-cross", new Dictionary<string, string>(StringComparer.Ordinal) { ["regime"] = regime });
        strategy.ReadsRegime.ShouldBe(reads);
    }
}
