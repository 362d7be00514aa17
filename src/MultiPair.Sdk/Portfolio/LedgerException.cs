using System.Diagnostics.CodeAnalysis;

namespace MultiPair.Sdk.Portfolio;

/// <summary>Thrown when the value of a failed <see cref="LedgerResult{T}"/> is read.</summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors", Justification = "Always carries a typed LedgerError.")]
public sealed class LedgerException : InvalidOperationException
{
    /// <summary>Initializes a new instance for <paramref name="error"/>.</summary>
    /// <param name="error">The ledger error.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public LedgerException(LedgerError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).ToString())
    {
        Error = error;
    }

    /// <summary>Gets the typed error.</summary>
    public LedgerError Error { get; }
}
