namespace MultiPair.Sdk.MarketData;

/// <summary>Settings of the <see cref="WarmStarter"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record WarmStartOptions
{
    /// <summary>Gets how many bars are fetched beyond each strategy's declared look-back (<c>WarmupBars</c>), per timeframe.</summary>
    /// <value>The default value is 20. Not negative.</value>
    public int MarginBars { get; init; } = 20;

    /// <summary>Gets how many history requests (pair × timeframe) run at the same time; the exchange adapter still keeps them inside its weight budget.</summary>
    /// <value>The default value is 16. At least 1.</value>
    public int MaxConcurrency { get; init; } = 16;

    /// <summary>Gets how many times a pair × timeframe fetch is tried before the pair is disabled (errors that retrying cannot fix, such as an unknown symbol, are not retried).</summary>
    /// <value>The default value is 3. At least 1.</value>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Gets the wait before the first retry; it doubles with every further attempt (an exchange's own retry-after is used when longer).</summary>
    /// <value>The default value is 500 milliseconds. Not negative.</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Checks the settings and lists every problem.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MarginBars < 0)
        {
            errors.Add($"MarginBars is {MarginBars}; it must not be negative.");
        }

        if (MaxConcurrency < 1)
        {
            errors.Add($"MaxConcurrency is {MaxConcurrency}; it must be at least 1.");
        }

        if (MaxAttempts < 1)
        {
            errors.Add($"MaxAttempts is {MaxAttempts}; it must be at least 1.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            errors.Add($"RetryDelay is {RetryDelay}; it must not be negative.");
        }

        return errors;
    }
}
