using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Exchanges;

/// <summary>One execution of an order on the exchange (a user trade), identified by (pair, trade id).</summary>
public sealed record ExchangeTrade
{
    /// <summary>Gets the pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Gets the exchange's trade id, unique per pair.</summary>
    public required string TradeId { get; init; }

    /// <summary>Gets the exchange's id of the order that traded.</summary>
    public required string ExchangeOrderId { get; init; }

    /// <summary>Gets the client order id of the order that traded, when the source reports it (the REST trade list does not: match by <see cref="ExchangeOrderId"/>).</summary>
    public ClientOrderId? ClientOrderId { get; init; }

    /// <summary>Gets the side.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Gets the price.</summary>
    public required decimal Price { get; init; }

    /// <summary>Gets the quantity.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Gets the fee amount (its asset is <see cref="FeeAsset"/>).</summary>
    public decimal Fee { get; init; }

    /// <summary>Gets the asset the fee was charged in (for example USDT, BTC or BNB).</summary>
    public string FeeAsset { get; init; } = string.Empty;

    /// <summary>Gets when the trade happened.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Gets a value indicating whether this side was the maker.</summary>
    public bool IsMaker { get; init; }

    /// <summary>Gets the realized profit the exchange attributes to this trade (futures), when reported.</summary>
    public decimal? RealizedPnl { get; init; }

    /// <summary>Converts the trade into a <see cref="Fill"/> for the ledger.</summary>
    /// <param name="clientOrderId">The client order id of the order (needed when the source did not report it).</param>
    /// <returns>The fill. A fee in neither the pair's base nor quote asset (for example BNB) is recorded as zero quote fee; the raw value stays on this trade.</returns>
    public Fill ToFill(ClientOrderId clientOrderId)
    {
        var fee = string.Equals(FeeAsset, Pair.Base, StringComparison.OrdinalIgnoreCase)
            ? Portfolio.Fee.InBase(Fee)
            : string.Equals(FeeAsset, Pair.Quote, StringComparison.OrdinalIgnoreCase) || FeeAsset.Length == 0
                ? Portfolio.Fee.InQuote(Fee)
                : Portfolio.Fee.None;
        return new Fill(TradeId, clientOrderId, Pair, Side, Price, Quantity, fee, Time, IsMaker);
    }
}
