using MultiPair.Sdk.Indicators;

namespace MultiPair.Sdk.Tests.Indicators;

/// <summary>One indicator behind a common face, so behaviour shared by all of them is tested once.</summary>
internal sealed class IndicatorProbe(Func<double, double, double, bool> update, Func<bool> isReady, Func<double[]> snapshot, Action reset)
{
    public static readonly string[] Names =
        ["Sma", "Ema", "Rsi", "Atr", "BollingerBands", "Macd", "RollingStandardDeviation", "ZScore", "RollingCorrelation", "Adx", "RegimeDetector"];

    public bool IsReady => isReady();

    public static (IndicatorProbe Probe, int ReadyAt) Create(string name)
    {
        switch (name)
        {
            case "Sma":
                var sma = new Sma(5);
                return (new((_, _, c) => sma.Update(c), () => sma.IsReady, () => [sma.Value], sma.Reset), 5);
            case "Ema":
                var ema = new Ema(5);
                return (new((_, _, c) => ema.Update(c), () => ema.IsReady, () => [ema.Value], () => ema.Reset()), 5);
            case "Rsi":
                var rsi = new Rsi(5);
                return (new((_, _, c) => rsi.Update(c), () => rsi.IsReady, () => [rsi.Value, rsi.AverageGain, rsi.AverageLoss], () => rsi.Reset()), 6);
            case "Atr":
                var atr = new Atr(5);
                return (new((h, l, c) => atr.Update(h, l, c), () => atr.IsReady, () => [atr.Value, atr.TrueRange, atr.Percent, atr.LastClose], () => atr.Reset()), 6);
            case "BollingerBands":
                var bb = new BollingerBands(5, 2);
                return (new((_, _, c) => bb.Update(c), () => bb.IsReady, () => [bb.Middle, bb.Upper, bb.Lower, bb.PercentB, bb.Width, bb.ZScore, bb.StandardDeviation], bb.Reset), 5);
            case "Macd":
                var macd = new Macd(3, 5, 2);
                return (new((_, _, c) => macd.Update(c), () => macd.IsReady, () => [macd.Value, macd.Signal, macd.Histogram, macd.FastEma, macd.SlowEma], () => macd.Reset()), 6);
            case "RollingStandardDeviation":
                var sd = new RollingStandardDeviation(5);
                return (new((_, _, c) => sd.Update(c), () => sd.IsReady, () => [sd.Value, sd.Variance, sd.Mean], sd.Reset), 5);
            case "ZScore":
                var z = new ZScore(5);
                return (new((_, _, c) => z.Update(c), () => z.IsReady, () => [z.Value, z.Mean, z.StandardDeviation], z.Reset), 5);
            case "RollingCorrelation":
                var corr = new RollingCorrelation(5);
                return (new((h, _, c) => corr.Update(c, h), () => corr.IsReady, () => [corr.Value, corr.Covariance, corr.VarianceX, corr.VarianceY], corr.Reset), 5);
            case "Adx":
                var adx = new Adx(5);
                return (new((h, l, c) => adx.Update(h, l, c), () => adx.IsReady, () => [adx.Value, adx.PlusDi, adx.MinusDi, adx.Dx], () => adx.Reset()), 10);
            case "RegimeDetector":
                // ADX(3) is ready at bar 6, ATR(3) at bar 4; four ATR% values fill the lookback, so bar 8 is the first ranked.
                var regime = new RegimeDetector(adxPeriod: 3, atrPeriod: 3, volatilityLookback: 4);
                return (new(
                    (h, l, c) => regime.Update(h, l, c) != MarketRegime.Unknown,
                    () => regime.IsReady,
                    () => [(double)regime.Regime, regime.TrendStrength, regime.AtrPercent, regime.VolatilityPercentile, regime.PlusDi, regime.MinusDi],
                    regime.Reset), 8);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown indicator.");
        }
    }

    /// <summary>A seeded random walk of (high, low, close) bars around 100.</summary>
    public static (double High, double Low, double Close)[] Walk(int count, int seed)
    {
        var random = new Random(seed);
        var bars = new (double, double, double)[count];
        var price = 100.0;
        for (var i = 0; i < count; i++)
        {
            var previous = price;
            price *= 1 + ((random.NextDouble() - 0.5) * 0.04);
            var high = Math.Max(previous, price) * (1 + (random.NextDouble() * 0.01));
            var low = Math.Min(previous, price) * (1 - (random.NextDouble() * 0.01));
            bars[i] = (high, low, price);
        }

        return bars;
    }

    public bool Update(double high, double low, double close) => update(high, low, close);

    public bool Update((double High, double Low, double Close) bar) => update(bar.High, bar.Low, bar.Close);

    public double[] Snapshot() => snapshot();

    public void Reset() => reset();
}
