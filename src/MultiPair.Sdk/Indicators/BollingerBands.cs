using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Indicators;

/// <summary>
/// Streaming Bollinger Bands as Skender.Stock.Indicators defines them: middle = SMA of the last <see cref="Period"/>
/// inputs, upper/lower = middle ± <see cref="StandardDeviations"/> × the population standard deviation of the same
/// window, <c>%B = (x − lower) / (upper − lower)</c>, <c>width = (upper − lower) / middle</c>, and
/// <c>z = (x − middle) / σ</c>.
/// </summary>
/// <remarks>
/// <para>
/// When σ is 0 (a flat window) %B is 0.5 and the z-score 0, and when the middle is 0 the width is 0; Skender reports
/// nothing there.
/// </para>
/// <para>
/// The deviation uses a stable sliding update recomputed from the ring buffer every <see cref="Period"/> updates (see
/// <see cref="RollingStandardDeviation"/>): O(1) amortized and allocation-free per update. A sealed class because of
/// its ring buffer. Non-finite input is ignored (returns <see langword="false"/>, state unchanged): bad data is
/// filtered upstream. Not thread-safe.
/// </para>
/// </remarks>
public sealed class BollingerBands
{
    private WindowMoments _window;

    /// <summary>Initializes new bands.</summary>
    /// <param name="period">The number of inputs; at least 2.</param>
    /// <param name="standardDeviations">The band half-width in standard deviations; finite and positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public BollingerBands(int period = 20, double standardDeviations = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        if (!double.IsFinite(standardDeviations) || standardDeviations <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviations), standardDeviations, "The band width must be finite and positive.");
        }

        _window = new WindowMoments(period);
        StandardDeviations = standardDeviations;
    }

    /// <summary>Gets the period.</summary>
    public int Period => _window.Period;

    /// <summary>Gets the band half-width in standard deviations.</summary>
    public double StandardDeviations { get; }

    /// <summary>Gets a value indicating whether <see cref="Period"/> inputs have been seen and the bands are defined.</summary>
    public bool IsReady => _window.IsFull;

    /// <summary>Gets the middle band, the simple moving average; 0 until <see cref="IsReady"/>.</summary>
    public double Middle { get; private set; }

    /// <summary>Gets the population standard deviation of the window; 0 until <see cref="IsReady"/>.</summary>
    public double StandardDeviation { get; private set; }

    /// <summary>Gets the latest input; 0 until <see cref="IsReady"/>.</summary>
    public double Last { get; private set; }

    /// <summary>Gets the upper band; 0 until <see cref="IsReady"/>.</summary>
    public double Upper => Middle + (StandardDeviations * StandardDeviation);

    /// <summary>Gets the lower band; 0 until <see cref="IsReady"/>.</summary>
    public double Lower => Middle - (StandardDeviations * StandardDeviation);

    /// <summary>Gets %B, where the latest input sits between the bands (0 at the lower, 1 at the upper); 0 until <see cref="IsReady"/>, 0.5 for a flat window.</summary>
    public double PercentB
    {
        get
        {
            if (!IsReady)
            {
                return 0.0;
            }

            var lower = Lower;
            var width = Upper - lower;
            return width > 0 ? (Last - lower) / width : 0.5;
        }
    }

    /// <summary>Gets the bandwidth, <c>(upper − lower) / middle</c>; 0 until <see cref="IsReady"/> and when the middle is 0.</summary>
    public double Width => Middle != 0 ? (Upper - Lower) / Middle : 0.0;

    /// <summary>Gets the z-score of the latest input, <c>(x − middle) / σ</c>; 0 until <see cref="IsReady"/> and for a flat window.</summary>
    public double ZScore => StandardDeviation > 0 ? (Last - Middle) / StandardDeviation : 0.0;

    /// <summary>Adds one input.</summary>
    /// <param name="value">The input, usually a close.</param>
    /// <returns><see cref="IsReady"/> after the update; <see langword="false"/> when the input was ignored.</returns>
    /// <remarks>The update keeps the middle and the deviation; the bands, %B, width and z-score are derived when read.</remarks>
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

        Middle = _window.Mean;
        StandardDeviation = _window.StandardDeviation;
        Last = value;
        return true;
    }

    /// <summary>Adds a bar's close.</summary>
    /// <param name="bar">The bar.</param>
    /// <returns><see cref="IsReady"/> after the update.</returns>
    public bool Update(in Bar bar) => Update(bar.Close);

    /// <summary>Forgets every input, keeping the parameters.</summary>
    public void Reset()
    {
        _window.Reset();
        Middle = 0;
        StandardDeviation = 0;
        Last = 0;
    }
}
