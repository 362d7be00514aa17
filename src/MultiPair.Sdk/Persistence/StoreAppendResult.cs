namespace MultiPair.Sdk.Persistence;

/// <summary>What <see cref="IPortfolioStore.AppendAsync"/> wrote.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="FirstLedgerSequence">The <see cref="LedgerEntry.Sequence"/> of the first ledger entry written; 0 when none was.</param>
/// <param name="LedgerEntriesWritten">How many ledger entries were written.</param>
/// <param name="DuplicateTradeIds">Trade ids of fills that were already stored and were skipped (with their ledger entries).</param>
public sealed record StoreAppendResult(long FirstLedgerSequence, int LedgerEntriesWritten, IReadOnlyList<string> DuplicateTradeIds)
{
    /// <summary>Gets a value indicating whether a fill of the batch was a duplicate.</summary>
    public bool HadDuplicates => DuplicateTradeIds.Count > 0;
}
