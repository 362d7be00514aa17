using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges;

/// <summary>The best bid and ask of a pair.</summary>
/// <param name="Pair">The pair.</param>
/// <param name="BidPrice">The best bid price.</param>
/// <param name="BidQuantity">The quantity at the best bid.</param>
/// <param name="AskPrice">The best ask price.</param>
/// <param name="AskQuantity">The quantity at the best ask.</param>
/// <param name="Time">When the exchange produced it (or when it was received, when the exchange sends no time).</param>
public sealed record BookTicker(TradingPair Pair, decimal BidPrice, decimal BidQuantity, decimal AskPrice, decimal AskQuantity, DateTimeOffset Time)
{
    /// <summary>Converts to the engine's <see cref="PriceTick"/>.</summary>
    /// <returns>The tick.</returns>
    public PriceTick ToPriceTick() => new(Pair, Time, (double)BidPrice, (double)AskPrice);
}
