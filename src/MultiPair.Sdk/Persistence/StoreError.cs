namespace MultiPair.Sdk.Persistence;

/// <summary>A failure published on <see cref="IPortfolioStore.Errors"/>: the host halts trading on it (ReduceOnly or Halted).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Kind">Why it failed.</param>
/// <param name="Operation">The store operation that failed, for example <c>Append</c>.</param>
/// <param name="Exception">The exception the caller also received.</param>
/// <param name="Time">When it failed.</param>
public sealed record StoreError(StoreErrorKind Kind, string Operation, PortfolioStoreException Exception, DateTimeOffset Time)
{
    /// <summary>Gets the error message.</summary>
    public string Message => Exception.Message;
}
