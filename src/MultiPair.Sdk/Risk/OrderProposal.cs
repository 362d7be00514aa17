using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>An order the portfolio considers placing, before the risk gate has seen it.</summary>
/// <remarks>
/// Immutable and thread-safe. Values are not validated on construction: the gate rejects a proposal with a
/// non-positive quantity or price with <see cref="RiskReasonCode.InvalidProposal"/> rather than throwing in the loop.
/// </remarks>
public sealed record OrderProposal
{
    /// <summary>Gets the pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Gets buy or sell.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Gets the quantity in base units.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Gets the reference price: the limit price, or the latest price for market orders.</summary>
    public required decimal Price { get; init; }

    /// <summary>Gets what the order does to the book.</summary>
    /// <value>The default value is <see cref="ProposalIntent.Open"/>.</value>
    public ProposalIntent Intent { get; init; } = ProposalIntent.Open;

    /// <summary>Gets the sleeve (strategy budget) the order is for; positions it opens carry this id.</summary>
    /// <value>The default value is <see cref="StrategyId.Default"/>.</value>
    public StrategyId Sleeve { get; init; } = StrategyId.Default;

    /// <summary>Gets the confidence of the signal behind the proposal, from 0 to 1.</summary>
    /// <value>The default value is 1.</value>
    public double Confidence { get; init; } = 1.0;

    /// <summary>Gets the stop-loss price, if any.</summary>
    public decimal? StopLoss { get; init; }

    /// <summary>Gets the take-profit price, if any.</summary>
    public decimal? TakeProfit { get; init; }

    /// <summary>Gets the position reduced, closed or increased (for those intents).</summary>
    public PositionId? PositionId { get; init; }

    /// <summary>Gets the order id to cancel (for <see cref="ProposalIntent.Cancel"/>).</summary>
    public ClientOrderId? CancelOrderId { get; init; }

    /// <summary>Gets a short human-readable reason, for logs and reports.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets a value indicating whether the proposal can only shrink the book (reduce, close or cancel).</summary>
    public bool IsReducing => Intent is ProposalIntent.Reduce or ProposalIntent.Close or ProposalIntent.Cancel;

    /// <summary>Gets the side of the position the proposal opens, adds to or shrinks.</summary>
    public PositionSide PositionSide => (Side == OrderSide.Buy) ^ IsReducing ? PositionSide.Long : PositionSide.Short;

    /// <summary>Gets quantity × price.</summary>
    public decimal Notional => Quantity * Price;
}
