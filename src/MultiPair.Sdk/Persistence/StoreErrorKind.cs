namespace MultiPair.Sdk.Persistence;

/// <summary>Why a portfolio store operation failed. Every kind but <see cref="Other"/> has a defined reaction (see <c>docs/persistence.md</c>).</summary>
public enum StoreErrorKind
{
    /// <summary>An error not covered by another kind.</summary>
    Other = 0,

    /// <summary>The disk (or the database's size limit) is full: nothing of the failed write was kept.</summary>
    DiskFull = 1,

    /// <summary>Another connection or process held the database locked longer than the busy timeout.</summary>
    Locked = 2,

    /// <summary>The database file is damaged or is not a database.</summary>
    Corrupt = 3,

    /// <summary>The database was written by a newer version of the library; it is left untouched.</summary>
    VersionTooNew = 4,

    /// <summary>The database belongs to another exchange, account, mode or portfolio.</summary>
    IdentityMismatch = 5,

    /// <summary>Another owner took the portfolio over (its fencing token is newer): this owner must stop writing.</summary>
    Fenced = 6,

    /// <summary>An intent was recorded twice for the same client order id: the order must not be sent again.</summary>
    DuplicateIntent = 7,

    /// <summary>The stored ledger entries do not replay on the given ledger (for example a pair is no longer registered).</summary>
    ReplayFailed = 8,
}
