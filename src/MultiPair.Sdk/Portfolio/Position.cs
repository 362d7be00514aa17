using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>A read-only view of one position in the ledger, marked at the pair's latest price.</summary>
/// <remarks>
/// Immutable and thread-safe: a snapshot taken when the ledger returned it. Quantities are in base units.
/// P&amp;L and fees are in the portfolio's quote asset; <see cref="RealizedPnl"/> is net of every fee paid.
/// </remarks>
public sealed record Position
{
    internal Position()
    {
    }

    /// <summary>Gets the position's id.</summary>
    public required PositionId Id { get; init; }

    /// <summary>Gets the pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Gets the strategy or sleeve that opened the position.</summary>
    public required StrategyId Strategy { get; init; }

    /// <summary>Gets the direction.</summary>
    public required PositionSide Side { get; init; }

    /// <summary>Gets the market the position is on.</summary>
    public required MarketType MarketType { get; init; }

    /// <summary>Gets the leverage (1 on spot).</summary>
    public required decimal Leverage { get; init; }

    /// <summary>Gets the quantity held now, in base units; 0 once closed.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Gets the average entry price of the quantity held (cost basis ÷ quantity); the last one once closed.</summary>
    public required decimal EntryPrice { get; init; }

    /// <summary>Gets the cost basis of the quantity held: the entry value of what is still open.</summary>
    public required decimal CostBasis { get; init; }

    /// <summary>Gets the pair's latest price known to the ledger.</summary>
    public required decimal CurrentPrice { get; init; }

    /// <summary>Gets the highest price seen since the position opened (drives trailing stops of longs).</summary>
    public required decimal HighestPrice { get; init; }

    /// <summary>Gets the lowest price seen since the position opened (drives trailing stops of shorts).</summary>
    public required decimal LowestPrice { get; init; }

    /// <summary>Gets the notional value of the quantity held at <see cref="CurrentPrice"/> (always positive).</summary>
    public required decimal Notional { get; init; }

    /// <summary>Gets the capital the position commits: its value on spot, notional ÷ leverage on perpetuals.</summary>
    public required decimal MarginUsed { get; init; }

    /// <summary>Gets the P&amp;L of the quantity held if it were closed at <see cref="CurrentPrice"/>, before exit fees.</summary>
    public required decimal UnrealizedPnl { get; init; }

    /// <summary>Gets the P&amp;L locked in by partial or full closes, net of every fee this position paid.</summary>
    public required decimal RealizedPnl { get; init; }

    /// <summary>Gets the fees this position paid, valued in the quote asset (base-asset fees at their fill price).</summary>
    public required decimal FeesPaid { get; init; }

    /// <summary>Gets the total quantity bought (long) or sold (short) into the position, before base-asset fees.</summary>
    public required decimal EntryQuantity { get; init; }

    /// <summary>Gets the total quantity closed out of the position.</summary>
    public required decimal ExitQuantity { get; init; }

    /// <summary>Gets when the position opened.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>Gets when the position was fully closed; <see langword="null"/> while open.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Gets why the position was last reduced or closed; <see langword="null"/> if it never was.</summary>
    public ExitReason? ExitReason { get; init; }

    /// <summary>Gets a value indicating whether the position is still open.</summary>
    public bool IsOpen => ClosedAt is null;

    /// <summary>Gets realized plus unrealized P&amp;L.</summary>
    public decimal TotalPnl => RealizedPnl + UnrealizedPnl;
}
