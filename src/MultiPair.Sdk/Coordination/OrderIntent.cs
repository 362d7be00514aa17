using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Coordination;

/// <summary>An order the gate approved and reserved: what execution should send, under which client order id.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="ClientOrderId">The deterministic id to send the order with.</param>
/// <param name="Proposal">The proposal with the approved quantity.</param>
/// <param name="Result">The gate's full answer, with its reservation.</param>
/// <param name="Signal">The signal behind the order, if any.</param>
public sealed record OrderIntent(ClientOrderId ClientOrderId, OrderProposal Proposal, GateResult Result, Signal? Signal);
