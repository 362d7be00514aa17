namespace MultiPair.Sdk.Persistence;

/// <summary>
/// An optional speed-up of a restart: a serialized view of the ledger after the entry numbered
/// <see cref="LedgerSequence"/>, so a loader may skip replaying the entries it covers. The entries are kept, so a
/// snapshot is never needed for correctness.
/// </summary>
/// <remarks>Immutable and thread-safe. The payload is the caller's format (named by <see cref="Format"/>); the store does not read it.</remarks>
/// <param name="LedgerSequence">The <see cref="LedgerEntry.Sequence"/> of the last entry the snapshot includes.</param>
/// <param name="Format">The payload's format and version, for example <c>ledger-json/1</c>.</param>
/// <param name="Payload">The serialized state.</param>
/// <param name="Time">When it was taken.</param>
public sealed record StoreSnapshot(long LedgerSequence, string Format, ReadOnlyMemory<byte> Payload, DateTimeOffset Time);
