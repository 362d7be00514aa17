namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>A new-order response: the order and, on spot (FULL response), its fills with fees.</summary>
internal sealed record BinancePlacedOrder(ExchangeOrder Order, IReadOnlyList<ExchangeTrade> Fills);
