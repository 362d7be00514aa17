using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Indicators;

/// <summary>
/// Streaming population standard deviation (divide by n, as Skender.Stock.Indicators' <c>StdDev</c> and Bollinger
/// Bands) and mean of the last <see cref="Period"/> inputs.
/// </summary>
/// <remarks>
/// <para>
/// Numerically stable: a Welford-style sliding update of the sum of squared deviations (never <c>Σx²/n − mean²</c>,
/// which loses most digits on price levels), recomputed exactly from the ring buffer once every <see cref="Period"/>
/// updates so rounding never drifts. O(1) amortized and allocation-free per update. A window of identical inputs has a
/// deviation of exactly 0.
/// </para>
/// <para>
/// A sealed class because of its ring buffer. Non-finite input is ignored (returns <see langword="false"/>, state
/// unchanged): bad data is filtered upstream. Not thread-safe.
/// </para>
/// </remarks>
public sealed class RollingStandardDeviation
{
    private WindowMoments _window;

    /// <summary>Initializes a new rolling deviation.</summary>
    /// <param name="period">The number of inputs; at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is less than 2.</exception>
    public RollingStandardDeviation(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        _window = new WindowMoments(period);
    }

    /// <summary>Gets the period.</summary>
    public int Period => _window.Period;

    /// <summary>Gets a value indicating whether <see cref="Period"/> inputs have been seen and the values are defined.</summary>
    public bool IsReady => _window.IsFull;

    /// <summary>Gets the population standard deviation of the window; 0 until <see cref="IsReady"/>.</summary>
    public double Value { get; private set; }

    /// <summary>Gets the population variance of the window; 0 until <see cref="IsReady"/>.</summary>
    public double Variance { get; private set; }

    /// <summary>Gets the mean of the window; 0 until <see cref="IsReady"/>.</summary>
    public double Mean { get; private set; }

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

        Mean = _window.Mean;
        Variance = _window.Variance;
        Value = Math.Sqrt(Variance);
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
        Variance = 0;
        Mean = 0;
    }
}
