using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Engine;

/// <summary>An order's life as the engine sees it: sent, then the exchange's reports.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Order">The order.</param>
/// <param name="Intent">What the order does to the book.</param>
/// <param name="Report">The exchange's report, or <see langword="null"/> when the event is the send itself.</param>
/// <param name="Time">When.</param>
public sealed record OrderEvent(OrderRequest Order, ProposalIntent Intent, ExecutionReport? Report, DateTimeOffset Time);
