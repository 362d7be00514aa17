namespace MultiPair.Sdk.Persistence;

/// <summary>
/// A portfolio store operation failed. Whatever the operation was writing was not written (the transaction rolled
/// back); <see cref="Kind"/> says what the host should do (for the engine: go ReduceOnly or Halted).
/// </summary>
public sealed class PortfolioStoreException : Exception
{
    /// <summary>Initializes a new instance of kind <see cref="StoreErrorKind.Other"/>.</summary>
    public PortfolioStoreException()
        : this(StoreErrorKind.Other, "The portfolio store failed.")
    {
    }

    /// <summary>Initializes a new instance of kind <see cref="StoreErrorKind.Other"/>.</summary>
    /// <param name="message">What failed.</param>
    public PortfolioStoreException(string message)
        : this(StoreErrorKind.Other, message)
    {
    }

    /// <summary>Initializes a new instance of kind <see cref="StoreErrorKind.Other"/>.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying error.</param>
    public PortfolioStoreException(string message, Exception? innerException)
        : this(StoreErrorKind.Other, message, innerException)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="kind">Why it failed.</param>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public PortfolioStoreException(StoreErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Gets why the operation failed.</summary>
    public StoreErrorKind Kind { get; }

    /// <summary>Gets a value indicating whether retrying later may succeed (<see cref="StoreErrorKind.Locked"/>, <see cref="StoreErrorKind.DiskFull"/>).</summary>
    public bool IsTransient => Kind is StoreErrorKind.Locked or StoreErrorKind.DiskFull;
}
