using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Indicators;

namespace MultiPair.Sdk.Tests.Indicators;

/// <summary>
/// Streaming results equal a naive recomputation over the window (relative error ≤ 1e-9) on random series: uniform
/// values over six orders of magnitude, and price-like random walks near 50,000 whose deviation is a small fraction of
/// the level (where a <c>Σx²/n − mean²</c> variance would lose most of its digits).
/// </summary>
public sealed class IndicatorPropertyTests
{
    private const double Tolerance = 1e-9;

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly Gen<double[]> Uniform =
        Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 1_000_000), n)).Select(xs => xs.Select(x => x / 1000.0).ToArray());

    private static readonly Gen<double[]> Walk =
        Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(-500, 500), n)).Select(steps =>
        {
            var xs = new double[steps.Length];
            var price = 50_000.0;
            for (var i = 0; i < steps.Length; i++)
            {
                price += steps[i] / 100.0;
                xs[i] = price;
            }

            return xs;
        });

    private static readonly Gen<(int Period, double[] Values)> Series =
        from period in Gen.Choose(2, 40)
        from values in Gen.OneOf(Uniform, Walk)
        select (period, values);

    [Fact]
    public void Sma_RandomSeries_EqualsNaiveMean()
    {
        Check.One(Config, Prop.ForAll(Arb.From(Series), (Action<(int Period, double[] Values)>)(t =>
        {
            var sma = new Sma(t.Period);
            for (var i = 0; i < t.Values.Length; i++)
            {
                sma.Update(t.Values[i]).ShouldBe(i >= t.Period - 1);
                if (sma.IsReady)
                {
                    ShouldBeClose(sma.Value, Naive(t.Values, i, t.Period).Mean);
                }
            }
        })));
    }

    [Fact]
    public void Ema_RandomSeries_EqualsClosedFormWeightedSum()
    {
        Check.One(Config, Prop.ForAll(Arb.From(Series), (Action<(int Period, double[] Values)>)(t =>
        {
            var ema = new Ema(t.Period);
            var n = t.Period;
            var k = 2.0 / (n + 1);
            for (var i = 0; i < t.Values.Length; i++)
            {
                ema.Update(t.Values[i]).ShouldBe(i >= n - 1);
                if (!ema.IsReady)
                {
                    continue;
                }

                // EMA_i = (1 − k)^(i − n + 1) × SMA(first n) + Σ_{j=n..i} k (1 − k)^(i − j) x_j
                var expected = Math.Pow(1 - k, i - n + 1) * Naive(t.Values, n - 1, n).Mean;
                for (var j = n; j <= i; j++)
                {
                    expected += k * Math.Pow(1 - k, i - j) * t.Values[j];
                }

                ShouldBeClose(ema.Value, expected);
            }
        })));
    }

    [Fact]
    public void RollingStandardDeviation_RandomSeries_EqualsNaiveTwoPass()
    {
        Check.One(Config, Prop.ForAll(Arb.From(Series), (Action<(int Period, double[] Values)>)(t =>
        {
            var sd = new RollingStandardDeviation(t.Period);
            var z = new ZScore(t.Period);
            for (var i = 0; i < t.Values.Length; i++)
            {
                sd.Update(t.Values[i]).ShouldBe(i >= t.Period - 1);
                _ = z.Update(t.Values[i]);
                if (!sd.IsReady)
                {
                    continue;
                }

                var (mean, deviation) = Naive(t.Values, i, t.Period);
                ShouldBeClose(sd.Mean, mean);
                ShouldBeClose(sd.Value, deviation, DeviationFloor(mean));
                if (deviation > DeviationFloor(mean))
                {
                    ShouldBeClose(z.Value, (t.Values[i] - mean) / deviation, 1.0);
                }
            }
        })));
    }

    [Fact]
    public void BollingerBands_RandomSeries_EqualNaiveBands()
    {
        var gen = from t in Series from width in Gen.Choose(1, 40) select (t.Period, t.Values, Width: width / 10.0);
        Check.One(Config, Prop.ForAll(Arb.From(gen), (Action<(int Period, double[] Values, double Width)>)(t =>
        {
            var bb = new BollingerBands(t.Period, t.Width);
            for (var i = 0; i < t.Values.Length; i++)
            {
                bb.Update(t.Values[i]).ShouldBe(i >= t.Period - 1);
                if (!bb.IsReady)
                {
                    continue;
                }

                var (mean, deviation) = Naive(t.Values, i, t.Period);
                var floor = DeviationFloor(mean) * t.Width;
                ShouldBeClose(bb.Middle, mean);
                ShouldBeClose(bb.Upper, mean + (t.Width * deviation), floor);
                ShouldBeClose(bb.Lower, mean - (t.Width * deviation), floor);
                if (deviation > DeviationFloor(mean))
                {
                    var lower = mean - (t.Width * deviation);
                    ShouldBeClose(bb.PercentB, (t.Values[i] - lower) / (2 * t.Width * deviation), 1.0);
                }
            }
        })));
    }

    [Fact]
    public void RollingCorrelation_RandomPairs_EqualsNaivePearson()
    {
        var gen = from t in Series from other in Gen.ArrayOf(Gen.Choose(-1000, 1000), t.Values.Length) select (t.Period, t.Values, Other: other);
        Check.One(Config, Prop.ForAll(Arb.From(gen), (Action<(int Period, double[] Values, int[] Other)>)(t =>
        {
            var corr = new RollingCorrelation(t.Period);
            for (var i = 0; i < t.Values.Length; i++)
            {
                // y partly follows x, so correlations spread over (−1, 1).
                corr.Update(t.Values[i], Y(t, i)).ShouldBe(i >= t.Period - 1);
                if (!corr.IsReady)
                {
                    continue;
                }

                var (mx, sx) = Naive(t.Values, i, t.Period);
                double my = 0, cov = 0, vy = 0;
                for (var j = i - t.Period + 1; j <= i; j++)
                {
                    my += Y(t, j) / t.Period;
                }

                for (var j = i - t.Period + 1; j <= i; j++)
                {
                    cov += (t.Values[j] - mx) * (Y(t, j) - my) / t.Period;
                    vy += (Y(t, j) - my) * (Y(t, j) - my) / t.Period;
                }

                if (sx > DeviationFloor(mx) && vy > 0)
                {
                    ShouldBeClose(corr.Value, cov / (sx * Math.Sqrt(vy)), 1.0);
                }
            }
        })));

        static double Y((int Period, double[] Values, int[] Other) t, int i) => (t.Values[i] * 0.001 * (i % 3)) + t.Other[i];
    }

    private static (double Mean, double Deviation) Naive(double[] values, int last, int period)
    {
        var mean = 0.0;
        for (var j = last - period + 1; j <= last; j++)
        {
            mean += values[j];
        }

        mean /= period;
        var m2 = 0.0;
        for (var j = last - period + 1; j <= last; j++)
        {
            m2 += (values[j] - mean) * (values[j] - mean);
        }

        return (mean, Math.Sqrt(m2 / period));
    }

    /// <summary>Deviations under a millionth of the level are compared on that scale (a near-flat window of a price).</summary>
    private static double DeviationFloor(double mean) => 1e-6 * Math.Abs(mean);

    private static void ShouldBeClose(double actual, double expected, double scale = 0)
    {
        var bound = Tolerance * Math.Max(Math.Abs(expected), scale);
        if (!(Math.Abs(actual - expected) <= bound))
        {
            actual.ShouldBe(expected, bound);
        }
    }
}
