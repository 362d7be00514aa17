namespace MultiPair.Sdk.Coordination;

/// <summary>Settings of the <see cref="EntryCoordinator"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CoordinatorOptions
{
    /// <summary>Gets a value indicating whether entry signals for a pair that already has a position or an entry in flight (any sleeve) are skipped.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool SkipHeldPairs { get; init; } = true;

    /// <summary>Gets the prefix of the client order ids the coordinator makes: 1–8 ASCII letters or digits.</summary>
    /// <value>The default value is <c>mp</c>.</value>
    public string ClientOrderIdPrefix { get; init; } = "mp";

    /// <summary>Gets the smallest notional worth opening, in the quote asset (smaller allocations are skipped, not opened as dust).</summary>
    /// <value>The default value is 10. Not negative.</value>
    public decimal MinimumNotional { get; init; } = 10m;

    /// <summary>Checks the settings and lists every problem.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ClientOrderIdPrefix is not { Length: >= 1 and <= 8 } || !ClientOrderIdPrefix.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add($"ClientOrderIdPrefix '{ClientOrderIdPrefix}' must be 1-8 ASCII letters or digits.");
        }

        if (MinimumNotional < 0m)
        {
            errors.Add($"MinimumNotional is {MinimumNotional}; it must not be negative.");
        }

        return errors;
    }
}
