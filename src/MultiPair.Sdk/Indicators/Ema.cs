using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Indicators;

/// <summary>
/// Streaming exponential moving average, seeded like TA-Lib and Skender.Stock.Indicators: the first value is the simple
/// average of the first <see cref="Period"/> inputs, then <c>ema += k × (x − ema)</c> with <c>k = 2 / (Period + 1)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Mutable struct: keep it in a field or array element, never copy it by value after use (a copy carries on
/// independently, and updates to it are lost). A <see langword="default"/> instance has no period and throws on
/// <see cref="Update(double)"/>: create it with the constructor.
/// </para>
/// <para>
/// O(1) and allocation-free per update. Non-finite input (NaN, ±∞) is ignored: <see cref="Update(double)"/> returns
/// <see langword="false"/> and leaves the state unchanged (bad data is filtered upstream; this only keeps one bad tick
/// from poisoning the average forever). Not thread-safe.
/// </para>
/// </remarks>
public struct Ema
{
    private readonly double _k;
    private readonly double _decay;
    private double _sum;
    private int _count;
    private bool _ready;

    /// <summary>Initializes a new average.</summary>
    /// <param name="period">The number of inputs of the seed average, which also sets the smoothing factor; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is less than 1.</exception>
    public Ema(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        _k = 2.0 / (period + 1);
        _decay = 1.0 - _k;
    }

    /// <summary>Gets the period.</summary>
    public readonly int Period { get; }

    /// <summary>Gets the smoothing factor <c>2 / (Period + 1)</c>.</summary>
    public readonly double Alpha => _k;

    /// <summary>Gets a value indicating whether <see cref="Period"/> inputs have been seen and <see cref="Value"/> is defined.</summary>
    public readonly bool IsReady => _ready;

    /// <summary>Gets the current average; 0 until <see cref="IsReady"/>.</summary>
    public double Value { readonly get; private set; }

    /// <summary>Adds one input.</summary>
    /// <param name="value">The input, usually a close.</param>
    /// <returns><see cref="IsReady"/> after the update; <see langword="false"/> when the input was ignored.</returns>
    /// <exception cref="InvalidOperationException">The instance is <see langword="default"/> (it was not constructed).</exception>
    public bool Update(double value)
    {
        if (!double.IsFinite(value))
        {
            return false;
        }

        if (_ready)
        {
            // Same as ema + k (x − ema), with one multiply fewer on the bar-to-bar dependency chain.
            Value = (Value * _decay) + (_k * value);
            return true;
        }

        return Warm(value);
    }

    /// <summary>Adds a bar's close.</summary>
    /// <param name="bar">The bar.</param>
    /// <returns><see cref="IsReady"/> after the update.</returns>
    public bool Update(in Bar bar) => Update(bar.Close);

    /// <summary>Forgets every input, keeping the period.</summary>
    public void Reset()
    {
        _sum = 0;
        _count = 0;
        _ready = false;
        Value = 0;
    }

    private bool Warm(double value)
    {
        if (Period == 0)
        {
            throw new InvalidOperationException("This Ema was not constructed: use new Ema(period).");
        }

        _sum += value;
        _count++;
        if (_count < Period)
        {
            return false;
        }

        Value = _sum / Period;
        _ready = true;
        return true;
    }
}
