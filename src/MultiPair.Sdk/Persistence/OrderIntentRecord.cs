using MultiPair.Sdk.Execution;

namespace MultiPair.Sdk.Persistence;

/// <summary>An order the portfolio is about to send; durable before the order leaves the process.</summary>
/// <remarks>Immutable and thread-safe. The order carries its sleeve (<see cref="OrderRequest.Strategy"/>) and position (<see cref="OrderRequest.PositionId"/>).</remarks>
/// <param name="Order">The order.</param>
/// <param name="Time">When the intent was recorded.</param>
public sealed record OrderIntentRecord(OrderRequest Order, DateTimeOffset Time);
