using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Engine;

/// <summary>Something the engine wants a person or a monitor to know.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Kind">What it is about.</param>
/// <param name="Pair">The pair, if one.</param>
/// <param name="Message">A human-readable explanation.</param>
/// <param name="Time">When.</param>
public sealed record EngineAlert(EngineAlertKind Kind, TradingPair? Pair, string Message, DateTimeOffset Time);
