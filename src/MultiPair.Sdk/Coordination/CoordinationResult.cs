namespace MultiPair.Sdk.Coordination;

/// <summary>What one decision point produced: approved order intents and rejected signals or proposals.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Time">The decision time.</param>
/// <param name="Approved">Orders approved and reserved, exits first, then entries in rank order.</param>
/// <param name="Rejected">Everything that did not become an order, with reasons.</param>
public sealed record CoordinationResult(DateTimeOffset Time, IReadOnlyList<OrderIntent> Approved, IReadOnlyList<RejectedProposal> Rejected);
