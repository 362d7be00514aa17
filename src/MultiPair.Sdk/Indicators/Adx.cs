using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Indicators;

/// <summary>
/// Streaming average directional index (Wilder), as Skender.Stock.Indicators defines it: per bar,
/// +DM = high − previous high when that exceeds both 0 and previous low − low (else 0), −DM symmetrically, and the true
/// range; each is Wilder-summed (first value = the sum of the first <see cref="Period"/>, then
/// <c>s = s − s / Period + x</c>); <c>+DI = 100 × +DM / TR</c>, <c>−DI = 100 × −DM / TR</c>,
/// <c>DX = 100 × |+DI − −DI| / (+DI + −DI)</c>; the ADX is the simple average of the first <see cref="Period"/> DX values,
/// then <c>adx = (adx × (Period − 1) + dx) / Period</c>.
/// </summary>
/// <remarks>
/// <para>
/// The DIs and DX are defined after <see cref="Period"/> + 1 bars (<see cref="IsDirectionReady"/>), the ADX after
/// 2 × <see cref="Period"/> bars (<see cref="IsReady"/>). When the smoothed true range is 0 both DIs are 0, and when
/// both DIs are 0 the DX is 0 (Skender leaves these undefined; real price series never hit them).
/// Skender's ADXR is not computed.
/// </para>
/// <para>
/// Mutable struct: keep it in a field or array element, never copy it by value after use. A <see langword="default"/>
/// instance throws on <see cref="Update(double, double, double)"/>: create it with the constructor.
/// </para>
/// <para>
/// O(1) and allocation-free per update. A bar with a non-finite high, low or close is ignored (returns
/// <see langword="false"/>, state unchanged): bad data is filtered upstream. Not thread-safe.
/// </para>
/// </remarks>
public struct Adx
{
    private readonly double _decay;
    private readonly double _inverse;
    private double _previousHigh;
    private double _previousLow;
    private double _previousClose;
    private double _trueRange;
    private double _plusMove;
    private double _minusMove;
    private double _dxSum;
    private int _moves;
    private int _dxCount;
    private bool _hasPrevious;

    /// <summary>Initializes a new instance with the conventional period, 14.</summary>
    public Adx()
        : this(14)
    {
    }

    /// <summary>Initializes a new index.</summary>
    /// <param name="period">The smoothing period; at least 2. The common choice is 14.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is less than 2.</exception>
    public Adx(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        Period = period;
        _decay = (period - 1.0) / period;
        _inverse = 1.0 / period;
    }

    /// <summary>Gets the period.</summary>
    public readonly int Period { get; }

    /// <summary>Gets a value indicating whether the ADX (<see cref="Value"/>) is defined.</summary>
    public readonly bool IsReady => _dxCount >= Period && Period > 0;

    /// <summary>Gets a value indicating whether <see cref="PlusDi"/>, <see cref="MinusDi"/> and <see cref="Dx"/> are defined.</summary>
    public readonly bool IsDirectionReady => _moves >= Period && Period > 0;

    /// <summary>Gets the average directional index, from 0 to 100; 0 until <see cref="IsReady"/>.</summary>
    public double Value { readonly get; private set; }

    /// <summary>Gets the positive directional indicator +DI, from 0 to 100; 0 until <see cref="IsDirectionReady"/>.</summary>
    public double PlusDi { readonly get; private set; }

    /// <summary>Gets the negative directional indicator −DI, from 0 to 100; 0 until <see cref="IsDirectionReady"/>.</summary>
    public double MinusDi { readonly get; private set; }

    /// <summary>Gets the directional index DX of the last bar, from 0 to 100; 0 until <see cref="IsDirectionReady"/>.</summary>
    public double Dx { readonly get; private set; }

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
                throw new InvalidOperationException("This Adx was not constructed: use new Adx(period).");
            }

            Remember(high, low, close);
            _hasPrevious = true;
            return false;
        }

        var tr = Atr.TrueRangeOf(high, low, _previousClose);
        var up = high - _previousHigh;
        var down = _previousLow - low;
        var plus = up > down && up > 0 ? up : 0.0;
        var minus = down > up && down > 0 ? down : 0.0;
        Remember(high, low, close);

        if (_moves >= Period)
        {
            // s − s / n + x, as a multiplication by a constant.
            _trueRange = (_trueRange * _decay) + tr;
            _plusMove = (_plusMove * _decay) + plus;
            _minusMove = (_minusMove * _decay) + minus;
        }
        else
        {
            _trueRange += tr;
            _plusMove += plus;
            _minusMove += minus;
            if (++_moves < Period)
            {
                return false;
            }
        }

        var scale = _trueRange > 0 ? 100.0 / _trueRange : 0.0;
        var plusDi = _plusMove * scale;
        var minusDi = _minusMove * scale;
        var sum = plusDi + minusDi;
        var dx = sum > 0 ? 100.0 * Math.Abs(plusDi - minusDi) / sum : 0.0;
        PlusDi = plusDi;
        MinusDi = minusDi;
        Dx = dx;

        if (_dxCount >= Period)
        {
            Value = (Value * _decay) + (dx * _inverse);
            return true;
        }

        _dxSum += dx;
        if (++_dxCount < Period)
        {
            return false;
        }

        Value = _dxSum / Period;
        return true;
    }

    /// <summary>Adds one bar.</summary>
    /// <param name="bar">The bar.</param>
    /// <returns><see cref="IsReady"/> after the update.</returns>
    public bool Update(in Bar bar) => Update(bar.High, bar.Low, bar.Close);

    /// <summary>Forgets every bar, keeping the period.</summary>
    public void Reset()
    {
        this = Period == 0 ? default : new Adx(Period);
    }

    private void Remember(double high, double low, double close)
    {
        _previousHigh = high;
        _previousLow = low;
        _previousClose = close;
    }
}
