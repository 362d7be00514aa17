using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Storage.Tests;

/// <summary>Sample records of every kind, shared by the tests of every store (linked into each test project).</summary>
internal static class Samples
{
    public static readonly TradingPair Btc = new("BTC", "USDT");
    public static readonly TradingPair Eth = new("ETH", "USDT");
    public static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly StrategyId Sleeve = new("trend");

    public static OrderRequest Market(string id, TradingPair? pair = null, string? position = null) =>
        OrderRequest.Market(new ClientOrderId(id), pair ?? Btc, OrderSide.Buy, 0.015m) with { PositionId = new PositionId(position ?? id), Strategy = Sleeve };

    public static OrderRequest Limit(string id) =>
        OrderRequest.Limit(new ClientOrderId(id), Eth, OrderSide.Sell, 1.2500m, 3100.10m, TimeInForce.ImmediateOrCancel) with { PositionId = new PositionId("pos-eth") };

    public static OrderRequest StopLimit(string id) =>
        new OrderRequest(new ClientOrderId(id), Btc, OrderSide.Sell, OrderType.StopLimit, 0.015m, 61000.5m, 61010m, reduceOnly: true) with { PositionId = new PositionId("pos-btc") };

    public static Fill Fill(string tradeId, string order = "o-1", TradingPair? pair = null, DateTimeOffset? time = null, decimal quantity = 0.015m) =>
        new(tradeId, new ClientOrderId(order), pair ?? Btc, OrderSide.Buy, 65000.10m, quantity, Fee.InBase(0.000015m), time ?? T0, isMaker: true) { Sleeve = Sleeve };

    public static LedgerEntry OpenEntry(string position = "pos-btc", string? tradeId = null, DateTimeOffset? time = null) =>
        LedgerEntry.Open(
            new OpenPositionRequest { Id = new PositionId(position), Pair = Btc, Quantity = 0.015m, EntryPrice = 65000.10m, Strategy = Sleeve, Fee = Fee.InBase(0.000015m) },
            time ?? T0) with { TradeId = tradeId };

    public static IReadOnlyList<LedgerEntry> EveryLedgerKind() =>
    [
        OpenEntry(tradeId: "t-1"),
        new LedgerEntry(LedgerEntryKind.Open, new PositionId("pos-sol"), new TradingPair("SOL", "USDT"), PositionSide.Short, Sleeve, 10.50m, 142.125m, Fee.InQuote(0.75m), null, 3m, T0.AddSeconds(1)),
        new LedgerEntry(LedgerEntryKind.Increase, new PositionId("pos-btc"), Btc, PositionSide.Long, Sleeve, 0.010m, 64000m, Fee.InQuote(0.64m), null, null, T0.AddSeconds(2)),
        LedgerEntry.Mark(Btc, 66000.000m, T0.AddSeconds(3)),
        new LedgerEntry(LedgerEntryKind.Reduce, new PositionId("pos-btc"), Btc, PositionSide.Long, Sleeve, 0.005m, 66100m, Fee.InQuote(0.33m), ExitReason.TakeProfit, null, T0.AddSeconds(4)),
        new LedgerEntry(LedgerEntryKind.Close, new PositionId("pos-sol"), new TradingPair("SOL", "USDT"), PositionSide.Short, Sleeve, 10.50m, 140m, Fee.InQuote(0.7m), ExitReason.TrailingStop, null, T0.AddSeconds(5)),
    ];
}
