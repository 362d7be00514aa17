using MultiPair.Sdk.Execution;

namespace MultiPair.Sdk.Persistence;

/// <summary>An order that was open before a restart, and its state on the exchange after the reconciliation.</summary>
/// <param name="ClientOrderId">The client order id.</param>
/// <param name="Status">Its status on the exchange, or null when the exchange never had it (it was reported rejected).</param>
public sealed record RecoveredOrder(ClientOrderId ClientOrderId, ExecutionStatus? Status);
