namespace MultiPair.Sdk.Indicators;

/// <summary>
/// The mean and the sum of squared deviations (M2) of the last <c>period</c> inputs, over a ring buffer allocated once.
/// </summary>
/// <remarks>
/// <para>
/// Sums are kept of <c>x − shift</c>, where the shift is a recent input (the first one, then the latest at each
/// recompute): for prices whose deviation is a tiny fraction of their level (a coin near 50,000 moving by cents) the
/// mean then keeps the digits the deviations need. Each update slides the window in O(1): <c>sum += x − old</c> and the Welford-style
/// <c>M2 += (x − old) × (x − mean' + old − mean)</c>, which works on deviations, so it does not suffer the cancellation
/// of <c>Σx²/n − mean²</c> on price levels. To stop rounding drift from accumulating over long series, the sum and M2
/// are recomputed exactly (two passes over the buffer) each time the ring wraps, i.e. once every <c>period</c> updates:
/// O(1) amortized, and the error never carries over more than one window. A slide that shrinks M2 by more than
/// 10⁴ (a window going from wide to nearly flat, where the update would cancel most digits) also recomputes, so the
/// relative error of M2 stays near 1e-12 (a series doing that on every bar would cost O(period) per update).
/// </para>
/// <para>Mutable struct held by one owner's private field; never copied.</para>
/// </remarks>
internal struct WindowMoments
{
    /// <summary>When a slide shrinks M2 below this fraction of its previous value, M2 is recomputed (cancellation guard).</summary>
    internal const double CancellationRatio = 1e-4;

    private readonly double[] _buffer;
    private readonly double _inverse;
    private int _next;
    private int _count;
    private double _shift;
    private double _sum;
    private double _m2;
    private double _last;
    private int _run;

    public WindowMoments(int period)
    {
        _buffer = new double[period];
        _inverse = 1.0 / period;
    }

    public readonly int Period => _buffer.Length;

    public readonly bool IsFull => _count == _buffer.Length;

    public readonly int Count => _count;

    public readonly double Mean => IsConstant ? _last : _shift + (_count == _buffer.Length ? _sum * _inverse : _sum / _count);

    /// <summary>Gets a value indicating whether every input in the window is the same value (exactly).</summary>
    public readonly bool IsConstant => _run >= _count;

    /// <summary>Gets the population variance (M2 / n), clamped at 0, and exactly 0 for a constant window.</summary>
    public readonly double Variance => IsConstant || _m2 <= 0 ? 0.0 : _count == _buffer.Length ? _m2 * _inverse : _m2 / _count;

    /// <summary>Gets the population standard deviation.</summary>
    public readonly double StandardDeviation => Math.Sqrt(Variance);

    public void Add(double value)
    {
        var buffer = _buffer;
        var n = buffer.Length;
        _run = _count > 0 && value == _last ? Math.Min(_run + 1, n) : 1;
        _last = value;
        if (_count == 0)
        {
            _shift = value;
        }

        if (_count == n)
        {
            var old = buffer[_next] - _shift;
            value -= _shift;
            var oldMean = _sum * _inverse;
            _sum += value - old;
            var newMean = _sum * _inverse;
            var previousM2 = _m2;
            _m2 += (value - old) * (value - newMean + old - oldMean);
            buffer[_next] = _last;
            if (++_next == n)
            {
                _next = 0;
                Recompute();
            }
            else if (_m2 < previousM2 * CancellationRatio)
            {
                // The window just went from wide to nearly flat: the update cancelled most digits. Start again exactly.
                Recompute();
            }

            return;
        }

        var previousMean = _count == 0 ? 0.0 : _sum / _count;
        buffer[_next] = value;
        value -= _shift;
        _sum += value;
        _count++;
        _m2 += (value - previousMean) * (value - (_sum / _count));
        if (++_next == n)
        {
            _next = 0;
            Recompute();
        }
    }

    public void Reset()
    {
        Array.Clear(_buffer);
        _next = 0;
        _count = 0;
        _shift = 0;
        _sum = 0;
        _m2 = 0;
        _last = 0;
        _run = 0;
    }

    private void Recompute()
    {
        // Re-centre on the latest input: sums of x − shift stay small, so the mean keeps the digits the deviations need.
        var buffer = _buffer;
        var shift = _last;
        var sum = 0.0;
        for (var i = 0; i < buffer.Length; i++)
        {
            sum += buffer[i] - shift;
        }

        var mean = sum / buffer.Length;
        var m2 = 0.0;
        for (var i = 0; i < buffer.Length; i++)
        {
            var d = buffer[i] - shift - mean;
            m2 += d * d;
        }

        _shift = shift;
        _sum = sum;
        _m2 = m2;
    }
}
