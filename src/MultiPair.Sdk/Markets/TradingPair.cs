namespace MultiPair.Sdk.Markets;

/// <summary>
/// A tradable pair in its one canonical form, <c>BASE/QUOTE</c> (for example <c>BTC/USDT</c>).
/// </summary>
/// <remarks>Immutable and thread-safe. <c>default</c> is not a valid pair.</remarks>
public readonly record struct TradingPair
{
    /// <summary>Initializes a new pair from its base and quote assets (case-insensitive).</summary>
    /// <param name="baseAsset">The asset bought or sold, for example <c>BTC</c>.</param>
    /// <param name="quoteAsset">The asset prices are expressed in, for example <c>USDT</c>.</param>
    /// <exception cref="ArgumentException">An asset is null, empty or white space.</exception>
    public TradingPair(string baseAsset, string quoteAsset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseAsset);
        ArgumentException.ThrowIfNullOrWhiteSpace(quoteAsset);
        Base = baseAsset.ToUpperInvariant();
        Quote = quoteAsset.ToUpperInvariant();
    }

    /// <summary>Gets the base asset, upper case.</summary>
    public string Base { get; }

    /// <summary>Gets the quote asset, upper case.</summary>
    public string Quote { get; }

    /// <summary>Returns the canonical spelling, <c>BASE/QUOTE</c>.</summary>
    /// <returns>The canonical spelling.</returns>
    public override string ToString() => $"{Base}/{Quote}";
}
