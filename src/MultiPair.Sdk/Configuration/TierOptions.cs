using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Configuration;

/// <summary>Defaults for the pairs of one tier (for example <c>STABLE</c>, <c>VOLATILE</c> or <c>MEME</c>); a pair's own values win.</summary>
/// <remarks>Mutable for binding.</remarks>
public sealed class TierOptions
{
    /// <summary>Gets or sets the market of the tier's pairs.</summary>
    /// <value>The default value is <see langword="null"/>: not set.</value>
    public MarketType? MarketType { get; set; }

    /// <summary>Gets or sets the leverage of the tier's pairs.</summary>
    /// <value>The default value is <see langword="null"/>: not set.</value>
    public decimal? Leverage { get; set; }

    /// <summary>Gets or sets the target position size, in percent of equity.</summary>
    /// <value>The default value is <see langword="null"/>: not set.</value>
    public decimal? PositionSizePercent { get; set; }

    /// <summary>Gets or sets the largest notional of one position, in the quote asset.</summary>
    /// <value>The default value is <see langword="null"/>: not set.</value>
    public decimal? MaxPositionSizeQuote { get; set; }

    /// <summary>Gets or sets the trailing stop distance, in percent.</summary>
    /// <value>The default value is <see langword="null"/>: not set.</value>
    public decimal? TrailingStopPercent { get; set; }
}
