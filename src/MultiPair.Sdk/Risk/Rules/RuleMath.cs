using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>Amounts the sizing rules share: what a proposal adds to, and how much of a limit is left.</summary>
internal static class RuleMath
{
    /// <summary>Margin already committed or reserved for the position a proposal increases (0 for a new position).</summary>
    public static decimal ExistingMargin(OrderProposal proposal, PortfolioSnapshot snapshot) =>
        proposal.PositionId is { } id && proposal.Intent == ProposalIntent.Increase
            ? (snapshot.FindPosition(id)?.MarginUsed ?? 0m) + snapshot.Reservations.Where(r => r.PositionId == id && r.IsEntry).Sum(r => r.Margin)
            : 0m;

    /// <summary>Notional already held or reserved for the position a proposal increases (0 for a new position).</summary>
    public static decimal ExistingNotional(OrderProposal proposal, PortfolioSnapshot snapshot) =>
        proposal.PositionId is { } id && proposal.Intent == ProposalIntent.Increase
            ? (snapshot.FindPosition(id)?.Notional ?? 0m) + snapshot.Reservations.Where(r => r.PositionId == id && r.IsEntry).Sum(r => r.Notional)
            : 0m;

    /// <summary>The quantity at <paramref name="price"/> whose notional fits in <paramref name="room"/>.</summary>
    public static decimal QuantityForNotional(decimal room, decimal price) => room <= 0m ? 0m : room / price;

    /// <summary><paramref name="percent"/> of equity (0 when equity is not positive).</summary>
    public static decimal PercentOfEquity(decimal percent, PortfolioSnapshot snapshot) =>
        snapshot.Equity > 0m ? percent * snapshot.Equity / 100m : 0m;

    /// <summary>Close proposals for every open position, at the pair's latest price.</summary>
    public static IReadOnlyList<OrderProposal> CloseAll(PortfolioSnapshot snapshot, string reason) =>
    [
        .. snapshot.Positions.Select(p => new OrderProposal
        {
            Pair = p.Pair,
            Side = p.Side == PositionSide.Long ? Execution.OrderSide.Sell : Execution.OrderSide.Buy,
            Quantity = p.Quantity,
            Price = snapshot.Prices.TryGetValue(p.Pair, out var price) ? price : p.CurrentPrice,
            Intent = ProposalIntent.Close,
            PositionId = p.Id,
            Sleeve = p.Strategy,
            Reason = reason,
        }),
    ];
}
