using BenchmarkDotNet.Attributes;
using MultiPair.Sdk.Indicators;

namespace MultiPair.Sdk.Benchmarks;

/// <summary>
/// Per-update cost of the streaming indicators (<see cref="MultiPair.Sdk.Indicators"/>) in their steady state: each
/// invocation streams <see cref="Bars"/> pre-generated random-walk bars into one long-lived indicator, so the figure
/// BenchmarkDotNet reports is per update. The struct indicators live in fields, as in per-pair state arrays.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class IndicatorBenchmarks
{
    private const int Bars = 4096;

    private readonly double[] _high = new double[Bars];
    private readonly double[] _low = new double[Bars];
    private readonly double[] _close = new double[Bars];
    private Ema _ema;
    private Ema _emaFast;
    private Ema _emaSlow;
    private Rsi _rsi;
    private Atr _atr;
    private Adx _adx;
    private BollingerBands _bollinger = null!;
    private BollingerBands _bollingerAll = null!;
    private RegimeDetector _regime = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A seeded random walk around 100 with a high/low around each close.
        var random = new Random(20_240_601);
        var price = 100.0;
        for (var i = 0; i < Bars; i++)
        {
            var previous = price;
            price *= 1 + ((random.NextDouble() - 0.5) * 0.02);
            _close[i] = price;
            _high[i] = Math.Max(previous, price) * (1 + (random.NextDouble() * 0.005));
            _low[i] = Math.Min(previous, price) * (1 - (random.NextDouble() * 0.005));
        }

        _ema = new Ema(20);
        _emaFast = new Ema(12);
        _emaSlow = new Ema(26);
        _rsi = new Rsi(14);
        _atr = new Atr(14);
        _adx = new Adx(14);
        _bollinger = new BollingerBands(20, 2);
        _bollingerAll = new BollingerBands(20, 2);
        _regime = new RegimeDetector();
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public double Ema_Update()
    {
        var close = _close;
        for (var i = 0; i < close.Length; i++)
        {
            _ = _ema.Update(close[i]);
        }

        return _ema.Value;
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public double Rsi_Update()
    {
        var close = _close;
        for (var i = 0; i < close.Length; i++)
        {
            _ = _rsi.Update(close[i]);
        }

        return _rsi.Value;
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public double Atr_Update()
    {
        var (high, low, close) = (_high, _low, _close);
        for (var i = 0; i < close.Length; i++)
        {
            _ = _atr.Update(high[i], low[i], close[i]);
        }

        return _atr.Value;
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public double BollingerBands_Update()
    {
        var close = _close;
        var bands = _bollinger;
        for (var i = 0; i < close.Length; i++)
        {
            _ = bands.Update(close[i]);
        }

        return bands.Upper;
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public double Adx_Update()
    {
        var (high, low, close) = (_high, _low, _close);
        for (var i = 0; i < close.Length; i++)
        {
            _ = _adx.Update(high[i], low[i], close[i]);
        }

        return _adx.Value;
    }

    /// <summary>ADX + ATR + a rank over 100 previous ATR% values per bar.</summary>
    [Benchmark(OperationsPerInvoke = Bars)]
    public double RegimeDetector_Update()
    {
        var (high, low, close) = (_high, _low, _close);
        var regime = _regime;
        for (var i = 0; i < close.Length; i++)
        {
            _ = regime.Update(high[i], low[i], close[i]);
        }

        return regime.VolatilityPercentile;
    }

    /// <summary>DESIGN.md's C reference bar: EMA × 2, RSI, ATR and Bollinger Bands, per bar.</summary>
    [Benchmark(OperationsPerInvoke = Bars)]
    public double EmaX2RsiAtrBollinger_PerBar()
    {
        var (high, low, close) = (_high, _low, _close);
        var bands = _bollingerAll;
        for (var i = 0; i < close.Length; i++)
        {
            var c = close[i];
            _ = _emaFast.Update(c);
            _ = _emaSlow.Update(c);
            _ = _rsi.Update(c);
            _ = _atr.Update(high[i], low[i], c);
            _ = bands.Update(c);
        }

        return _emaFast.Value - _emaSlow.Value + _rsi.Value + _atr.Value + bands.PercentB;
    }
}
