using MultiPair.Sdk.Indicators;

namespace MultiPair.Sdk.Tests.Indicators;

/// <summary>
/// Streams Skender.Stock.Indicators' 502-bar default series through each indicator and compares every value its
/// regression baseline defines (relative error ≤ 1e-9), and the warm-up: no value where Skender has <c>null</c>.
/// </summary>
public sealed class SkenderReferenceTests
{
    private static readonly SkenderBar[] Bars = SkenderData.Bars;

    [Fact]
    public void Sma_Period20_MatchesSkenderBaseline()
    {
        var sma = new Sma(20);
        var actual = Stream(b => sma.Update(b.Close) ? sma.Value : null);
        SkenderData.ShouldMatch(actual, SkenderData.Reference("sma", "sma"), 483);
    }

    [Fact]
    public void Ema_Period20_MatchesSkenderBaseline()
    {
        var ema = new Ema(20);
        var actual = Stream(b => ema.Update(b.Close) ? ema.Value : null);
        SkenderData.ShouldMatch(actual, SkenderData.Reference("ema", "ema"), 483);
    }

    [Fact]
    public void Rsi_Period14_MatchesSkenderBaseline()
    {
        var rsi = new Rsi(14);
        var actual = Stream(b => rsi.Update(b.Close) ? rsi.Value : null);
        SkenderData.ShouldMatch(actual, SkenderData.Reference("rsi", "rsi"), 488);
    }

    [Fact]
    public void Atr_Period14_MatchesSkenderAtrAtrpAndTrueRange()
    {
        var atr = new Atr(14);
        var values = new double?[Bars.Length];
        var percents = new double?[Bars.Length];
        var ranges = new double?[Bars.Length];
        for (var i = 0; i < Bars.Length; i++)
        {
            var ready = atr.Update(Bars[i].High, Bars[i].Low, Bars[i].Close);
            values[i] = ready ? atr.Value : null;
            percents[i] = ready ? atr.Percent : null;
            ranges[i] = i > 0 ? atr.TrueRange : null;
        }

        SkenderData.ShouldMatch(values, SkenderData.Reference("atr", "atr"), 488);
        SkenderData.ShouldMatch(percents, SkenderData.Reference("atr", "atrp"), 488);
        SkenderData.ShouldMatch(ranges, SkenderData.Reference("atr", "tr"), 501);
    }

    [Fact]
    public void BollingerBands_Period20Width2_MatchesEverySkenderBand()
    {
        var bb = new BollingerBands(20, 2);
        var rows = StreamRows(6, b => bb.Update(b.Close), () => [bb.Middle, bb.Upper, bb.Lower, bb.PercentB, bb.ZScore, bb.Width]);
        SkenderData.ShouldMatch(rows[0], SkenderData.Reference("bb", "sma"), 483);
        SkenderData.ShouldMatch(rows[1], SkenderData.Reference("bb", "upperBand"), 483);
        SkenderData.ShouldMatch(rows[2], SkenderData.Reference("bb", "lowerBand"), 483);
        SkenderData.ShouldMatch(rows[3], SkenderData.Reference("bb", "percentB"), 483);
        SkenderData.ShouldMatch(rows[4], SkenderData.Reference("bb", "zScore"), 483);
        SkenderData.ShouldMatch(rows[5], SkenderData.Reference("bb", "width"), 483);
    }

    [Fact]
    public void Macd_12_26_9_MatchesSkenderLineSignalHistogramAndEmas()
    {
        var macd = new Macd(12, 26, 9);
        var line = new double?[Bars.Length];
        var fast = new double?[Bars.Length];
        var slow = new double?[Bars.Length];
        var signal = new double?[Bars.Length];
        var histogram = new double?[Bars.Length];
        for (var i = 0; i < Bars.Length; i++)
        {
            var ready = macd.Update(Bars[i].Close);
            fast[i] = i >= macd.FastPeriod - 1 ? macd.FastEma : null;
            slow[i] = macd.IsLineReady ? macd.SlowEma : null;
            line[i] = macd.IsLineReady ? macd.Value : null;
            signal[i] = ready ? macd.Signal : null;
            histogram[i] = ready ? macd.Histogram : null;
        }

        SkenderData.ShouldMatch(fast, SkenderData.Reference("macd", "fastEma"), 491);
        SkenderData.ShouldMatch(slow, SkenderData.Reference("macd", "slowEma"), 477);
        SkenderData.ShouldMatch(line, SkenderData.Reference("macd", "macd"), 477);
        SkenderData.ShouldMatch(signal, SkenderData.Reference("macd", "signal"), 469);

        // The histogram is a difference of nearly equal numbers: compare it on the scale of the lines it comes from.
        var scale = line.Select(v => Math.Abs(v ?? 0)).ToArray();
        SkenderData.ShouldMatch(histogram, SkenderData.Reference("macd", "histogram"), 469, 1e-9, scale);
    }

    [Fact]
    public void RollingStandardDeviation_Period14_MatchesSkenderStdDevAndMean()
    {
        var sd = new RollingStandardDeviation(14);
        var rows = StreamRows(2, b => sd.Update(b.Close), () => [sd.Value, sd.Mean]);
        SkenderData.ShouldMatch(rows[0], SkenderData.Reference("stdev", "stdDev"), 489);
        SkenderData.ShouldMatch(rows[1], SkenderData.Reference("stdev", "mean"), 489);
    }

    [Fact]
    public void ZScore_Period14_MatchesSkenderStdDevZScore()
    {
        var z = new ZScore(14);
        var rows = StreamRows(3, b => z.Update(b.Close), () => [z.Value, z.Mean, z.StandardDeviation]);
        SkenderData.ShouldMatch(rows[0], SkenderData.Reference("stdev", "zScore"), 489);
        SkenderData.ShouldMatch(rows[1], SkenderData.Reference("stdev", "mean"), 489);
        SkenderData.ShouldMatch(rows[2], SkenderData.Reference("stdev", "stdDev"), 489);
    }

    [Fact]
    public void RollingCorrelation_ClosesOfCompareVsDefault_MatchesSkenderCorrelation()
    {
        // Skender: OtherBars.ToCorrelation(Bars, 20): A = compare.csv closes, B = default.csv closes (price levels, not
        // returns). It computes moments from raw sums (Σab/n − ā·b̄), losing ~5 digits on prices near 250; this type uses
        // deviations, so the agreement is ~1e-11 absolute in the correlation, not last-digit. The covariance and
        // correlation are therefore compared on the scale σa·σb (for the correlation: 1), where they agree to 1e-9;
        // the variances are compared relatively.
        var other = SkenderData.OtherBars;
        var corr = new RollingCorrelation(20);
        var rows = new double?[5][];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = new double?[Bars.Length];
        }

        for (var i = 0; i < Bars.Length; i++)
        {
            if (corr.Update(other[i].Close, Bars[i].Close))
            {
                rows[0][i] = corr.VarianceX;
                rows[1][i] = corr.VarianceY;
                rows[2][i] = corr.Covariance;
                rows[3][i] = corr.Value;
                rows[4][i] = corr.RSquared;
            }
        }

        var varianceA = SkenderData.Reference("corr", "varianceA");
        var varianceB = SkenderData.Reference("corr", "varianceB");
        var covarianceScale = varianceA.Zip(varianceB, (a, b) => Math.Sqrt((a ?? 0) * (b ?? 0))).ToArray();
        var ones = Enumerable.Repeat(1.0, Bars.Length).ToArray();
        SkenderData.ShouldMatch(rows[0], varianceA, 483);
        SkenderData.ShouldMatch(rows[1], varianceB, 483);
        SkenderData.ShouldMatch(rows[2], SkenderData.Reference("corr", "covariance"), 483, 1e-9, covarianceScale);
        SkenderData.ShouldMatch(rows[3], SkenderData.Reference("corr", "correlation"), 483, 1e-9, ones);
        SkenderData.ShouldMatch(rows[4], SkenderData.Reference("corr", "rSquared"), 483, 1e-9, ones);
    }

    [Fact]
    public void Adx_Period14_MatchesSkenderDiDxAndAdx()
    {
        var adx = new Adx(14);
        var pdi = new double?[Bars.Length];
        var mdi = new double?[Bars.Length];
        var dx = new double?[Bars.Length];
        var value = new double?[Bars.Length];
        for (var i = 0; i < Bars.Length; i++)
        {
            var ready = adx.Update(Bars[i].High, Bars[i].Low, Bars[i].Close);
            pdi[i] = adx.IsDirectionReady ? adx.PlusDi : null;
            mdi[i] = adx.IsDirectionReady ? adx.MinusDi : null;
            dx[i] = adx.IsDirectionReady ? adx.Dx : null;
            value[i] = ready ? adx.Value : null;
        }

        SkenderData.ShouldMatch(pdi, SkenderData.Reference("adx", "pdi"), 488);
        SkenderData.ShouldMatch(mdi, SkenderData.Reference("adx", "mdi"), 488);
        SkenderData.ShouldMatch(dx, SkenderData.Reference("adx", "dx"), 488);
        SkenderData.ShouldMatch(value, SkenderData.Reference("adx", "adx"), 475);
    }

    private static double?[] Stream(Func<SkenderBar, double?> update) => [.. Bars.Select(update)];

    private static double?[][] StreamRows(int width, Func<SkenderBar, bool> update, Func<double[]> read)
    {
        var rows = new double?[width][];
        for (var r = 0; r < width; r++)
        {
            rows[r] = new double?[Bars.Length];
        }

        for (var i = 0; i < Bars.Length; i++)
        {
            if (update(Bars[i]))
            {
                var values = read();
                for (var r = 0; r < width; r++)
                {
                    rows[r][i] = values[r];
                }
            }
        }

        return rows;
    }
}
