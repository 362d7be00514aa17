using System.Text.Json;
using MultiPair.Sdk.Exchanges.Binance.Rest;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Rest;

public sealed class BinanceParsingTests
{
    private static readonly TradingPair BtcUsdt = new("BTC", "USDT");

    private static JsonElement Load(string file) => JsonDocument.Parse(Fixture.Json(file)).RootElement;

    [Fact]
    public void Spot_exchange_info_yields_trading_symbols_with_their_filters()
    {
        var skipped = new List<string>();
        var instruments = BinanceParsers.Instruments(Load("nautilus_http_responses_http_spot_market_exchange_info.json"), MarketType.Spot, (s, _) => skipped.Add(s));

        instruments.Select(i => i.Key).ShouldBe(["BTCUSDT", "ETHUSDT"]);
        var btc = instruments[0].Value;
        btc.Pair.ShouldBe(BtcUsdt);
        btc.MarketType.ShouldBe(MarketType.Spot);
        btc.TickSize.ShouldBe(0.01m);
        btc.MinPrice.ShouldBe(0.01m);
        btc.MaxPrice.ShouldBe(1000000m);
        btc.StepSize.ShouldBe(0.00001m);
        btc.MinQuantity.ShouldBe(0.00001m);
        btc.MaxQuantity.ShouldBe(9000m);
        btc.MinNotional.ShouldBe(10m);
        instruments[1].Value.StepSize.ShouldBe(0.0001m);
        skipped.ShouldBeEmpty();
    }

    [Fact]
    public void Futures_exchange_info_keeps_perpetuals_only_with_the_notional_filter()
    {
        var instruments = BinanceParsers.Instruments(Load("nautilus_http_responses_http_futures_market_exchange_info.json"), MarketType.LinearPerpetual, (_, _) => { });

        instruments.Select(i => i.Key).ShouldBe(["BTCUSDT", "ETHUSDT"]); // BTCUSDT_220325 is a delivery contract.
        var btc = instruments[0].Value;
        btc.MarketType.ShouldBe(MarketType.LinearPerpetual);
        btc.TickSize.ShouldBe(0.10m);
        btc.MinPrice.ShouldBe(402m);
        btc.MaxPrice.ShouldBe(1246396.60m);
        btc.StepSize.ShouldBe(0.001m);
        btc.MinQuantity.ShouldBe(0.001m);
        btc.MaxQuantity.ShouldBe(1000m);
        btc.MinNotional.ShouldBe(10m);
    }

    [Fact]
    public void Spot_full_order_response_parses_with_fills_and_fees()
    {
        var root = Load("binancenet_Endpoints_Spot_Trading_PlaceOrder.txt");
        var order = BinanceParsers.Order(root, BtcUsdt, futures: false);
        var fills = BinanceParsers.Fills(root, order);

        order.ClientOrderId.Value.ShouldBe("6gCrw2kRUAF9CvJDGP16IP");
        order.ExchangeOrderId.ShouldBe("28");
        order.Side.ShouldBe(OrderSide.Sell);
        order.Type.ShouldBe(OrderType.Limit);
        order.Status.ShouldBe(ExecutionStatus.Filled);
        order.Quantity.ShouldBe(10m);
        order.FilledQuantity.ShouldBe(10m);
        order.FilledQuoteQuantity.ShouldBe(10m);
        order.Price.ShouldBeNull();
        order.CreateTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1507725176595));
        fills.Count.ShouldBe(5);
        fills.Select(f => f.TradeId).ShouldBe(["56", "57", "58", "59", "60"]);
        fills[1].Price.ShouldBe(3999m);
        fills[1].Quantity.ShouldBe(5m);
        fills[1].Fee.ShouldBe(19.995m);
        fills.ShouldAllBe(f => f.FeeAsset == "USDT" && f.ExchangeOrderId == "28" && f.Side == OrderSide.Sell);
        fills.Sum(f => f.Fee).ShouldBe(39.983m);
    }

    [Fact]
    public void Spot_query_cancel_and_open_orders_parse()
    {
        var pair = new TradingPair("LTC", "BTC");
        var query = BinanceParsers.Order(Load("binancenet_Endpoints_Spot_Trading_GetOrder.txt"), pair, futures: false);
        query.Status.ShouldBe(ExecutionStatus.Accepted);
        query.Price.ShouldBe(0.1m);
        query.Quantity.ShouldBe(1m);
        query.StopPrice.ShouldBeNull();
        query.TimeInForce.ShouldBe(TimeInForce.GoodTillCanceled);

        var cancel = BinanceParsers.Order(Load("binancenet_Endpoints_Spot_Trading_CancelOrder.txt"), pair, futures: false);
        cancel.ClientOrderId.Value.ShouldBe("myOrder1"); // origClientOrderId, not the cancel request's id.
        cancel.Status.ShouldBe(ExecutionStatus.Cancelled);
        cancel.Price.ShouldBe(2m);

        var open = Load("binancenet_Endpoints_Spot_Trading_GetOpenOrders.txt");
        open.EnumerateArray().Select(o => BinanceParsers.Order(o, pair, futures: false).ClientOrderId.Value).ShouldBe(["myOrder1"]);
    }

    [Fact]
    public void Futures_order_responses_parse_including_trailing_and_gtd()
    {
        var placed = BinanceParsers.Order(Load("binancenet_Endpoints_UsdFutures_Trading_PlaceOrder.txt"), BtcUsdt, futures: true);
        placed.ClientOrderId.Value.ShouldBe("testOrder");
        placed.ExchangeOrderId.ShouldBe("22542179");
        placed.Type.ShouldBe(OrderType.StopMarket);
        placed.TimeInForce.ShouldBe(TimeInForce.GoodTillCanceled);
        placed.Status.ShouldBe(ExecutionStatus.Accepted);
        placed.StopPrice.ShouldBe(9300m);
        placed.AveragePrice.ShouldBeNull();
        placed.Quantity.ShouldBe(10m);

        var cancelled = BinanceParsers.Order(Load("binancenet_Endpoints_UsdFutures_Trading_CancelOrder.txt"), BtcUsdt, futures: true);
        cancelled.Status.ShouldBe(ExecutionStatus.Cancelled);
        cancelled.Quantity.ShouldBe(11m);
    }

    [Fact]
    public void Balances_parse_for_both_markets()
    {
        BinanceParsers.SpotBalances(Load("binancenet_Endpoints_Spot_Account_GetAccountInfo.txt")).ShouldBe(
        [
            new AssetBalance("BTC", 4723846.89208129m, 0m),
            new AssetBalance("LTC", 4763368.68006011m, 0m),
        ]);

        var futures = BinanceParsers.FuturesBalances(Load("binancenet_Endpoints_UsdFutures_Account_GetBalances.txt")).ShouldHaveSingleItem();
        futures.Asset.ShouldBe("USDT");
        futures.Free.ShouldBe(23.72469206m);
        futures.Total.ShouldBe(122607.35137903m);
    }

    [Fact]
    public void Position_risk_parses_open_positions_and_skips_flat_ones()
    {
        var v2 = Load("binancenet_Endpoints_UsdFutures_Account_GetPositionInformation.txt");
        v2.EnumerateArray().Select(r => BinanceParsers.Position(r, BtcUsdt)).ShouldAllBe(p => p == null);

        var rows = Load("binancenet_Endpoints_UsdFutures_Trading_GetPositions.txt").EnumerateArray().ToList();
        var position = BinanceParsers.Position(rows[0], BtcUsdt).ShouldNotBeNull();
        position.Side.ShouldBe(PositionSide.Long);
        position.Quantity.ShouldBe(0.001m);
        position.EntryPrice.ShouldBe(22185.2m);
        position.MarkPrice.ShouldBe(21123.05052574m);
        position.UnrealizedPnl.ShouldBe(-1.06214947m);
        position.LiquidationPrice.ShouldBe(19731.45529116m);
        position.Leverage.ShouldBe(4);
        position.MarginMode.ShouldBe(MarginMode.Cross);
        BinanceParsers.Position(rows[1], BtcUsdt).ShouldBeNull();
    }

    [Fact]
    public void Klines_parse_into_bars()
    {
        var bars = BinanceParsers.Klines(Load("nautilus_http_responses_http_spot_market_klines.json"), BtcUsdt, Timeframe.OneMinute);
        bars.Count.ShouldBe(10);
        bars[0].OpenTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1634943780000));
        bars[0].Open.ShouldBe(60685.22);
        bars[0].High.ShouldBe(60729.84);
        bars[0].Low.ShouldBe(60670.90);
        bars[0].Close.ShouldBe(60719.27);
        bars[0].Volume.ShouldBe(21.63272);
        bars.Zip(bars.Skip(1)).ShouldAllBe(p => p.Second.OpenTime - p.First.OpenTime == TimeSpan.FromMinutes(1));

        var futures = BinanceParsers.Klines(Load("binancenet_Endpoints_UsdFutures_ExchangeData_GetKlines.txt"), BtcUsdt, Timeframe.OneDay).ShouldHaveSingleItem();
        futures.High.ShouldBe(0.8);
    }

    [Fact]
    public void Tickers_parse()
    {
        var pair = new TradingPair("LTC", "BTC");
        var fallback = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var book = BinanceParsers.BookTicker(Load("binancenet_Endpoints_Spot_ExchangeData_GetBookPrice.txt"), "LTCBTC", pair, fallback);
        book.ShouldBe(new BookTicker(pair, 4m, 431m, 4.000002m, 9m, fallback));

        var futuresBook = BinanceParsers.BookTicker(Load("binancenet_Endpoints_UsdFutures_ExchangeData_GetBookPrice.txt"), "BTCUSDT", BtcUsdt, fallback);
        futuresBook.Time.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1589437530011));

        var bnb = new TradingPair("BNB", "BTC");
        var ticker = BinanceParsers.Ticker24h(Load("binancenet_Endpoints_Spot_ExchangeData_GetTicker.txt"), "BNBBTC", bnb);
        ticker.LastPrice.ShouldBe(4.000002m);
        ticker.OpenPrice.ShouldBe(99m);
        ticker.HighPrice.ShouldBe(100m);
        ticker.LowPrice.ShouldBe(0.1m);
        ticker.Volume.ShouldBe(8913.3m);
        ticker.QuoteVolume.ShouldBe(15.3m);
        ticker.PriceChangePercent.ShouldBe(-95.96m);
        ticker.CloseTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1499869899040));
    }

    [Fact]
    public void A_response_for_another_symbol_is_malformed() =>
        Should.Throw<BinanceMalformedException>(() =>
            BinanceParsers.BookTicker(Load("binancenet_Endpoints_Spot_ExchangeData_GetBookPrice.txt"), "BTCUSDT", BtcUsdt, DateTimeOffset.UnixEpoch));

    [Theory]
    [InlineData("status", "NEW_STATUS")]
    [InlineData("side", "SIDEWAYS")]
    [InlineData("type", "ICEBERG_DELUXE")]
    [InlineData("timeInForce", "FOREVER")]
    public void Unknown_enum_values_are_malformed(string field, string value)
    {
        var text = Fixture.Json("binancenet_Endpoints_Spot_Trading_GetOrder.txt");
        var node = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        node[field] = value;
        var root = JsonDocument.Parse(node.ToJsonString()).RootElement;
        Should.Throw<BinanceMalformedException>(() => BinanceParsers.Order(root, BtcUsdt, futures: false)).Message.ShouldContain(value);
    }
}
