using MultiPair.Sdk.Execution;

namespace MultiPair.Sdk.Persistence;

/// <summary>
/// The durable state of one portfolio: an append-only journal of order intents, order states, fills and ledger
/// changes, written in one transaction per engine event, plus snapshots and single-owner fencing.
/// </summary>
/// <remarks>
/// <para>
/// Call <see cref="OpenAsync"/> first: it checks (or, on a new store, writes) the identity tag, runs migrations and
/// takes the <see cref="StoreLease"/>. Then <see cref="LoadAsync"/> once to rebuild, and <see cref="AppendAsync"/>
/// per event. As an <see cref="IExecutionJournal"/>, the store makes an intent durable before the order is sent.
/// </para>
/// <para>
/// Every failure throws <see cref="PortfolioStoreException"/> with a <see cref="StoreErrorKind"/> and is also
/// published on <see cref="Errors"/>, so the host can halt trading; a failed write leaves nothing half-written.
/// Implementations are thread-safe; writes are serialized.
/// </para>
/// </remarks>
public interface IPortfolioStore : IExecutionJournal, IAsyncDisposable
{
    /// <summary>Gets the identity the store was opened with; <see langword="null"/> before <see cref="OpenAsync"/>.</summary>
    StoreIdentity? Identity { get; }

    /// <summary>Gets the lease taken by <see cref="OpenAsync"/>; <see langword="null"/> before.</summary>
    StoreLease? Lease { get; }

    /// <summary>Gets the failures of every store operation, as they happen.</summary>
    IObservable<StoreError> Errors { get; }

    /// <summary>
    /// Opens the store for <paramref name="identity"/>: creates or migrates the schema (backing up an existing
    /// database first), checks the identity tag and takes ownership with a new fencing token.
    /// </summary>
    /// <param name="identity">Whose state this is.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The lease.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="identity"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The store is already open.</exception>
    /// <exception cref="PortfolioStoreException">With <see cref="StoreErrorKind.IdentityMismatch"/>, <see cref="StoreErrorKind.VersionTooNew"/>, <see cref="StoreErrorKind.Corrupt"/>, <see cref="StoreErrorKind.Locked"/> and so on.</exception>
    ValueTask<StoreLease> OpenAsync(StoreIdentity identity, CancellationToken cancellationToken = default);

    /// <summary>Checks that this owner still holds the lease (and extends it where leases expire).</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The current lease.</returns>
    /// <exception cref="PortfolioStoreException">With <see cref="StoreErrorKind.Fenced"/> when another owner took over.</exception>
    ValueTask<StoreLease> RenewLeaseAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes one engine event's changes atomically; duplicate fills are skipped.</summary>
    /// <param name="batch">The changes.</param>
    /// <param name="cancellationToken">Cancels the write before it commits.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentException">The batch holds a null or invalid record; nothing is written.</exception>
    /// <exception cref="PortfolioStoreException">The write failed; nothing of it is kept.</exception>
    ValueTask<StoreAppendResult> AppendAsync(StoreBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Loads everything a restart needs.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The state.</returns>
    /// <exception cref="PortfolioStoreException">The read failed.</exception>
    ValueTask<StoreState> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Saves a snapshot (optional; speeds up a restart).</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the snapshot is durable.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    /// <exception cref="PortfolioStoreException">The write failed.</exception>
    ValueTask SaveSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken = default);
}
