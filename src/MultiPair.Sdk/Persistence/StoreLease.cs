namespace MultiPair.Sdk.Persistence;

/// <summary>
/// Ownership of a portfolio's store, taken by <see cref="IPortfolioStore.OpenAsync"/>. Every open takes a new,
/// larger <see cref="FencingToken"/>; a write made under an older token is refused with
/// <see cref="StoreErrorKind.Fenced"/>, so a stale owner (a process that was presumed dead) can never overwrite the
/// state of the one that took over.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Owner">Who owns the portfolio (host name and process id by default).</param>
/// <param name="FencingToken">The token every write is checked against; strictly increasing per store.</param>
/// <param name="AcquiredAt">When the lease was taken.</param>
public sealed record StoreLease(string Owner, long FencingToken, DateTimeOffset AcquiredAt)
{
    /// <summary>Gets when the lease lapses unless renewed; <see langword="null"/> when it lasts until another owner opens the store (SQLite).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
