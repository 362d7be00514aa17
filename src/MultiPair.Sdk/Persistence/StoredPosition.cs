using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Persistence;

/// <summary>A position as the store's read model last saw it (for dashboards; the ledger itself is rebuilt from the journal).</summary>
/// <param name="PositionId">The position id.</param>
/// <param name="Pair">The pair.</param>
/// <param name="Sleeve">The sleeve.</param>
/// <param name="Side">Long or short.</param>
/// <param name="Quantity">The quantity held (zero once closed).</param>
/// <param name="EntryPrice">The average entry price.</param>
/// <param name="CurrentPrice">The last mark.</param>
/// <param name="UnrealizedPnl">The unrealized P&amp;L at the last mark.</param>
/// <param name="RealizedPnl">The realized P&amp;L so far.</param>
/// <param name="FeesPaid">The fees paid so far.</param>
/// <param name="OpenedAt">When it opened.</param>
/// <param name="ClosedAt">When it closed, or null while open.</param>
/// <param name="ExitReason">Why it closed, or null.</param>
public sealed record StoredPosition(
    PositionId PositionId,
    TradingPair Pair,
    StrategyId Sleeve,
    PositionSide Side,
    decimal Quantity,
    decimal EntryPrice,
    decimal CurrentPrice,
    decimal UnrealizedPnl,
    decimal RealizedPnl,
    decimal FeesPaid,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    ExitReason? ExitReason)
{
    /// <summary>Gets a value indicating whether the position is open.</summary>
    public bool IsOpen => ClosedAt is null;

    /// <summary>Gets the notional at the last mark.</summary>
    public decimal Notional => Quantity * CurrentPrice;
}
