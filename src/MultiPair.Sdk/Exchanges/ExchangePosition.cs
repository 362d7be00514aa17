using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Exchanges;

/// <summary>A derivatives position as the exchange reports it.</summary>
public sealed record ExchangePosition
{
    /// <summary>Gets the pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Gets the side (long or short).</summary>
    public required PositionSide Side { get; init; }

    /// <summary>Gets the absolute position size (base asset or contracts).</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Gets the average entry price.</summary>
    public required decimal EntryPrice { get; init; }

    /// <summary>Gets the mark price the exchange used, when reported.</summary>
    public decimal? MarkPrice { get; init; }

    /// <summary>Gets the unrealized profit at the mark price.</summary>
    public decimal UnrealizedPnl { get; init; }

    /// <summary>Gets the leverage.</summary>
    public int Leverage { get; init; } = 1;

    /// <summary>Gets the margin mode.</summary>
    public MarginMode MarginMode { get; init; }

    /// <summary>Gets the liquidation price, when reported.</summary>
    public decimal? LiquidationPrice { get; init; }

    /// <summary>Gets when the exchange last changed the position.</summary>
    public DateTimeOffset UpdateTime { get; init; }
}
