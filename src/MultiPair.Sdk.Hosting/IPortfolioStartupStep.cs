namespace MultiPair.Sdk.Hosting;

/// <summary>
/// Work that must finish after the store is open and before market data flows and strategies run: restart recovery
/// (rebuilding the ledger from the store), reconciliation with the exchange's open orders and positions, warm-up.
/// </summary>
/// <remarks>
/// Register implementations with <c>AddStartupStep&lt;T&gt;()</c> (or as <see cref="IPortfolioStartupStep"/> singletons); the hosted
/// service resolves them all and awaits them one at a time in registration order. A step that throws stops the host before
/// anything trades. Steps run on a thread-pool thread; the engine's loop is not running yet, so a step may use the ledger.
/// </remarks>
public interface IPortfolioStartupStep
{
    /// <summary>Runs the step.</summary>
    /// <param name="context">The portfolio being started.</param>
    /// <param name="cancellationToken">Cancelled when the host stops during start-up.</param>
    /// <returns>A task that completes when the step is done.</returns>
    ValueTask RunAsync(PortfolioStartupContext context, CancellationToken cancellationToken = default);
}
