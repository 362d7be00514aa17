namespace MultiPair.Sdk.Strategies;

/// <summary>An entry signal a <see cref="SignalConfirmationGate"/> did not pass on, with the reason.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Signal">The signal, as the strategy produced it.</param>
/// <param name="Reason">Why it was dropped.</param>
/// <param name="Message">A human-readable explanation (the confirmer's reason, the exception's message, …).</param>
public sealed record DroppedSignal(Signal Signal, ConfirmationDropReason Reason, string Message);
