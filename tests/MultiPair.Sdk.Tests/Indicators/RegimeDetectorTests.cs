using MultiPair.Sdk.Indicators;

namespace MultiPair.Sdk.Tests.Indicators;

public sealed class RegimeDetectorTests
{
    // With the defaults: ADX(14) is ready at bar 28, ATR(14) at bar 15, and 100 ATR% values fill the lookback at bar 114,
    // so bar 115 (index 114) is the first one classified.
    private const int FirstClassified = 114;

    [Fact]
    public void Update_SteadyUptrend_Trending()
    {
        var detector = new RegimeDetector();
        for (var i = 0; i < 250; i++)
        {
            var close = 100.0 + i;
            var regime = detector.Update(close + 0.5, close - 0.5, close);
            regime.ShouldBe(i < FirstClassified ? MarketRegime.Unknown : MarketRegime.Trending, $"bar {i}");
        }

        // Every true range is 1.5, so the ATR is constant and its percentage of a rising price keeps falling: rank 0.
        detector.TrendStrength.ShouldBeGreaterThan(99);
        detector.PlusDi.ShouldBeGreaterThan(detector.MinusDi);
        detector.VolatilityPercentile.ShouldBe(0);
        detector.AtrPercent.ShouldBe(100 * 1.5 / 349, 1e-12);
    }

    [Fact]
    public void Update_FlatNoisyRange_RangingAndNeverTrending()
    {
        var detector = new RegimeDetector();
        var counts = new Dictionary<MarketRegime, int>();
        foreach (var (high, low, close) in Range(400, seed: 7))
        {
            var regime = detector.Update(high, low, close);
            counts[regime] = counts.GetValueOrDefault(regime) + 1;
            if (regime != MarketRegime.Unknown)
            {
                detector.TrendStrength.ShouldBeLessThan(25);
            }
        }

        counts[MarketRegime.Unknown].ShouldBe(FirstClassified);
        counts.GetValueOrDefault(MarketRegime.Trending).ShouldBe(0);

        // A percentile rank is relative: in a stationary series roughly a fifth of the bars rank ≥ 80 and read Volatile.
        counts[MarketRegime.Ranging].ShouldBeGreaterThan(counts.GetValueOrDefault(MarketRegime.Volatile) * 2);
    }

    [Fact]
    public void Update_VolatilityBurst_Volatile()
    {
        var detector = new RegimeDetector();
        foreach (var (high, low, close) in Range(300, seed: 8))
        {
            _ = detector.Update(high, low, close);
        }

        // Five bars swinging six times wider, without a direction.
        for (var i = 0; i < 5; i++)
        {
            var close = i % 2 == 0 ? 106.0 : 94.0;
            detector.Update(close + 3, close - 3, close).ShouldBe(MarketRegime.Volatile, $"burst bar {i}");
            detector.VolatilityPercentile.ShouldBe(100);
        }
    }

    [Fact]
    public void Update_SkenderDefaultSeries_FollowsAdxAndAtrpBaselinesAndTheRule()
    {
        // Every classified bar: TrendStrength = Skender's ADX(14), AtrPercent = Skender's ATRP(14), the percentile is the
        // rank of that ATRP among Skender's previous 100, and the regime is the documented rule applied to those.
        var bars = SkenderData.Bars;
        var adx = SkenderData.Reference("adx", "adx");
        var atrp = SkenderData.Reference("atr", "atrp");
        var detector = new RegimeDetector();
        var counts = new Dictionary<MarketRegime, int>();
        for (var i = 0; i < bars.Length; i++)
        {
            var regime = detector.Update(bars[i].High, bars[i].Low, bars[i].Close);
            counts[regime] = counts.GetValueOrDefault(regime) + 1;
            if (i < FirstClassified)
            {
                regime.ShouldBe(MarketRegime.Unknown);
                continue;
            }

            detector.TrendStrength.ShouldBe(adx[i]!.Value, adx[i]!.Value * 1e-9);
            detector.AtrPercent.ShouldBe(atrp[i]!.Value, atrp[i]!.Value * 1e-9);
            var below = 0.0;
            for (var j = i - 100; j < i; j++)
            {
                below += atrp[j]!.Value < atrp[i]!.Value ? 1 : atrp[j]!.Value == atrp[i]!.Value ? 0.5 : 0;
            }

            detector.VolatilityPercentile.ShouldBe(below, 1e-9);
            var expected = below >= 80 ? MarketRegime.Volatile : adx[i]!.Value >= 25 ? MarketRegime.Trending : MarketRegime.Ranging;
            regime.ShouldBe(expected, $"bar {i}");
        }

        counts[MarketRegime.Unknown].ShouldBe(FirstClassified);
        counts[MarketRegime.Trending].ShouldBeGreaterThan(0);
        counts[MarketRegime.Ranging].ShouldBeGreaterThan(0);
        counts[MarketRegime.Volatile].ShouldBeGreaterThan(0);
        (counts[MarketRegime.Trending] + counts[MarketRegime.Ranging] + counts[MarketRegime.Volatile]).ShouldBe(388);
    }

    /// <summary>A flat range: closes drawn uniformly from 99..101, each bar spanning its close ± up to 0.5.</summary>
    private static IEnumerable<(double High, double Low, double Close)> Range(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var close = 99 + (2 * random.NextDouble());
            yield return (close + (0.5 * random.NextDouble()), close - (0.5 * random.NextDouble()), close);
        }
    }
}
