using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>Capital and exposure held for an approved order that has not filled yet, so later decisions count it.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="ClientOrderId">The order.</param>
/// <param name="Pair">The pair.</param>
/// <param name="Sleeve">The sleeve the order is for.</param>
/// <param name="Intent">What the order does to the book.</param>
/// <param name="Side">The side of the position it opens, adds to or shrinks.</param>
/// <param name="Quantity">The quantity still unfilled, in base units.</param>
/// <param name="Price">The reference price.</param>
/// <param name="Leverage">The leverage of the position (1 on spot).</param>
/// <param name="CreatedAt">When the gate approved the order.</param>
public sealed record Reservation(
    ClientOrderId ClientOrderId,
    TradingPair Pair,
    StrategyId Sleeve,
    ProposalIntent Intent,
    PositionSide Side,
    decimal Quantity,
    decimal Price,
    decimal Leverage,
    DateTimeOffset CreatedAt)
{
    /// <summary>Gets the position the order increases, reduces or closes, if any.</summary>
    public PositionId? PositionId { get; init; }

    /// <summary>Gets a value indicating whether the order grows the book (open or increase).</summary>
    public bool IsEntry => Intent is ProposalIntent.Open or ProposalIntent.Increase;

    /// <summary>Gets quantity × price.</summary>
    public decimal Notional => Quantity * Price;

    /// <summary>Gets the capital the order will commit once filled (notional ÷ leverage); 0 for reducing orders.</summary>
    public decimal Margin => IsEntry ? Notional / Leverage : 0m;
}
