using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Coordination;

/// <summary>A signal or proposal that did not become an order, with the typed reason.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Signal">The signal, if the rejection came from one.</param>
/// <param name="Proposal">The proposal, if one was built.</param>
/// <param name="Code">Why.</param>
/// <param name="Message">A human-readable explanation.</param>
/// <param name="Rule">The rule or step that decided.</param>
/// <param name="Time">The decision time.</param>
public sealed record RejectedProposal(Signal? Signal, OrderProposal? Proposal, RiskReasonCode Code, string Message, string? Rule, DateTimeOffset Time);
