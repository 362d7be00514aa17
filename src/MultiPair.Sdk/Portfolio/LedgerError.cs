namespace MultiPair.Sdk.Portfolio;

/// <summary>A typed reason why the ledger refused a change, with a human-readable message.</summary>
/// <param name="Code">The machine-readable reason.</param>
/// <param name="Message">What was wrong, naming the values involved.</param>
public sealed record LedgerError(LedgerErrorCode Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
