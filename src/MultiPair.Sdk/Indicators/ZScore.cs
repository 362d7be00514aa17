using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Indicators;

/// <summary>
/// Streaming z-score: <c>(x − mean) / σ</c> of the latest input against the last <see cref="Period"/> inputs, the
/// latest included, with the population deviation σ (as Skender.Stock.Indicators' <c>StdDev.ZScore</c>). It is 0 when
/// σ is 0 (a flat window), where Skender reports nothing.
/// </summary>
/// <remarks>
/// Built on the same stable sliding window as <see cref="RollingStandardDeviation"/>: O(1) amortized, allocation-free.
/// A sealed class because of its ring buffer. Non-finite input is ignored (returns <see langword="false"/>, state
/// unchanged): bad data is filtered upstream. Not thread-safe.
/// </remarks>
public sealed class ZScore
{
    private WindowMoments _window;

    /// <summary>Initializes a new z-score.</summary>
    /// <param name="period">The number of inputs; at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is less than 2.</exception>
    public ZScore(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        _window = new WindowMoments(period);
    }

    /// <summary>Gets the period.</summary>
    public int Period => _window.Period;

    /// <summary>Gets a value indicating whether <see cref="Period"/> inputs have been seen and the values are defined.</summary>
    public bool IsReady => _window.IsFull;

    /// <summary>Gets the z-score of the latest input; 0 until <see cref="IsReady"/>, and 0 when the window is flat.</summary>
    public double Value { get; private set; }

    /// <summary>Gets the mean of the window; 0 until <see cref="IsReady"/>.</summary>
    public double Mean { get; private set; }

    /// <summary>Gets the population standard deviation of the window; 0 until <see cref="IsReady"/>.</summary>
    public double StandardDeviation { get; private set; }

    /// <summary>Adds one input.</summary>
    /// <param name="value">The input.</param>
    /// <returns><see cref="IsReady"/> after the update; <see langword="false"/> when the input was ignored.</returns>
    public bool Update(double value)
    {
        if (!double.IsFinite(value))
        {
            return false;
        }

        _window.Add(value);
        if (!_window.IsFull)
        {
            return false;
        }

        var mean = _window.Mean;
        var sd = _window.StandardDeviation;
        Mean = mean;
        StandardDeviation = sd;
        Value = sd > 0 ? (value - mean) / sd : 0.0;
        return true;
    }

    /// <summary>Adds a bar's close.</summary>
    /// <param name="bar">The bar.</param>
    /// <returns><see cref="IsReady"/> after the update.</returns>
    public bool Update(in Bar bar) => Update(bar.Close);

    /// <summary>Forgets every input, keeping the period.</summary>
    public void Reset()
    {
        _window.Reset();
        Value = 0;
        Mean = 0;
        StandardDeviation = 0;
    }
}
