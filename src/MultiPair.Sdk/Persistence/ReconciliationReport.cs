using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Execution;

namespace MultiPair.Sdk.Persistence;

/// <summary>What the restart reconciliation found and did.</summary>
public sealed record ReconciliationReport
{
    /// <summary>Gets the orders open before the restart and their state on the exchange now (null when unknown).</summary>
    public required IReadOnlyList<RecoveredOrder> Orders { get; init; }

    /// <summary>Gets the open orders with the portfolio's tag that the store did not know.</summary>
    public required IReadOnlyList<ExchangeOrder> Orphans { get; init; }

    /// <summary>Gets the orphans that were cancelled.</summary>
    public required IReadOnlyList<ClientOrderId> CancelledOrphans { get; init; }

    /// <summary>Gets the differences between the exchange and the ledger; any one halts the portfolio.</summary>
    public required IReadOnlyList<PositionMismatch> Mismatches { get; init; }

    /// <summary>Gets a value indicating whether the exchange's open orders could be listed.</summary>
    public bool OpenOrdersListed { get; init; } = true;

    /// <summary>Gets a value indicating whether the ledger agrees with the exchange (trading may start).</summary>
    public bool IsConsistent => Mismatches.Count == 0;
}
