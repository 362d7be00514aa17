namespace MultiPair.Sdk.Execution;

/// <summary>An exchange's report about one order: accepted, a fill, cancelled, rejected or expired.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="ClientOrderId">The order.</param>
/// <param name="Status">What happened.</param>
/// <param name="Time">When.</param>
public sealed record ExecutionReport(ClientOrderId ClientOrderId, ExecutionStatus Status, DateTimeOffset Time)
{
    /// <summary>Gets the trade, for <see cref="ExecutionStatus.PartiallyFilled"/> and <see cref="ExecutionStatus.Filled"/>.</summary>
    public Fill? Fill { get; init; }

    /// <summary>Gets the exchange's reason, for rejections and cancels.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets a value indicating whether nothing more will happen to the order.</summary>
    public bool IsFinal => Status is ExecutionStatus.Filled or ExecutionStatus.Cancelled or ExecutionStatus.Rejected or ExecutionStatus.Expired;
}
