using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Indicators;

/// <summary>
/// Streaming relative strength index with Wilder smoothing, seeded like Skender.Stock.Indicators and TA-Lib: the first
/// average gain and loss are the simple averages of the first <see cref="Period"/> changes, then
/// <c>avg = (avg × (Period − 1) + change) / Period</c>; <c>RSI = 100 − 100 / (1 + avgGain / avgLoss)</c>, and 100 when
/// the average loss is 0. It needs <see cref="Period"/> + 1 inputs.
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
public struct Rsi
{
    private readonly double _decay;
    private readonly double _inverse;
    private double _previous;
    private double _gain;
    private double _loss;
    private int _changes;
    private bool _hasPrevious;

    /// <summary>Initializes a new instance with the conventional period, 14.</summary>
    public Rsi()
        : this(14)
    {
    }

    /// <summary>Initializes a new index.</summary>
    /// <param name="period">The smoothing period; at least 1. The common choice is 14.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is less than 1.</exception>
    public Rsi(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        Period = period;
        _decay = (period - 1.0) / period;
        _inverse = 1.0 / period;
    }

    /// <summary>Gets the period.</summary>
    public readonly int Period { get; }

    /// <summary>Gets a value indicating whether <see cref="Period"/> changes have been seen and <see cref="Value"/> is defined.</summary>
    public readonly bool IsReady => _changes >= Period && Period > 0;

    /// <summary>Gets the current index, from 0 to 100; 0 until <see cref="IsReady"/>.</summary>
    /// <remarks>Computed when read (one division), from the averages the last update left: an update does no division.</remarks>
    public readonly double Value => !IsReady ? 0.0 : _loss > 0 ? 100.0 * _gain / (_gain + _loss) : 100.0;

    /// <summary>Gets the current Wilder-smoothed average gain; during warm-up, the running sum of gains.</summary>
    public readonly double AverageGain => _gain;

    /// <summary>Gets the current Wilder-smoothed average loss (positive); during warm-up, the running sum of losses.</summary>
    public readonly double AverageLoss => _loss;

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

        if (!_hasPrevious)
        {
            if (Period == 0)
            {
                throw new InvalidOperationException("This Rsi was not constructed: use new Rsi(period).");
            }

            _previous = value;
            _hasPrevious = true;
            return false;
        }

        var change = value - _previous;
        _previous = value;
        // Max rather than a comparison: whether a bar rose or fell is a coin toss the branch predictor would lose.
        var gain = Math.Max(change, 0.0);
        var loss = Math.Max(-change, 0.0);
        if (_changes >= Period)
        {
            // (avg × (n − 1) + x) / n, as multiplications by constants: no division on the dependency chain.
            _gain = (_gain * _decay) + (gain * _inverse);
            _loss = (_loss * _decay) + (loss * _inverse);
        }
        else
        {
            _gain += gain;
            _loss += loss;
            if (++_changes < Period)
            {
                return false;
            }

            _gain /= Period;
            _loss /= Period;
        }

        // Value: 100 − 100 / (1 + gain / loss) = 100 × gain / (gain + loss), with one division, when read.
        return true;
    }

    /// <summary>Adds a bar's close.</summary>
    /// <param name="bar">The bar.</param>
    /// <returns><see cref="IsReady"/> after the update.</returns>
    public bool Update(in Bar bar) => Update(bar.Close);

    /// <summary>Forgets every input, keeping the period.</summary>
    public void Reset() => this = Period == 0 ? default : new Rsi(Period);
}
