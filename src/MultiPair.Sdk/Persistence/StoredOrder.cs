using MultiPair.Sdk.Execution;

namespace MultiPair.Sdk.Persistence;

/// <summary>An order the store knows as not finished: its intent and its last state, for restart reconciliation.</summary>
/// <remarks>
/// Immutable and thread-safe. An order with an intent and no state was possibly sent just before a crash: its
/// outcome is unknown and must be resolved by querying its client order id, never by sending it again.
/// </remarks>
/// <param name="ClientOrderId">The order.</param>
/// <param name="Intent">The recorded intent; <see langword="null"/> for an order known only from its state (for example one adopted from the exchange).</param>
/// <param name="LastState">The last recorded state; <see langword="null"/> when none was recorded after the intent.</param>
public sealed record StoredOrder(ClientOrderId ClientOrderId, OrderIntentRecord? Intent, OrderStateRecord? LastState);
