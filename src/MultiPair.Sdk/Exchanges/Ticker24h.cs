using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges;

/// <summary>A pair's rolling 24-hour statistics.</summary>
public sealed record Ticker24h
{
    /// <summary>Gets the pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Gets the last price.</summary>
    public required decimal LastPrice { get; init; }

    /// <summary>Gets the open price 24 hours ago.</summary>
    public decimal OpenPrice { get; init; }

    /// <summary>Gets the high price.</summary>
    public decimal HighPrice { get; init; }

    /// <summary>Gets the low price.</summary>
    public decimal LowPrice { get; init; }

    /// <summary>Gets the base volume.</summary>
    public decimal Volume { get; init; }

    /// <summary>Gets the quote volume.</summary>
    public decimal QuoteVolume { get; init; }

    /// <summary>Gets the percentage price change.</summary>
    public decimal PriceChangePercent { get; init; }

    /// <summary>Gets when the statistics were computed.</summary>
    public DateTimeOffset CloseTime { get; init; }
}
