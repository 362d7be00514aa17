namespace MultiPair.Sdk.Strategies;

/// <summary>What one <see cref="SignalConfirmationGate.ConfirmAsync"/> call passed on and dropped.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Signals">
/// The signals to act on: the exits first, unconfirmed, in input order; then the confirmed entries, with the
/// confirmer's confidence where it gave one, ranked by <see cref="Allocation.SignalRanking"/>.
/// </param>
/// <param name="Dropped">The entry signals not passed on, in rank order, with reasons.</param>
/// <param name="Statistics">The figures of this call alone (the gate's <see cref="SignalConfirmationGate.Statistics"/> accumulates them).</param>
public sealed record ConfirmationResult(IReadOnlyList<Signal> Signals, IReadOnlyList<DroppedSignal> Dropped, ConfirmationStatistics Statistics);
