using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Indicators;

/// <summary>Warm-up, reset, bad input, parameter checks and edge cases shared by every indicator.</summary>
public sealed class IndicatorBehaviourTests
{
    public static TheoryData<string> Names => [.. IndicatorProbe.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Update_UntilWarmUpCompletes_NotReadyThenReady(string name)
    {
        var (probe, readyAt) = IndicatorProbe.Create(name);
        var bars = IndicatorProbe.Walk(readyAt + 5, 1);
        probe.IsReady.ShouldBeFalse();
        for (var i = 0; i < readyAt - 1; i++)
        {
            probe.Update(bars[i]).ShouldBeFalse($"bar {i + 1}");
            probe.IsReady.ShouldBeFalse($"bar {i + 1}");
        }

        probe.Update(bars[readyAt - 1]).ShouldBeTrue($"bar {readyAt}");
        probe.IsReady.ShouldBeTrue();
        for (var i = readyAt; i < bars.Length; i++)
        {
            probe.Update(bars[i]).ShouldBeTrue($"bar {i + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Reset_AfterUse_BehavesLikeNewInstance(string name)
    {
        var (used, _) = IndicatorProbe.Create(name);
        var (fresh, _) = IndicatorProbe.Create(name);
        foreach (var bar in IndicatorProbe.Walk(57, 2))
        {
            _ = used.Update(bar);
        }

        used.Reset();
        used.IsReady.ShouldBeFalse();
        foreach (var bar in IndicatorProbe.Walk(40, 3))
        {
            used.Update(bar).ShouldBe(fresh.Update(bar));
            used.Snapshot().ShouldBe(fresh.Snapshot());
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Update_NonFiniteInput_IgnoredAndStateUnchanged(string name)
    {
        var (dirty, _) = IndicatorProbe.Create(name);
        var (clean, _) = IndicatorProbe.Create(name);
        var readsHigh = name is "Atr" or "Adx" or "RegimeDetector" or "RollingCorrelation";
        var readsLow = name is "Atr" or "Adx" or "RegimeDetector";
        double[] bad = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var bars = IndicatorProbe.Walk(40, 4);
        var ignored = 0;
        for (var i = 0; i < bars.Length; i++)
        {
            var (h, l, c) = bars[i];
            if (i % 3 == 1)
            {
                var before = dirty.Snapshot();
                var ready = dirty.IsReady;
                var x = bad[i % bad.Length];
                // RegimeDetector.Update returns the (unchanged) regime; the probe reports "known", so it stays as it was.
                var expected = string.Equals(name, "RegimeDetector", StringComparison.Ordinal) && ready;
                dirty.Update(x, x, x).ShouldBe(expected);
                dirty.Update(h, l, x).ShouldBe(expected);
                ignored += 2;
                if (readsHigh)
                {
                    dirty.Update(x, l, c).ShouldBe(expected);
                    ignored++;
                }

                if (readsLow)
                {
                    dirty.Update(h, x, c).ShouldBe(expected);
                    ignored++;
                }

                dirty.Snapshot().ShouldBe(before);
                dirty.IsReady.ShouldBe(ready);
            }

            dirty.Update(bars[i]).ShouldBe(clean.Update(bars[i]));
            dirty.Snapshot().ShouldBe(clean.Snapshot());
        }

        dirty.IsReady.ShouldBeTrue();
        ignored.ShouldBeGreaterThanOrEqualTo(26);
    }

    [Fact]
    public void Constructors_PeriodsOutOfRange_ThrowArgumentOutOfRange()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new Sma(0));
        Should.Throw<ArgumentOutOfRangeException>(() => new Ema(0));
        Should.Throw<ArgumentOutOfRangeException>(() => new Rsi(0));
        Should.Throw<ArgumentOutOfRangeException>(() => new Atr(0));
        Should.Throw<ArgumentOutOfRangeException>(() => new Adx(1));
        Should.Throw<ArgumentOutOfRangeException>(() => new BollingerBands(1));
        Should.Throw<ArgumentOutOfRangeException>(() => new BollingerBands(20, 0));
        Should.Throw<ArgumentOutOfRangeException>(() => new BollingerBands(20, double.NaN));
        Should.Throw<ArgumentOutOfRangeException>(() => new Macd(0, 26, 9));
        Should.Throw<ArgumentOutOfRangeException>(() => new Macd(12, 12, 9));
        Should.Throw<ArgumentOutOfRangeException>(() => new Macd(12, 26, 0));
        Should.Throw<ArgumentOutOfRangeException>(() => new RollingStandardDeviation(1));
        Should.Throw<ArgumentOutOfRangeException>(() => new ZScore(1));
        Should.Throw<ArgumentOutOfRangeException>(() => new RollingCorrelation(1));
        Should.Throw<ArgumentOutOfRangeException>(() => new RegimeDetector(adxPeriod: 1));
        Should.Throw<ArgumentOutOfRangeException>(() => new RegimeDetector(atrPeriod: 0));
        Should.Throw<ArgumentOutOfRangeException>(() => new RegimeDetector(volatilityLookback: 0));
        Should.Throw<ArgumentOutOfRangeException>(() => new RegimeDetector(trendThreshold: 101));
        Should.Throw<ArgumentOutOfRangeException>(() => new RegimeDetector(trendThreshold: double.NaN));
        Should.Throw<ArgumentOutOfRangeException>(() => new RegimeDetector(volatilePercentile: -1));
    }

    [Fact]
    public void Constructors_Defaults_AreTheConventionalPeriods()
    {
        new Rsi().Period.ShouldBe(14);
        new Atr().Period.ShouldBe(14);
        new Adx().Period.ShouldBe(14);
        var macd = new Macd();
        (macd.FastPeriod, macd.SlowPeriod, macd.SignalPeriod).ShouldBe((12, 26, 9));
        var bb = new BollingerBands();
        (bb.Period, bb.StandardDeviations).ShouldBe((20, 2.0));
        var regime = new RegimeDetector();
        (regime.AdxPeriod, regime.TrendThreshold, regime.AtrPeriod, regime.VolatilityLookback, regime.VolatilePercentile).ShouldBe((14, 25.0, 14, 100, 80.0));
        regime.Regime.ShouldBe(MarketRegime.Unknown);
        new Ema(20).Alpha.ShouldBe(2.0 / 21);
    }

    [Fact]
    public void Update_DefaultStructInstance_ThrowsInvalidOperation()
    {
        var ema = default(Ema);
        var rsi = default(Rsi);
        var atr = default(Atr);
        var adx = default(Adx);
        var macd = default(Macd);
        Should.Throw<InvalidOperationException>(() => ema.Update(1));
        Should.Throw<InvalidOperationException>(() => rsi.Update(1));
        Should.Throw<InvalidOperationException>(() => atr.Update(2, 1, 1.5));
        Should.Throw<InvalidOperationException>(() => adx.Update(2, 1, 1.5));
        Should.Throw<InvalidOperationException>(() => macd.Update(1));
    }

    [Fact]
    public void Update_Bar_SameAsHighLowClose()
    {
        var pair = new TradingPair("BTC", "USDT");
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ema = new Ema(5);
        var emaBar = new Ema(5);
        var rsi = new Rsi(5);
        var rsiBar = new Rsi(5);
        var atr = new Atr(5);
        var atrBar = new Atr(5);
        var adx = new Adx(5);
        var adxBar = new Adx(5);
        var macd = new Macd(3, 5, 2);
        var macdBar = new Macd(3, 5, 2);
        var sma = new Sma(5);
        var smaBar = new Sma(5);
        var bb = new BollingerBands(5);
        var bbBar = new BollingerBands(5);
        var sd = new RollingStandardDeviation(5);
        var sdBar = new RollingStandardDeviation(5);
        var z = new ZScore(5);
        var zBar = new ZScore(5);
        var regime = new RegimeDetector(3, 25, 3, 4, 80);
        var regimeBar = new RegimeDetector(3, 25, 3, 4, 80);
        var walk = IndicatorProbe.Walk(30, 5);
        for (var i = 0; i < walk.Length; i++)
        {
            var (h, l, c) = walk[i];
            var bar = new Bar(pair, Timeframe.OneHour, start.AddHours(i), c, h, l, c, 1);
            emaBar.Update(bar).ShouldBe(ema.Update(c));
            rsiBar.Update(bar).ShouldBe(rsi.Update(c));
            atrBar.Update(bar).ShouldBe(atr.Update(h, l, c));
            adxBar.Update(bar).ShouldBe(adx.Update(h, l, c));
            macdBar.Update(bar).ShouldBe(macd.Update(c));
            smaBar.Update(bar).ShouldBe(sma.Update(c));
            bbBar.Update(bar).ShouldBe(bb.Update(c));
            sdBar.Update(bar).ShouldBe(sd.Update(c));
            zBar.Update(bar).ShouldBe(z.Update(c));
            regimeBar.Update(bar).ShouldBe(regime.Update(h, l, c));
        }

        (emaBar.Value, rsiBar.Value, atrBar.Value, adxBar.Value, macdBar.Histogram).ShouldBe((ema.Value, rsi.Value, atr.Value, adx.Value, macd.Histogram));
        (smaBar.Value, bbBar.Upper, sdBar.Value, zBar.Value, regimeBar.TrendStrength).ShouldBe((sma.Value, bb.Upper, sd.Value, z.Value, regime.TrendStrength));
    }

    [Fact]
    public void Rsi_OnlyGains_Is100()
    {
        var rsi = new Rsi(3);
        foreach (var x in new[] { 1.0, 2, 3, 4, 5 })
        {
            _ = rsi.Update(x);
        }

        rsi.Value.ShouldBe(100);
    }

    [Fact]
    public void BollingerBands_FlatWindow_BandsCollapseAndPercentBIsHalf()
    {
        var bb = new BollingerBands(4, 2);
        foreach (var x in new[] { 7.0, 9, 11, 13, 10.1, 10.1, 10.1, 10.1 })
        {
            _ = bb.Update(x);
        }

        (bb.Middle, bb.Upper, bb.Lower, bb.StandardDeviation).ShouldBe((10.1, 10.1, 10.1, 0.0));
        (bb.PercentB, bb.ZScore, bb.Width).ShouldBe((0.5, 0.0, 0.0));
    }

    [Fact]
    public void RollingStandardDeviation_FlatWindowAfterMovement_IsExactlyZero()
    {
        // Seven inputs: the ring (period 5) has not wrapped a second time, so only the flat-run counter can give exact 0.
        var sd = new RollingStandardDeviation(5);
        var z = new ZScore(5);
        foreach (var x in new[] { 1e4, -3e4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3 })
        {
            _ = sd.Update(x);
            _ = z.Update(x);
        }

        (sd.Value, sd.Variance, sd.Mean).ShouldBe((0.0, 0.0, 0.3));
        (z.Value, z.StandardDeviation).ShouldBe((0.0, 0.0));
    }

    [Fact]
    public void RollingCorrelation_LinearAndFlatSeries_OneMinusOneAndZero()
    {
        var up = new RollingCorrelation(10);
        var down = new RollingCorrelation(10);
        var flat = new RollingCorrelation(10);
        for (var i = 0; i < 37; i++)
        {
            var x = Math.Sin(i * 0.7) + (i * 0.01);
            _ = up.Update(x, (3 * x) + 5);
            _ = down.Update(x, 2 - (0.5 * x));
            _ = flat.Update(x, 42);
        }

        up.Value.ShouldBe(1, 1e-12);
        up.RSquared.ShouldBe(1, 1e-12);
        down.Value.ShouldBe(-1, 1e-12);
        (flat.Value, flat.Covariance, flat.VarianceY).ShouldBe((0.0, 0.0, 0.0));
    }

    [Fact]
    public void RollingStatistics_WideWindowTurnsNearlyFlatBetweenRecomputes_KeepPrecision()
    {
        // Period 3: the outlier sits in ring slot 1, so it leaves by a slide (not at the wrap, which recomputes anyway),
        // and the sliding update alone would cancel ~18 digits. The cancellation guard recomputes instead.
        double[] xs = [5, 1000, 5.000001, 5.000002, 5.000003];
        double[] ys = [2, -900, 2.000002, 2.000004, 2.000006];
        var sd = new RollingStandardDeviation(3);
        var bb = new BollingerBands(3);
        var corr = new RollingCorrelation(3);
        for (var i = 0; i < xs.Length; i++)
        {
            _ = sd.Update(xs[i]);
            _ = bb.Update(xs[i]);
            _ = corr.Update(xs[i], ys[i]);
        }

        double[] window = [5.000001, 5.000002, 5.000003];
        var mean = window.Average();
        var expected = Math.Sqrt(window.Sum(v => (v - mean) * (v - mean)) / 3);
        sd.Value.ShouldBe(expected, expected * 1e-6);
        bb.StandardDeviation.ShouldBe(expected, expected * 1e-6);
        corr.Value.ShouldBe(1, 1e-6);
    }

    [Fact]
    public void Sma_MillionUpdatesOfWildValues_NoDrift()
    {
        var random = new Random(6);
        var sma = new Sma(50);
        var sd = new RollingStandardDeviation(50);
        var window = new double[50];
        for (var i = 0; i < 1_000_003; i++)
        {
            // Magnitudes from 1e-3 to 1e7 mixed: the worst case for a running sum.
            var x = Math.Pow(10, (random.NextDouble() * 10) - 3) * (random.Next(2) == 0 ? 1 : -1);
            window[i % 50] = x;
            _ = sma.Update(x);
            _ = sd.Update(x);
        }

        var mean = window.Average();
        var deviation = Math.Sqrt(window.Sum(v => (v - mean) * (v - mean)) / 50);
        sma.Value.ShouldBe(mean, window.Max(Math.Abs) * 1e-13);
        sd.Value.ShouldBe(deviation, deviation * 1e-9);
    }
}
