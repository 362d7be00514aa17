using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Indicators;

/// <summary>Streaming simple moving average: the arithmetic mean of the last <see cref="Period"/> inputs.</summary>
/// <remarks>
/// <para>
/// A rolling sum over a ring buffer allocated once in the constructor: each update is O(1) (<c>sum += x − oldest</c>)
/// and allocation-free. Drift: the sum is recomputed from the buffer each time the ring wraps (once every
/// <see cref="Period"/> updates, so O(1) amortized), so rounding error never carries over more than one window; the
/// first value is the plain sum of the first <see cref="Period"/> inputs divided by <see cref="Period"/>, as in
/// Skender.Stock.Indicators.
/// </para>
/// <para>
/// A sealed class because the ring buffer is a reference: a copied struct would share it and corrupt both.
/// Non-finite input is ignored (returns <see langword="false"/>, state unchanged): bad data is filtered upstream.
/// Not thread-safe.
/// </para>
/// </remarks>
public sealed class Sma
{
    private readonly double[] _buffer;
    private int _next;
    private int _count;
    private double _sum;

    /// <summary>Initializes a new average.</summary>
    /// <param name="period">The number of inputs averaged; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is less than 1.</exception>
    public Sma(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _buffer = new double[period];
    }

    /// <summary>Gets the period.</summary>
    public int Period => _buffer.Length;

    /// <summary>Gets a value indicating whether <see cref="Period"/> inputs have been seen and <see cref="Value"/> is defined.</summary>
    public bool IsReady => _count == _buffer.Length;

    /// <summary>Gets the current average; 0 until <see cref="IsReady"/>.</summary>
    public double Value { get; private set; }

    /// <summary>Adds one input.</summary>
    /// <param name="value">The input, usually a close.</param>
    /// <returns><see cref="IsReady"/> after the update; <see langword="false"/> when the input was ignored.</returns>
    public bool Update(double value)
    {
        if (!double.IsFinite(value))
        {
            return false;
        }

        var buffer = _buffer;
        var n = buffer.Length;
        if (_count == n)
        {
            _sum += value - buffer[_next];
        }
        else
        {
            _sum += value;
            _count++;
        }

        buffer[_next] = value;
        if (++_next == n)
        {
            _next = 0;
            var sum = 0.0;
            for (var i = 0; i < buffer.Length; i++)
            {
                sum += buffer[i];
            }

            _sum = sum;
        }

        if (_count < n)
        {
            return false;
        }

        Value = _sum / n;
        return true;
    }

    /// <summary>Adds a bar's close.</summary>
    /// <param name="bar">The bar.</param>
    /// <returns><see cref="IsReady"/> after the update.</returns>
    public bool Update(in Bar bar) => Update(bar.Close);

    /// <summary>Forgets every input, keeping the period.</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        _next = 0;
        _count = 0;
        _sum = 0;
        Value = 0;
    }
}
