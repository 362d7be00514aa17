using System.Globalization;

namespace MultiPair.Sdk.Strategies;

/// <summary>Settings of the <see cref="SignalConfirmationGate"/>: how much an expensive confirmer may cost.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record SignalConfirmationOptions
{
    /// <summary>The longest accepted <see cref="Timeout"/>: 0xFFFFFFFE milliseconds (about 49.7 days), the timer limit.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(0xFFFFFFFE);

    /// <summary>
    /// Gets how many entry candidates, best first, are confirmed per decision point; the others are dropped
    /// unasked. This is the most confirmer calls one decision point can make.
    /// </summary>
    /// <value>The default value is 3. At least 1.</value>
    public int TopN { get; init; } = 3;

    /// <summary>
    /// Gets how long an answer is reused for the same pair, direction and strategy instead of asking again.
    /// <see cref="TimeSpan.Zero"/> disables the cache.
    /// </summary>
    /// <value>The default value is 15 minutes. Not negative.</value>
    public TimeSpan CacheDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets how many confirmer calls may be in flight at once.</summary>
    /// <value>The default value is 2. At least 1.</value>
    public int MaxConcurrency { get; init; } = 2;

    /// <summary>
    /// Gets how long one confirmer call may take; a call still running then is abandoned (its token is cancelled)
    /// and its signal dropped as timed out.
    /// </summary>
    /// <value>The default value is 10 seconds. Positive, at most <see cref="MaxTimeout"/>.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the settings and lists every problem.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TopN < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"TopN is {TopN}; it must be at least 1."));
        }

        if (CacheDuration < TimeSpan.Zero)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"CacheDuration is {CacheDuration}; it must not be negative."));
        }

        if (MaxConcurrency < 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"MaxConcurrency is {MaxConcurrency}; it must be at least 1."));
        }

        if (Timeout <= TimeSpan.Zero || Timeout > MaxTimeout)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Timeout is {Timeout}; it must be positive and at most {MaxTimeout}."));
        }

        return errors;
    }
}
