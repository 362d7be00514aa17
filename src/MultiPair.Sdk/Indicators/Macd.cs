using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Indicators;

/// <summary>
/// Streaming moving average convergence/divergence, as Skender.Stock.Indicators and TA-Lib define it: the line is
/// <c>EMA(fast) − EMA(slow)</c> of the input, the signal is an EMA of the line (seeded, like every <see cref="Ema"/>,
/// with the simple average of its first <see cref="SignalPeriod"/> values, which start when the slow EMA is ready),
/// and the histogram is <c>line − signal</c>. The line is ready after <see cref="SlowPeriod"/> inputs and the signal
/// after <see cref="SlowPeriod"/> + <see cref="SignalPeriod"/> − 1.
/// </summary>
/// <remarks>
/// <para>
/// Mutable struct: keep it in a field or array element, never copy it by value after use. A <see langword="default"/>
/// instance throws on <see cref="Update(double)"/>: create it with the constructor.
/// </para>
/// <para>
/// O(1) and allocation-free per update. Non-finite input is ignored (returns <see langword="false"/>, state unchanged):
/// bad data is filtered upstream. Not thread-safe.
/// </para>
/// </remarks>
public struct Macd
{
    private Ema _fast;
    private Ema _slow;
    private Ema _signal;

    /// <summary>Initializes a new MACD(12, 26, 9).</summary>
    public Macd()
        : this(12, 26, 9)
    {
    }

    /// <summary>Initializes a new MACD.</summary>
    /// <param name="fastPeriod">The fast EMA period; at least 1.</param>
    /// <param name="slowPeriod">The slow EMA period; greater than <paramref name="fastPeriod"/>.</param>
    /// <param name="signalPeriod">The signal EMA period; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A period is out of range.</exception>
    public Macd(int fastPeriod, int slowPeriod, int signalPeriod)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fastPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(slowPeriod, fastPeriod);
        ArgumentOutOfRangeException.ThrowIfLessThan(signalPeriod, 1);
        _fast = new Ema(fastPeriod);
        _slow = new Ema(slowPeriod);
        _signal = new Ema(signalPeriod);
    }

    /// <summary>Gets the fast EMA period.</summary>
    public readonly int FastPeriod => _fast.Period;

    /// <summary>Gets the slow EMA period.</summary>
    public readonly int SlowPeriod => _slow.Period;

    /// <summary>Gets the signal EMA period.</summary>
    public readonly int SignalPeriod => _signal.Period;

    /// <summary>Gets a value indicating whether the signal (and so every value) is defined.</summary>
    public readonly bool IsReady => _signal.IsReady;

    /// <summary>Gets a value indicating whether the MACD line (<see cref="Value"/>) is defined; the signal may still be warming up.</summary>
    public readonly bool IsLineReady => _slow.IsReady;

    /// <summary>Gets the MACD line, <c>EMA(fast) − EMA(slow)</c>; 0 until <see cref="IsLineReady"/>.</summary>
    public double Value { readonly get; private set; }

    /// <summary>Gets the signal line, an EMA of <see cref="Value"/>; 0 until <see cref="IsReady"/>.</summary>
    public readonly double Signal => _signal.Value;

    /// <summary>Gets <see cref="Value"/> − <see cref="Signal"/>; 0 until <see cref="IsReady"/>.</summary>
    public readonly double Histogram => _signal.IsReady ? Value - _signal.Value : 0.0;

    /// <summary>Gets the fast EMA; 0 until it is ready.</summary>
    public readonly double FastEma => _fast.Value;

    /// <summary>Gets the slow EMA; 0 until it is ready.</summary>
    public readonly double SlowEma => _slow.Value;

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

        _ = _fast.Update(value);
        if (!_slow.Update(value))
        {
            return false;
        }

        Value = _fast.Value - _slow.Value;
        return _signal.Update(Value);
    }

    /// <summary>Adds a bar's close.</summary>
    /// <param name="bar">The bar.</param>
    /// <returns><see cref="IsReady"/> after the update.</returns>
    public bool Update(in Bar bar) => Update(bar.Close);

    /// <summary>Forgets every input, keeping the periods.</summary>
    public void Reset()
    {
        _fast.Reset();
        _slow.Reset();
        _signal.Reset();
        Value = 0;
    }
}
