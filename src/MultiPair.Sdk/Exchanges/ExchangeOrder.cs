using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges;

/// <summary>An order as the exchange reports it (place, query, cancel, open orders, user data stream).</summary>
public sealed record ExchangeOrder
{
    /// <summary>Gets the pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Gets the client order id this library gave the order.</summary>
    public required ClientOrderId ClientOrderId { get; init; }

    /// <summary>Gets the exchange's own order id.</summary>
    public required string ExchangeOrderId { get; init; }

    /// <summary>Gets the side.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Gets the order type.</summary>
    public required OrderType Type { get; init; }

    /// <summary>Gets the order's state.</summary>
    public required ExecutionStatus Status { get; init; }

    /// <summary>Gets the ordered quantity (base asset or contracts).</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Gets the quantity filled so far.</summary>
    public decimal FilledQuantity { get; init; }

    /// <summary>Gets the quote amount filled so far (sum of price × quantity), when the exchange reports it.</summary>
    public decimal? FilledQuoteQuantity { get; init; }

    /// <summary>Gets the limit price, for limit orders.</summary>
    public decimal? Price { get; init; }

    /// <summary>Gets the stop (trigger) price, for stop orders.</summary>
    public decimal? StopPrice { get; init; }

    /// <summary>Gets the average fill price, when anything filled.</summary>
    public decimal? AveragePrice { get; init; }

    /// <summary>Gets the time in force.</summary>
    public TimeInForce TimeInForce { get; init; } = TimeInForce.GoodTillCanceled;

    /// <summary>Gets a value indicating whether the order may only reduce a position.</summary>
    public bool ReduceOnly { get; init; }

    /// <summary>Gets when the exchange created the order.</summary>
    public DateTimeOffset CreateTime { get; init; }

    /// <summary>Gets when the exchange last changed the order.</summary>
    public DateTimeOffset UpdateTime { get; init; }

    /// <summary>Gets the quantity still open.</summary>
    public decimal RemainingQuantity => Quantity - FilledQuantity;

    /// <summary>Gets a value indicating whether the order can no longer change (filled, cancelled, rejected, expired).</summary>
    public bool IsFinal => Status is ExecutionStatus.Filled or ExecutionStatus.Cancelled or ExecutionStatus.Rejected or ExecutionStatus.Expired;
}
