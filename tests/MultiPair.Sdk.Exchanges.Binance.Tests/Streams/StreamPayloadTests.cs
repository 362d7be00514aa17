using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Logging.Abstractions;
using MultiPair.Sdk.Exchanges.Binance.Streams;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Streams;

public sealed class StreamPayloadTests
{
    private static readonly Func<string, TradingPair?> Resolve = static s => TradingPair.TryParse(s, out var p) ? p : null;

    [Theory]
    [InlineData("binancenet_Subscriptions_Spot_ExchangeData_Klines.txt", "BNBBTC", 123400000L)]
    [InlineData("binancenet_Subscriptions_UsdFutures_Klines.txt", "BTCUSDT", 1638747660000L)]
    public void Kline_fixtures_parse(string file, string symbol, long openTime)
    {
        using var document = JsonDocument.Parse(Fixture.PushedUpdate(file));
        var data = BinanceStreamParser.Unwrap(document.RootElement, out var stream);
        stream.ShouldStartWith("btcusdt@kline_");
        var kline = BinanceStreamParser.ParseKline(data, out var error);
        error.ShouldBeNull();
        kline.ShouldNotBeNull();
        kline.Value.ShouldBe(new KlineEvent(symbol, "1m", DateTimeOffset.FromUnixTimeMilliseconds(openTime), 0.001, 0.0025, 0.0015, 0.002, 1000, IsClosed: false));
    }

    [Fact]
    public void Spot_book_ticker_fixture_parses_with_the_receive_time()
    {
        using var document = JsonDocument.Parse(Fixture.PushedUpdate("binancenet_Subscriptions_Spot_ExchangeData_BookTicker.txt"));
        var data = BinanceStreamParser.Unwrap(document.RootElement, out _);
        var received = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var pair = new TradingPair("BNB", "USDT");
        BinanceStreamParser.Symbol(data).ShouldBe("BNBUSDT");
        BinanceStreamParser.ParseBookTicker(data, pair, received, out _).ShouldBe(new BookTicker(pair, 25.3519m, 31.21m, 25.3652m, 40.66m, received));
    }

    [Fact]
    public void Futures_book_ticker_fixture_parses_with_the_transaction_time()
    {
        using var document = JsonDocument.Parse(Fixture.PushedUpdate("binancenet_Subscriptions_UsdFutures_BookTicker.txt"));
        var data = BinanceStreamParser.Unwrap(document.RootElement, out _);
        var ticker = BinanceStreamParser.ParseBookTicker(data, new TradingPair("BNB", "USDT"), default, out _);
        ticker.ShouldNotBeNull();
        ticker.Time.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1568014460891));
        ticker.AskQuantity.ShouldBe(40.66m);
    }

    [Fact]
    public void Spot_execution_report_fixture_parses()
    {
        using var document = JsonDocument.Parse(Fixture.PushedUpdate("binancenet_Subscriptions_Spot_Account_Order.txt"));
        var data = BinanceStreamParser.Unwrap(document.RootElement, out _);
        BinanceStreamParser.EventType(data).ShouldBe("executionReport");
        var update = BinanceStreamParser.ParseExecutionReport(data, Resolve, out var error);
        error.ShouldBeNull();
        update.ShouldNotBeNull();
        update.Trade.ShouldBeNull();
        var order = update.Order;
        order.Pair.ShouldBe(new TradingPair("ETH", "BTC"));
        order.ClientOrderId.ShouldBe(new ClientOrderId("mUvoqJxFIILMdfAW5iGSOW"));
        order.ExchangeOrderId.ShouldBe("4293153");
        order.Side.ShouldBe(OrderSide.Buy);
        order.Type.ShouldBe(OrderType.Limit);
        order.Status.ShouldBe(ExecutionStatus.Accepted);
        order.Quantity.ShouldBe(1m);
        order.Price.ShouldBe(0.1026441m);
        order.StopPrice.ShouldBeNull();
        order.FilledQuantity.ShouldBe(0m);
        order.AveragePrice.ShouldBeNull();
        order.TimeInForce.ShouldBe(TimeInForce.GoodTillCanceled);
        order.CreateTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1499405658657));
    }

    [Fact]
    public void Futures_order_trade_update_fixture_parses()
    {
        using var document = JsonDocument.Parse(Fixture.PushedUpdate("binancenet_Subscriptions_UsdFutures_OrderUpdate.txt"));
        var data = BinanceStreamParser.Unwrap(document.RootElement, out _);
        BinanceStreamParser.EventType(data).ShouldBe("ORDER_TRADE_UPDATE");
        var update = BinanceStreamParser.ParseOrderTradeUpdate(data, Resolve, out var error);
        error.ShouldBeNull();
        update.ShouldNotBeNull();
        update.Trade.ShouldBeNull();
        var order = update.Order;
        order.Pair.ShouldBe(new TradingPair("BTC", "USDT"));
        order.ClientOrderId.ShouldBe(new ClientOrderId("TEST"));
        order.ExchangeOrderId.ShouldBe("8886774");
        order.Side.ShouldBe(OrderSide.Sell);
        order.Type.ShouldBe(OrderType.StopMarket);
        order.Status.ShouldBe(ExecutionStatus.Accepted);
        order.Quantity.ShouldBe(0.001m);
        order.Price.ShouldBeNull();
        order.StopPrice.ShouldBe(7103.04m);
        order.ReduceOnly.ShouldBeFalse();
        order.UpdateTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1568879465650));
    }

    [Fact]
    public void Start_user_stream_fixture_has_the_listen_key_the_adapter_reads()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "binancenet_Endpoints_UsdFutures_Account_StartUserStream.txt"));
        using var document = JsonDocument.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..]);
        document.RootElement.GetProperty("listenKey").GetString()!.Length.ShouldBe(64);
    }

    [Fact]
    public void Unsupported_intervals_are_refused()
    {
        BinanceStreamParser.IntervalOf(Timeframe.OneHour, MarketType.Spot).ShouldBe("1h");
        BinanceStreamParser.IntervalOf(Timeframe.Parse("1s"), MarketType.Spot).ShouldBe("1s");
        BinanceStreamParser.IntervalOf(Timeframe.Parse("1s"), MarketType.LinearPerpetual).ShouldBeNull();
        BinanceStreamParser.IntervalOf(Timeframe.Parse("7m"), MarketType.Spot).ShouldBeNull();
    }

    // Any interleaving of forming, closed, duplicate and out-of-order klines (as replays after reconnects produce, on one
    // or overlapping connections) yields, per pair, exactly the closed bars that are later than every bar emitted before.
    [Fact]
    public void Closed_bars_are_emitted_once_and_strictly_increasing_per_pair()
    {
        var pairs = new[] { new TradingPair("BTC", "USDT"), new TradingPair("ETH", "USDT"), new TradingPair("SOL", "USDT") };
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Prop.ForAll<int[]>(events =>
        {
            var emitted = new List<Bar>();
            var subscription = new BinanceMarketSubscription(pairs, TimeProvider.System, NullLogger.Instance, Timeframe.OneMinute, "1m", emitted.Add, null);
            var expected = new List<(TradingPair, DateTimeOffset)>();
            var last = new Dictionary<TradingPair, DateTimeOffset>();
            foreach (var code in events)
            {
                var value = code & int.MaxValue;
                var pair = pairs[value % 3];
                var openTime = start.AddMinutes(value / 3 % 8);
                var closed = value % 5 != 0;
                subscription.OnMessage(null!, Encoding.UTF8.GetBytes(KlineMessage(pair, openTime, closed)));
                if (closed && (!last.TryGetValue(pair, out var previous) || openTime > previous))
                {
                    last[pair] = openTime;
                    expected.Add((pair, openTime));
                }
            }

            return emitted.Select(static b => (b.Pair, b.OpenTime)).SequenceEqual(expected)
                && pairs.All(p => emitted.Where(b => b.Pair == p).Select(static b => b.OpenTime).Zip(emitted.Where(b => b.Pair == p).Skip(1).Select(static b => b.OpenTime)).All(static t => t.First < t.Second));
        }).QuickCheckThrowOnFailure();
    }

    internal static string KlineMessage(TradingPair pair, DateTimeOffset openTime, bool closed)
    {
        var symbol = pair.Format(PairFormat.Concatenated);
        return $$"""{"stream":"{{symbol.ToLowerInvariant()}}@kline_1m","data":{"e":"kline","E":1,"s":"{{symbol}}","k":{"t":{{openTime.ToUnixTimeMilliseconds()}},"s":"{{symbol}}","i":"1m","o":"10","c":"11","h":"12","l":"9","v":"5","x":{{(closed ? "true" : "false")}}} } }""";
    }
}
