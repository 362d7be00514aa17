using MultiPair.Sdk.Persistence;

namespace MultiPair.Sdk.Engine;

/// <summary>
/// Receives what each engine event changed — order states, fills, ledger entries, position views, trailing-stop states —
/// as one <see cref="StoreBatch"/>, so a store can write it in one transaction. Called on the engine's loop: queue the
/// batch and return; do not block.
/// </summary>
public interface IEngineJournal
{
    /// <summary>Takes the changes of one engine event, in the order events happen.</summary>
    /// <param name="batch">The changes.</param>
    void Append(StoreBatch batch);
}
