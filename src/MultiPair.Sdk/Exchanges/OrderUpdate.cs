namespace MultiPair.Sdk.Exchanges;

/// <summary>A change of one order pushed by the user data stream: the order's new state and, when the change was an execution, the trade.</summary>
/// <param name="Order">The order after the change.</param>
/// <param name="Trade">The execution that caused the change, or null for acks, cancels, expiries and rejects.</param>
public sealed record OrderUpdate(ExchangeOrder Order, ExchangeTrade? Trade);
