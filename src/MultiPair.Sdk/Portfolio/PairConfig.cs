using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>Per-pair settings: how big a position in the pair is, its trailing stop, entry rules and risk grouping.</summary>
/// <remarks>Immutable and thread-safe. Percentages are in percent units (<c>5</c> means 5 %).</remarks>
public sealed record PairConfig
{
    /// <summary>The highest leverage accepted (Binance USDⓈ-M's maximum).</summary>
    public const decimal MaxLeverage = 125m;

    /// <summary>Gets the pair.</summary>
    /// <value>Required.</value>
    public required TradingPair Pair { get; init; }

    /// <summary>Gets the market the pair trades on.</summary>
    /// <value>The default value is <see cref="MarketType.Spot"/>.</value>
    public MarketType MarketType { get; init; } = MarketType.Spot;

    /// <summary>
    /// Gets the target capital a position in this pair commits, as a percentage of equity (its margin on a
    /// perpetual: 7 % at 10x leverage is a 70 % notional).
    /// </summary>
    /// <value>The default value is 5. Range (0, 100].</value>
    public decimal PositionSizePercent { get; init; } = 5m;

    /// <summary>Gets the trailing stop distance below the highest price (above the lowest, for shorts), in percent; <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>. When set, range (0, 100).</value>
    public decimal? TrailingStopPercent { get; init; }

    /// <summary>Gets how many of a strategy's confirming indicators must agree before an entry.</summary>
    /// <value>The default value is 1. At least 1.</value>
    public int EntryConfirmationLevel { get; init; } = 1;

    /// <summary>Gets how many candles an entry signal may wait for confirmation before it is dropped.</summary>
    /// <value>The default value is 5. Not negative.</value>
    public int MaxEntryWaitCandles { get; init; } = 5;

    /// <summary>Gets the correlation group (for example <c>large_cap</c>) whose combined exposure is limited; <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? CorrelationGroup { get; init; }

    /// <summary>Gets the leverage of positions in this pair.</summary>
    /// <value>The default value is 1. Exactly 1 on spot; [1, <see cref="MaxLeverage"/>] on perpetuals.</value>
    public decimal Leverage { get; init; } = 1m;

    /// <summary>Gets the largest notional (quantity × price) one position in this pair may have, in the quote asset; <see langword="null"/> for no cap.</summary>
    /// <value>The default value is <see langword="null"/>. When set, positive.</value>
    public decimal? MaxPositionSizeQuote { get; init; }

    /// <summary>Checks every setting and lists every problem found.</summary>
    /// <returns>The problems; empty when the configuration is valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Pair == default)
        {
            errors.Add($"{nameof(Pair)} is required.");
        }

        if (!Enum.IsDefined(MarketType))
        {
            errors.Add($"{nameof(MarketType)} {(int)MarketType} is not a defined market type.");
        }

        if (PositionSizePercent is <= 0m or > 100m)
        {
            errors.Add(PortfolioConfig.Invalid(nameof(PositionSizePercent), PositionSizePercent, "must be in (0, 100]"));
        }

        if (TrailingStopPercent is { } trail && trail is <= 0m or >= 100m)
        {
            errors.Add(PortfolioConfig.Invalid(nameof(TrailingStopPercent), trail, "must be in (0, 100)"));
        }

        if (EntryConfirmationLevel < 1)
        {
            errors.Add(PortfolioConfig.Invalid(nameof(EntryConfirmationLevel), EntryConfirmationLevel, "must be at least 1"));
        }

        if (MaxEntryWaitCandles < 0)
        {
            errors.Add(PortfolioConfig.Invalid(nameof(MaxEntryWaitCandles), MaxEntryWaitCandles, "must not be negative"));
        }

        if (CorrelationGroup is not null && string.IsNullOrWhiteSpace(CorrelationGroup))
        {
            errors.Add($"{nameof(CorrelationGroup)} must be null or a non-blank name.");
        }

        if (MarketType == MarketType.Spot && Leverage != 1m)
        {
            errors.Add(PortfolioConfig.Invalid(nameof(Leverage), Leverage, "must be 1 on a spot market"));
        }
        else if (Leverage is < 1m or > MaxLeverage)
        {
            errors.Add(PortfolioConfig.Invalid(nameof(Leverage), Leverage, "must be in [1, 125]"));
        }

        if (MaxPositionSizeQuote is { } max && max <= 0m)
        {
            errors.Add(PortfolioConfig.Invalid(nameof(MaxPositionSizeQuote), max, "must be positive"));
        }

        return errors;
    }
}
