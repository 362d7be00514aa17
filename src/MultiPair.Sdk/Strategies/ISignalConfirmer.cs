namespace MultiPair.Sdk.Strategies;

/// <summary>
/// An expensive second opinion on an entry signal: a remote model, an LLM, a web service. Asked through a
/// <see cref="SignalConfirmationGate"/>, which bounds the cost: only the top-ranked candidates of a decision point are
/// asked, answers are cached, calls run with a bounded concurrency and a timeout.
/// </summary>
/// <remarks>
/// Implementations should honour <c>cancellationToken</c> (it is cancelled when the gate's timeout expires) and may
/// be called concurrently, up to <see cref="SignalConfirmationOptions.MaxConcurrency"/> calls at a time. A call that
/// throws, is cancelled or does not answer in time counts as "not confirmed": the signal is dropped.
/// </remarks>
public interface ISignalConfirmer
{
    /// <summary>Asks whether an entry signal should be acted on.</summary>
    /// <param name="signal">The entry signal (never an <see cref="SignalDirection.Exit"/>).</param>
    /// <param name="cancellationToken">Cancelled when the gate's timeout expires or its caller cancels.</param>
    /// <returns>The answer, optionally with an adjusted confidence.</returns>
    ValueTask<SignalConfirmation> ConfirmAsync(Signal signal, CancellationToken cancellationToken = default);
}
