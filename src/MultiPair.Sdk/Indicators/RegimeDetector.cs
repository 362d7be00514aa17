using System.Numerics;
using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Indicators;

/// <summary>
/// Per-pair market regime from trend strength and relative volatility: <see cref="MarketRegime.Volatile"/> when the
/// ATR as a percentage of the close ranks at or above <see cref="VolatilePercentile"/> among its previous
/// <see cref="VolatilityLookback"/> values; otherwise <see cref="MarketRegime.Trending"/> when the ADX is at or above
/// <see cref="TrendThreshold"/>; otherwise <see cref="MarketRegime.Ranging"/>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="TrendStrength"/> is Wilder's ADX (<see cref="Adx"/>, period <see cref="AdxPeriod"/>); the volatility
/// measure is <see cref="Atr.Percent"/> (period <see cref="AtrPeriod"/>), which is comparable across price levels.
/// <see cref="VolatilityPercentile"/> is the percentile rank of the latest ATR% against the previous
/// <see cref="VolatilityLookback"/> ATR% values: <c>100 × (count below + ½ × count equal) / lookback</c>, so 100 is a
/// new high of the window and 0 a new low. The regime is <see cref="MarketRegime.Unknown"/> until both the ADX and a
/// full lookback of ATR% values exist (with the defaults, bar 114).
/// </para>
/// <para>
/// Caveat: a percentile rank is relative, so a stationary series spends about (100 − <see cref="VolatilePercentile"/>)
/// percent of its bars in <see cref="MarketRegime.Volatile"/> by construction; it flags volatility that is high for
/// this pair lately, not high in absolute terms.
/// </para>
/// <para>
/// Update cost: O(1) for the ADX and ATR plus one vectorized pass over the lookback window (100 compares with the defaults),
/// allocation-free after construction. A sealed class because of its ring buffer. A bar with a non-finite high, low
/// or close is ignored (state unchanged): bad data is filtered upstream. Not thread-safe.
/// </para>
/// </remarks>
public sealed class RegimeDetector
{
    private readonly double[] _history;
    private Adx _adx;
    private Atr _atr;
    private int _next;
    private int _count;

    /// <summary>Initializes a new detector.</summary>
    /// <param name="adxPeriod">The ADX period; at least 2.</param>
    /// <param name="trendThreshold">The ADX at or above which a bar is trending; from 0 to 100.</param>
    /// <param name="atrPeriod">The ATR period; at least 1.</param>
    /// <param name="volatilityLookback">How many previous ATR% values the latest is ranked against; at least 1.</param>
    /// <param name="volatilePercentile">The percentile rank at or above which a bar is volatile; from 0 to 100.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public RegimeDetector(int adxPeriod = 14, double trendThreshold = 25, int atrPeriod = 14, int volatilityLookback = 100, double volatilePercentile = 80)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(adxPeriod, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(atrPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(volatilityLookback, 1);
        if (!(trendThreshold is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(trendThreshold), trendThreshold, "The trend threshold must be from 0 to 100.");
        }

        if (!(volatilePercentile is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(volatilePercentile), volatilePercentile, "The volatile percentile must be from 0 to 100.");
        }

        _adx = new Adx(adxPeriod);
        _atr = new Atr(atrPeriod);
        _history = new double[volatilityLookback];
        TrendThreshold = trendThreshold;
        VolatilePercentile = volatilePercentile;
    }

    /// <summary>Gets the ADX period.</summary>
    public int AdxPeriod => _adx.Period;

    /// <summary>Gets the ADX at or above which a bar is trending.</summary>
    public double TrendThreshold { get; }

    /// <summary>Gets the ATR period.</summary>
    public int AtrPeriod => _atr.Period;

    /// <summary>Gets how many previous ATR% values the latest is ranked against.</summary>
    public int VolatilityLookback => _history.Length;

    /// <summary>Gets the percentile rank at or above which a bar is volatile.</summary>
    public double VolatilePercentile { get; }

    /// <summary>Gets a value indicating whether <see cref="Regime"/> is known.</summary>
    public bool IsReady => Regime != MarketRegime.Unknown;

    /// <summary>Gets the regime of the latest bar.</summary>
    public MarketRegime Regime { get; private set; }

    /// <summary>Gets the ADX of the latest bar, from 0 to 100; 0 until the ADX is ready.</summary>
    public double TrendStrength => _adx.Value;

    /// <summary>Gets the latest +DI (upward pressure), from 0 to 100; with <see cref="MinusDi"/> it gives the trend's direction.</summary>
    public double PlusDi => _adx.PlusDi;

    /// <summary>Gets the latest −DI (downward pressure), from 0 to 100.</summary>
    public double MinusDi => _adx.MinusDi;

    /// <summary>Gets the latest ATR as a percentage of the close; 0 until the ATR is ready.</summary>
    public double AtrPercent => _atr.Percent;

    /// <summary>Gets the percentile rank (0 to 100) of <see cref="AtrPercent"/> among the previous <see cref="VolatilityLookback"/> values; 0 until that many exist.</summary>
    public double VolatilityPercentile { get; private set; }

    /// <summary>Adds one bar.</summary>
    /// <param name="high">The bar's high.</param>
    /// <param name="low">The bar's low.</param>
    /// <param name="close">The bar's close.</param>
    /// <returns>The regime after the update (unchanged when the bar was ignored).</returns>
    public MarketRegime Update(double high, double low, double close)
    {
        if (!double.IsFinite(high) || !double.IsFinite(low) || !double.IsFinite(close))
        {
            return Regime;
        }

        var trendReady = _adx.Update(high, low, close);
        if (!_atr.Update(high, low, close))
        {
            return Regime;
        }

        var atrPercent = _atr.Percent;
        var history = _history;
        var full = _count == history.Length;
        if (full)
        {
            VolatilityPercentile = RankOf(atrPercent, history);
        }
        else
        {
            _count++;
        }

        history[_next] = atrPercent;
        if (++_next == history.Length)
        {
            _next = 0;
        }

        if (full && trendReady)
        {
            Regime = VolatilityPercentile >= VolatilePercentile ? MarketRegime.Volatile
                : _adx.Value >= TrendThreshold ? MarketRegime.Trending
                : MarketRegime.Ranging;
        }

        return Regime;
    }

    /// <summary>Adds one bar.</summary>
    /// <param name="bar">The bar.</param>
    /// <returns>The regime after the update.</returns>
    public MarketRegime Update(in Bar bar) => Update(bar.High, bar.Low, bar.Close);

    /// <summary>Forgets every bar, keeping the settings.</summary>
    public void Reset()
    {
        _adx.Reset();
        _atr.Reset();
        Array.Clear(_history);
        _next = 0;
        _count = 0;
        VolatilityPercentile = 0;
        Regime = MarketRegime.Unknown;
    }

    private static double RankOf(double value, double[] window)
    {
        // Branch-free and vectorized: comparisons give all-ones lanes (−1), so subtracting them counts.
        var target = new Vector<double>(value);
        var belowLanes = Vector<long>.Zero;
        var equalLanes = Vector<long>.Zero;
        var i = 0;
        for (; i <= window.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            var v = new Vector<double>(window, i);
            belowLanes -= Vector.LessThan(v, target);
            equalLanes -= Vector.Equals(v, target);
        }

        var below = (double)Vector.Sum(belowLanes);
        var equal = (double)Vector.Sum(equalLanes);
        for (; i < window.Length; i++)
        {
            var v = window[i];
            below += v < value ? 1 : 0;
            equal += v == value ? 1 : 0;
        }

        return 100.0 * (below + (0.5 * equal)) / window.Length;
    }
}
