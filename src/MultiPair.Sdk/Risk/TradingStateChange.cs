namespace MultiPair.Sdk.Risk;

/// <summary>A change of the portfolio's trading state, with who asked for it and why.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="From">The previous state.</param>
/// <param name="To">The new state.</param>
/// <param name="Source">The rule's name, or <c>manual</c> for a person.</param>
/// <param name="Reason">Why.</param>
/// <param name="Time">When.</param>
public sealed record TradingStateChange(TradingState From, TradingState To, string Source, string Reason, DateTimeOffset Time);
