using MultiPair.Sdk.Execution;

namespace MultiPair.Sdk.Persistence;

/// <summary>A change of an order's state: accepted, partly or fully filled, cancelled, rejected or expired.</summary>
/// <remarks>Immutable and thread-safe. The store keeps every change (history) and the last one per order.</remarks>
/// <param name="ClientOrderId">The order.</param>
/// <param name="Status">The new state.</param>
/// <param name="Time">When it changed.</param>
public sealed record OrderStateRecord(ClientOrderId ClientOrderId, ExecutionStatus Status, DateTimeOffset Time)
{
    /// <summary>Gets the exchange's own order id, once known.</summary>
    public string? ExchangeOrderId { get; init; }

    /// <summary>Gets the quantity filled so far, in base units.</summary>
    public decimal FilledQuantity { get; init; }

    /// <summary>Gets the exchange's reason, for rejections and cancels.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets a value indicating whether nothing more will happen to the order.</summary>
    public bool IsFinal => Status is ExecutionStatus.Filled or ExecutionStatus.Cancelled or ExecutionStatus.Rejected or ExecutionStatus.Expired;
}
