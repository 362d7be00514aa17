namespace MultiPair.Sdk.Exchanges.Binance.Tests.Fake;

/// <summary>An order in the fake server's book, in Binance's terms (strings as Binance spells them: BUY, LIMIT, NEW, GTC...).</summary>
public sealed record FakeOrder
{
    public required bool Futures { get; init; }

    public required string Symbol { get; init; }

    public required long OrderId { get; init; }

    public required string ClientOrderId { get; init; }

    public required string Side { get; init; }

    public required string Type { get; init; }

    public required string Status { get; init; }

    public required decimal Quantity { get; init; }

    public decimal ExecutedQuantity { get; init; }

    public decimal CumulativeQuoteQuantity { get; init; }

    public decimal Price { get; init; }

    public decimal StopPrice { get; init; }

    public string TimeInForce { get; init; } = "GTC";

    public bool ReduceOnly { get; init; }

    /// <summary>Gets the last execution type for user data events: NEW, TRADE, CANCELED, EXPIRED, REJECTED.</summary>
    public string ExecutionType { get; init; } = "NEW";

    public required long CreateTime { get; init; }

    public required long UpdateTime { get; init; }
}

/// <summary>One execution of a fake order.</summary>
public sealed record FakeTrade
{
    public required string Symbol { get; init; }

    public required long TradeId { get; init; }

    public required long OrderId { get; init; }

    public required decimal Price { get; init; }

    public required decimal Quantity { get; init; }

    public decimal Commission { get; init; }

    public string CommissionAsset { get; init; } = "USDT";

    public bool IsMaker { get; init; }

    public decimal RealizedPnl { get; init; }

    public required long Time { get; init; }
}
