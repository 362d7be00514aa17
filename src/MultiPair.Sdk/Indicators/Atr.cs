using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Indicators;

/// <summary>
/// Streaming average true range with Wilder smoothing, seeded like Skender.Stock.Indicators: the true range needs a
/// previous close, so the first bar only records its close; the first ATR is the simple average of the next
/// <see cref="Period"/> true ranges, then <c>atr = (atr × (Period − 1) + tr) / Period</c>. It needs
/// <see cref="Period"/> + 1 bars.
/// </summary>
/// <remarks>
/// <para>
/// True range = max(high − low, |high − previous close|, |low − previous close|).
/// Mutable struct: keep it in a field or array element, never copy it by value after use. A <see langword="default"/>
/// instance throws on <see cref="Update(double, double, double)"/>: create it with the constructor.
/// </para>
/// <para>
/// O(1) and allocation-free per update. A bar with a non-finite high, low or close is ignored (returns
/// <see langword="false"/>, state unchanged): bad data is filtered upstream. Not thread-safe.
/// </para>
/// </remarks>
public struct Atr
{
    private readonly double _decay;
    private readonly double _inverse;
    private double _previousClose;
    private double _sum;
    private int _ranges;
    private bool _hasPrevious;

    /// <summary>Initializes a new instance with the conventional period, 14.</summary>
    public Atr()
        : this(14)
    {
    }

    /// <summary>Initializes a new average true range.</summary>
    /// <param name="period">The smoothing period; at least 1. The common choice is 14.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is less than 1.</exception>
    public Atr(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        _decay = (period - 1.0) / period;
        _inverse = 1.0 / period;
    }

    /// <summary>Gets the period.</summary>
    public readonly int Period { get; }

    /// <summary>Gets a value indicating whether <see cref="Period"/> true ranges have been seen and <see cref="Value"/> is defined.</summary>
    public readonly bool IsReady => _ranges >= Period && Period > 0;

    /// <summary>Gets the current average true range; 0 until <see cref="IsReady"/>.</summary>
    public double Value { readonly get; private set; }

    /// <summary>Gets the last bar's true range; 0 until the second bar.</summary>
    public double TrueRange { readonly get; private set; }

    /// <summary>Gets the last close seen; 0 before the first bar.</summary>
    public readonly double LastClose => _previousClose;

    /// <summary>Gets the average true range as a percentage of the last close (Skender's <c>Atrp</c>); 0 until <see cref="IsReady"/>.</summary>
    public readonly double Percent => IsReady ? 100.0 * Value / _previousClose : 0.0;

    /// <summary>Adds one bar.</summary>
    /// <param name="high">The bar's high.</param>
    /// <param name="low">The bar's low.</param>
    /// <param name="close">The bar's close.</param>
    /// <returns><see cref="IsReady"/> after the update; <see langword="false"/> when the bar was ignored.</returns>
    /// <exception cref="InvalidOperationException">The instance is <see langword="default"/> (it was not constructed).</exception>
    public bool Update(double high, double low, double close)
    {
        if (!double.IsFinite(high) || !double.IsFinite(low) || !double.IsFinite(close))
        {
            return false;
        }

        if (!_hasPrevious)
        {
            if (Period == 0)
            {
                throw new InvalidOperationException("This Atr was not constructed: use new Atr(period).");
            }

            _previousClose = close;
            _hasPrevious = true;
            return false;
        }

        var tr = TrueRangeOf(high, low, _previousClose);
        TrueRange = tr;
        _previousClose = close;
        if (_ranges >= Period)
        {
            // (atr × (n − 1) + tr) / n, as multiplications by constants: no division on the dependency chain.
            Value = (Value * _decay) + (tr * _inverse);
            return true;
        }

        _sum += tr;
        if (++_ranges < Period)
        {
            return false;
        }

        Value = _sum / Period;
        return true;
    }

    /// <summary>Adds one bar.</summary>
    /// <param name="bar">The bar.</param>
    /// <returns><see cref="IsReady"/> after the update.</returns>
    public bool Update(in Bar bar) => Update(bar.High, bar.Low, bar.Close);

    /// <summary>Forgets every bar, keeping the period.</summary>
    public void Reset() => this = Period == 0 ? default : new Atr(Period);

    internal static double TrueRangeOf(double high, double low, double previousClose)
    {
        var range = high - low;
        var up = Math.Abs(high - previousClose);
        var down = Math.Abs(low - previousClose);
        return Math.Max(range, Math.Max(up, down));
    }
}
