using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Persistence;

/// <summary>Everything a restart needs, as loaded by <see cref="IPortfolioStore.LoadAsync"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record StoreState
{
    /// <summary>Gets the store's identity.</summary>
    public required StoreIdentity Identity { get; init; }

    /// <summary>Gets every ledger entry, in sequence order: replay them with <see cref="LedgerReplay"/>.</summary>
    public required IReadOnlyList<LedgerEntry> LedgerEntries { get; init; }

    /// <summary>Gets the orders not known to be finished (intent without a final state), in intent order: reconcile each by client order id.</summary>
    public required IReadOnlyList<StoredOrder> OpenOrders { get; init; }

    /// <summary>Gets the most recently stored fill of each pair: fetch exchange trades after it to adopt fills that happened while down.</summary>
    public required IReadOnlyDictionary<TradingPair, Fill> LastFills { get; init; }

    /// <summary>Gets the trailing stop state of every position whose stop was not cleared.</summary>
    public required IReadOnlyList<TrailingStopState> TrailingStops { get; init; }

    /// <summary>Gets the exit levels of every position whose exit plan was not cleared (empty from stores or states written before they were kept).</summary>
    public IReadOnlyList<ExitLevelsState> ExitLevels { get; init; } = [];

    /// <summary>Gets the next client-order sequence number: one more than the number of intents ever recorded; never reused.</summary>
    public required long NextClientOrderSequence { get; init; }

    /// <summary>Gets the latest snapshot, if one was saved.</summary>
    public StoreSnapshot? LatestSnapshot { get; init; }
}
