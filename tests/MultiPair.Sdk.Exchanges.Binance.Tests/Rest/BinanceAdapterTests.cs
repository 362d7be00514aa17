using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Rest;

public sealed class BinanceAdapterTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");

    private static ClientOrderId Id(string value) => new(value);

    [Theory]
    [InlineData(MarketType.Spot, 0.01, 0.00001)]
    [InlineData(MarketType.LinearPerpetual, 0.10, 0.001)]
    public async Task Instruments_come_from_exchange_info_with_real_filters(MarketType market, double tick, double step)
    {
        await using var h = await RestHarness.StartAsync(market);
        var instruments = (await h.Adapter.GetInstrumentsAsync()).Value;
        instruments.Select(i => i.Pair).ShouldBe([Btc, Eth]);
        instruments[0].TickSize.ShouldBe((decimal)tick);
        instruments[0].StepSize.ShouldBe((decimal)step);
        instruments[0].MinNotional.ShouldBe(10m);
        h.Adapter.Exchange.ShouldBe("binance");
        h.Adapter.Market.ShouldBe(market);
    }

    [Fact]
    public async Task Signed_requests_are_accepted_by_the_server()
    {
        await using var h = await RestHarness.StartAsync();
        var balances = (await h.Adapter.GetBalancesAsync()).Value;
        balances.ShouldContain(new AssetBalance("USDT", 100000m, 0m));
        balances.ShouldContain(new AssetBalance("BTC", 1m, 0m));
    }

    [Fact]
    public async Task Private_call_without_credentials_is_unauthorized_and_sends_nothing()
    {
        await using var h = await RestHarness.StartAsync(credentials: false);
        var result = await h.Adapter.GetBalancesAsync();
        result.Error!.Kind.ShouldBe(ExchangeErrorKind.Unauthorized);
        result.Error.Message.ShouldContain("credentials are missing");
        h.Server.RestRequestCount.ShouldBe(0);

        // Public endpoints still work without keys.
        (await h.Adapter.GetBookTickerAsync(Btc)).Success.ShouldBeTrue();
    }

    [Fact]
    public async Task Wrong_secret_or_key_is_unauthorized_and_secrets_never_leak()
    {
        await using var h = await RestHarness.StartAsync(configure: o => o.ApiSecret = "wrong-secret-value-123");
        var badSignature = await h.Adapter.GetBalancesAsync();
        badSignature.Error!.Kind.ShouldBe(ExchangeErrorKind.Unauthorized);
        badSignature.Error.Code.ShouldBe(-1022);

        await using var k = await RestHarness.StartAsync(configure: o => o.ApiKey = "wrong-key-value-456");
        var badKey = await k.Adapter.GetOpenOrdersAsync(Btc);
        badKey.Error!.Kind.ShouldBe(ExchangeErrorKind.Unauthorized);
        badKey.Error.Code.ShouldBe(-2015);

        foreach (var text in h.Logs.Messages.Concat(k.Logs.Messages).Append(badSignature.Error.ToString()).Append(badKey.Error.ToString()))
        {
            text.ShouldNotContain("wrong-secret-value-123");
            text.ShouldNotContain("wrong-key-value-456");
            text.ShouldNotContain(FakeBinanceServer.ApiSecret);
            text.ShouldNotContain(FakeBinanceServer.ApiKey);
        }
    }

    [Fact]
    public async Task Clock_drift_is_resynchronized_after_minus_1021_and_the_request_retried_once()
    {
        await using var h = await RestHarness.StartAsync();
        (await h.Adapter.GetBalancesAsync()).Success.ShouldBeTrue();
        h.Server.RequestsTo("/api/v3/time").ShouldBe(1);

        h.Server.ShiftClock(TimeSpan.FromSeconds(30));
        var result = await h.Adapter.GetBalancesAsync();

        result.Success.ShouldBeTrue();
        h.Server.RequestsTo("/api/v3/time").ShouldBe(2);
        h.Server.RequestsTo("/api/v3/account").ShouldBe(3);
        h.Adapter.Client.Offset.ShouldBeGreaterThan(TimeSpan.FromSeconds(29));
    }

    [Fact]
    public async Task A_persistent_timestamp_error_is_reported_after_one_retry()
    {
        await using var h = await RestHarness.StartAsync();
        h.Server.InjectFault("/api/v3/account", FakeFault.BinanceError(400, -1021, "Timestamp for this request is outside of the recvWindow."), times: 2);
        var result = await h.Adapter.GetBalancesAsync();
        result.Error!.Kind.ShouldBe(ExchangeErrorKind.InvalidTimestamp);
        h.Server.RequestsTo("/api/v3/account").ShouldBe(2);
    }

    [Fact]
    public async Task A_request_that_waited_for_weight_carries_a_fresh_timestamp()
    {
        await using var h = await RestHarness.StartAsync(manualClock: true, configure: o =>
        {
            o.RequestWeightPerMinute = 10;
            o.WeightBudgetShare = 1;
        });
        h.Server.WeightLimit = 10;
        (await h.Adapter.GetOpenOrdersAsync(Btc)).Success.ShouldBeTrue(); // time 1 + openOrders 6.

        var waiting = h.Adapter.GetOpenOrdersAsync(Btc); // 7 + 6 > 10: waits for the next minute.
        await RestHarness.WaitUntilAsync(() => h.Adapter.Budget.Waiting == 1, "the second request waits for weight");
        h.Server.RequestsTo("/api/v3/openOrders").ShouldBe(1);

        // To the next minute (the clock started at :30): a timestamp taken before the wait would be 30 s old, outside recvWindow.
        h.Clock!.Advance(TimeSpan.FromSeconds(30));

        (await waiting).Success.ShouldBeTrue();
        h.Server.RequestsTo("/api/v3/openOrders").ShouldBe(2); // Accepted first time: no -1021 retry.
        h.Server.RequestsTo("/api/v3/time").ShouldBe(1);
        h.Server.WeightLimitExceeded.ShouldBe(0);
    }

    [Fact]
    public async Task Weight_never_exceeds_the_server_limit_under_many_concurrent_callers()
    {
        await using var h = await RestHarness.StartAsync(manualClock: true, configure: o =>
        {
            o.RequestWeightPerMinute = 50;
            o.WeightBudgetShare = 1;
        });
        h.Server.WeightLimit = 50;
        var tasks = Enumerable.Range(0, 60).Select(i => h.Adapter.GetBookTickerAsync(i % 2 == 0 ? Btc : Eth)).ToArray();
        var all = Task.WhenAll(tasks);
        var minutes = 0;
        while (!all.IsCompleted)
        {
            await RestHarness.WaitUntilAsync(() => all.IsCompleted || h.Adapter.Budget.Waiting == tasks.Count(t => !t.IsCompleted), "callers settle");
            if (!all.IsCompleted)
            {
                h.Clock!.Advance(TimeSpan.FromMinutes(1));
                minutes++;
            }
        }

        (await all).ShouldAllBe(r => r.Success);
        h.Server.WeightLimitExceeded.ShouldBe(0);
        h.Server.MaxWeightUsed.ShouldBeLessThanOrEqualTo(50);
        minutes.ShouldBe(2); // 120 weight at 50 a minute (25 callers a minute).
    }

    [Fact]
    public async Task Http_429_returns_retry_after_and_pauses_the_budget_until_then()
    {
        await using var h = await RestHarness.StartAsync(manualClock: true);
        h.Server.InjectFault("/api/v3/ticker/bookTicker", FakeFault.TooManyRequests(TimeSpan.FromSeconds(30)));

        var limited = await h.Adapter.GetBookTickerAsync(Btc);
        limited.Error!.Kind.ShouldBe(ExchangeErrorKind.RateLimited);
        limited.Error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(30));

        var next = h.Adapter.GetTicker24hAsync(Eth);
        await RestHarness.WaitUntilAsync(() => h.Adapter.Budget.Waiting == 1, "the next request waits for the pause");
        h.Server.RequestsTo("/api/v3/ticker/24hr").ShouldBe(0);
        h.Clock!.Advance(TimeSpan.FromSeconds(30));
        (await next).Value.LastPrice.ShouldBe(3000m);
    }

    [Fact]
    public async Task Http_418_stops_all_traffic_until_the_ban_ends_and_raises_the_event()
    {
        await using var h = await RestHarness.StartAsync(manualClock: true);
        var bans = new List<BinanceBanEventArgs>();
        h.Adapter.Banned += (_, e) => bans.Add(e);
        h.Server.InjectFault("/api/v3/klines", FakeFault.Ban(TimeSpan.FromMinutes(2)));

        var banned = await h.Adapter.GetKlinesAsync(Btc, Timeframe.OneMinute, RestHarness.ManualStart.AddHours(-1), RestHarness.ManualStart);
        banned.Error!.Kind.ShouldBe(ExchangeErrorKind.IpBanned);
        banned.Error.RetryAfter.ShouldBe(TimeSpan.FromMinutes(2));
        bans.ShouldHaveSingleItem().Until.ShouldBe(RestHarness.ManualStart + TimeSpan.FromMinutes(2));

        var sent = h.Server.RestRequestCount;
        (await h.Adapter.GetBalancesAsync()).Error!.Kind.ShouldBe(ExchangeErrorKind.IpBanned);
        (await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("ban-1"), Btc, OrderSide.Buy, 0.001m))).Error!.Kind.ShouldBe(ExchangeErrorKind.IpBanned);
        h.Server.RestRequestCount.ShouldBe(sent);

        h.Clock!.Advance(TimeSpan.FromMinutes(2));
        (await h.Adapter.GetBookTickerAsync(Btc)).Success.ShouldBeTrue();
    }

    [Fact]
    public async Task Market_order_fills_and_returns_fills_with_fees()
    {
        await using var h = await RestHarness.StartAsync();
        var placed = (await h.Adapter.PlaceOrderWithFillsAsync(OrderRequest.Market(Id("mkt-1"), Btc, OrderSide.Buy, 0.01m))).Value;

        placed.Order.Status.ShouldBe(ExecutionStatus.Filled);
        placed.Order.ClientOrderId.ShouldBe(Id("mkt-1"));
        placed.Order.FilledQuantity.ShouldBe(0.01m);
        placed.Order.AveragePrice.ShouldBe(50000m);
        var fill = placed.Fills.ShouldHaveSingleItem();
        fill.Price.ShouldBe(50000m);
        fill.Fee.ShouldBe(0.5m);
        fill.FeeAsset.ShouldBe("USDT");
        h.Server.SpotBalance("BTC").ShouldBe(1.01m);

        var trades = (await h.Adapter.GetTradesAsync(Btc)).Value;
        trades.ShouldHaveSingleItem().Side.ShouldBe(OrderSide.Buy);
        (await h.Adapter.GetTradesAsync(Btc, fromTradeId: long.Parse(trades[0].TradeId, System.Globalization.CultureInfo.InvariantCulture) + 1)).Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task Limit_order_rests_fills_partially_and_cancels_by_client_id()
    {
        await using var h = await RestHarness.StartAsync();
        var order = OrderRequest.Limit(Id("lim-1"), Btc, OrderSide.Buy, 0.1m, 40000m);
        (await h.Adapter.PlaceOrderAsync(order)).Value.Status.ShouldBe(ExecutionStatus.Accepted);
        (await h.Adapter.GetOpenOrdersAsync()).Value.ShouldHaveSingleItem().ClientOrderId.ShouldBe(Id("lim-1"));

        h.Server.FillOrder("lim-1", 0.04m, 40000m);
        var partial = (await h.Adapter.GetOrderAsync(Btc, Id("lim-1"))).Value;
        partial.Status.ShouldBe(ExecutionStatus.PartiallyFilled);
        partial.FilledQuantity.ShouldBe(0.04m);
        partial.RemainingQuantity.ShouldBe(0.06m);
        partial.Price.ShouldBe(40000m);

        var cancelled = (await h.Adapter.CancelOrderAsync(Btc, Id("lim-1"))).Value;
        cancelled.Status.ShouldBe(ExecutionStatus.Cancelled);
        cancelled.ClientOrderId.ShouldBe(Id("lim-1"));
        (await h.Adapter.GetOpenOrdersAsync(Btc)).Value.ShouldBeEmpty();
        (await h.Adapter.CancelOrderAsync(Btc, Id("lim-1"))).Error!.Kind.ShouldBe(ExchangeErrorKind.UnknownOrder);
        (await h.Adapter.GetOrderAsync(Btc, Id("nope"))).Error!.Kind.ShouldBe(ExchangeErrorKind.UnknownOrder);
    }

    [Theory]
    [InlineData(MarketType.Spot, -2010)]
    [InlineData(MarketType.LinearPerpetual, -4116)]
    public async Task Duplicate_client_order_id_is_reported(MarketType market, int code)
    {
        await using var h = await RestHarness.StartAsync(market);
        var order = OrderRequest.Limit(Id("dup-1"), Btc, OrderSide.Buy, 0.01m, 30000m);
        (await h.Adapter.PlaceOrderAsync(order)).Success.ShouldBeTrue();
        var again = await h.Adapter.PlaceOrderAsync(order);
        again.Error!.Kind.ShouldBe(ExchangeErrorKind.DuplicateClientOrderId);
        again.Error.Code.ShouldBe(code);
        h.Server.RestOrders.Count(o => string.Equals(o.ClientOrderId, "dup-1", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task Server_error_after_accept_is_outcome_unknown_and_the_order_exists_once()
    {
        await using var h = await RestHarness.StartAsync();
        h.Server.InjectFault("/api/v3/order", FakeFault.ServerErrorAfterAccept(), method: "POST");
        var result = await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("x5-1"), Btc, OrderSide.Buy, 0.001m));

        result.IsOutcomeUnknown.ShouldBeTrue();
        result.Error!.HttpStatus.ShouldBe(503);
        h.Server.PlacementCount("x5-1").ShouldBe(1);
        h.Server.RestOrders.Count(o => string.Equals(o.ClientOrderId, "x5-1", StringComparison.Ordinal)).ShouldBe(1);
        (await h.Adapter.GetOrderAsync(Btc, Id("x5-1"))).Value.Status.ShouldBe(ExecutionStatus.Filled);
    }

    [Fact]
    public async Task Backend_timeout_and_dropped_connection_after_accept_are_outcome_unknown()
    {
        await using var h = await RestHarness.StartAsync();
        h.Server.InjectFault("/api/v3/order", FakeFault.BackendTimeout(), method: "POST");
        var timeout = await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("t-1"), Btc, OrderSide.Buy, 0.001m));
        timeout.IsOutcomeUnknown.ShouldBeTrue();
        timeout.Error!.Code.ShouldBe(-1007);

        h.Server.InjectFault("/api/v3/order", FakeFault.DropConnectionAfterAccept(), method: "POST");
        var dropped = await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("d-1"), Btc, OrderSide.Buy, 0.001m));
        dropped.IsOutcomeUnknown.ShouldBeTrue();

        h.Server.InjectFault("/api/v3/order", FakeFault.DropConnectionAfterAccept(), method: "DELETE");
        (await h.Adapter.PlaceOrderAsync(OrderRequest.Limit(Id("d-2"), Btc, OrderSide.Buy, 0.001m, 30000m))).Success.ShouldBeTrue();
        (await h.Adapter.CancelOrderAsync(Btc, Id("d-2"))).IsOutcomeUnknown.ShouldBeTrue();

        new[] { "t-1", "d-1", "d-2" }.ShouldAllBe(id => h.Server.PlacementCount(id) == 1);
    }

    [Fact]
    public async Task Request_timeout_is_outcome_unknown_for_orders_and_service_unavailable_for_reads()
    {
        await using var h = await RestHarness.StartAsync(manualClock: true, configure: o => o.RequestTimeout = TimeSpan.FromSeconds(5));
        (await h.Adapter.GetBalancesAsync()).Success.ShouldBeTrue();

        h.Server.InjectFault("/api/v3/order", FakeFault.DelayAfterAccept(TimeSpan.FromSeconds(30)), method: "POST");
        var placing = h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("slow-1"), Btc, OrderSide.Buy, 0.001m));
        await RestHarness.WaitUntilAsync(() => h.Server.FindOrder("slow-1") is not null, "the order is accepted");
        h.Clock!.Advance(TimeSpan.FromSeconds(5));
        var placed = await placing;
        placed.IsOutcomeUnknown.ShouldBeTrue();
        h.Server.PlacementCount("slow-1").ShouldBe(1);

        h.Server.InjectFault("/api/v3/ticker/bookTicker", FakeFault.DelayAfterAccept(TimeSpan.FromSeconds(30)));
        var reading = h.Adapter.GetBookTickerAsync(Btc);
        await RestHarness.WaitUntilAsync(() => h.Server.RequestsTo("/api/v3/ticker/bookTicker") == 1, "the read arrives");
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        var read = await reading;
        read.Error!.Kind.ShouldBe(ExchangeErrorKind.ServiceUnavailable);
        read.Error.IsTransient.ShouldBeTrue();
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        await using var h = await RestHarness.StartAsync();
        h.Server.InjectFault("/api/v3/ticker/bookTicker", FakeFault.DelayAfterAccept(TimeSpan.FromSeconds(30)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Should.ThrowAsync<OperationCanceledException>(() => h.Adapter.GetBookTickerAsync(Btc, cts.Token));
    }

    [Fact]
    public async Task Connection_refused_is_a_network_error()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var h = await RestHarness.StartAsync(configure: o => o.RestAddress = new Uri($"http://127.0.0.1:{port}"));
        var order = await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("n-1"), Btc, OrderSide.Buy, 0.001m));
        order.Error!.Kind.ShouldBe(ExchangeErrorKind.Network);
        (await h.Adapter.GetBookTickerAsync(Btc)).Error!.Kind.ShouldBe(ExchangeErrorKind.Network);
    }

    [Fact]
    public async Task Exchange_rejections_map_to_typed_errors()
    {
        await using var h = await RestHarness.StartAsync();
        var lot = await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("f-1"), Btc, OrderSide.Buy, 0.000015m));
        lot.Error!.Kind.ShouldBe(ExchangeErrorKind.FilterFailure);
        lot.Error.Filter.ShouldBe("LOT_SIZE");

        var price = await h.Adapter.PlaceOrderAsync(OrderRequest.Limit(Id("f-2"), Btc, OrderSide.Buy, 0.001m, 40000.005m));
        price.Error!.Filter.ShouldBe("PRICE_FILTER");

        var funds = await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("f-3"), Btc, OrderSide.Buy, 5m));
        funds.Error!.Kind.ShouldBe(ExchangeErrorKind.InsufficientFunds);

        var symbol = await h.Adapter.GetBookTickerAsync(new TradingPair("FOO", "USDT"));
        symbol.Error!.Kind.ShouldBe(ExchangeErrorKind.UnknownSymbol);

        h.Server.InjectFault("/api/v3/order", FakeFault.BinanceError(429, -1015, "Too many new orders; current limit is 50 orders per 10 SECOND."), method: "POST");
        var orders = await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("f-4"), Btc, OrderSide.Buy, 0.001m));
        orders.Error!.Kind.ShouldBe(ExchangeErrorKind.RateLimited);
        orders.Error.Code.ShouldBe(-1015);
        (await h.Adapter.GetBookTickerAsync(Btc)).Success.ShouldBeTrue(); // The IP's weight is not paused by an order-count limit.

        var reduceOnSpot = await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("f-5"), Btc, OrderSide.Sell, 0.001m, reduceOnly: true));
        reduceOnSpot.Error!.Kind.ShouldBe(ExchangeErrorKind.InvalidRequest);
        h.Server.PlacementCount("f-5").ShouldBe(0);
    }

    [Fact]
    public async Task Malformed_responses_are_errors_and_the_adapter_keeps_working()
    {
        await using var h = await RestHarness.StartAsync();
        (await h.Adapter.PlaceOrderAsync(OrderRequest.Limit(Id("m-1"), Btc, OrderSide.Buy, 0.001m, 30000m))).Success.ShouldBeTrue();

        h.Server.InjectFault("/api/v3/ticker/bookTicker", FakeFault.MalformedJson());
        (await h.Adapter.GetBookTickerAsync(Btc)).Error!.Kind.ShouldBe(ExchangeErrorKind.MalformedResponse);
        h.Server.InjectFault("/api/v3/account", FakeFault.MissingField("balances"));
        (await h.Adapter.GetBalancesAsync()).Error!.Kind.ShouldBe(ExchangeErrorKind.MalformedResponse);
        h.Server.InjectFault("/api/v3/order", FakeFault.UnknownEnum("status", "SOMETHING_NEW"), method: "GET");
        var status = await h.Adapter.GetOrderAsync(Btc, Id("m-1"));
        status.Error!.Kind.ShouldBe(ExchangeErrorKind.MalformedResponse);
        status.Error.Message.ShouldContain("SOMETHING_NEW");
        h.Server.InjectFault("/api/v3/ticker/24hr", FakeFault.UnexpectedSymbol());
        (await h.Adapter.GetTicker24hAsync(Btc)).Error!.Kind.ShouldBe(ExchangeErrorKind.MalformedResponse);
        h.Server.InjectFault("/api/v3/klines", FakeFault.MalformedJson());
        (await h.Adapter.GetKlinesAsync(Btc, Timeframe.OneMinute, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1))).Error!.Kind.ShouldBe(ExchangeErrorKind.MalformedResponse);

        // An order response that cannot be read leaves the order's state unknown (it was accepted).
        h.Server.InjectFault("/api/v3/order", FakeFault.MissingField("status"), method: "POST");
        (await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("m-2"), Btc, OrderSide.Buy, 0.001m))).IsOutcomeUnknown.ShouldBeTrue();

        h.Logs.Messages.ShouldContain(m => m.Contains("Malformed Binance response", StringComparison.Ordinal));
        (await h.Adapter.GetBookTickerAsync(Btc)).Success.ShouldBeTrue();
        (await h.Adapter.GetOrderAsync(Btc, Id("m-1"))).Success.ShouldBeTrue();
    }

    [Fact]
    public async Task Unknown_symbols_in_list_responses_are_skipped_and_logged()
    {
        await using var h = await RestHarness.StartAsync();
        (await h.Adapter.PlaceOrderAsync(OrderRequest.Limit(Id("u-1"), Btc, OrderSide.Buy, 0.001m, 30000m))).Success.ShouldBeTrue();
        (await h.Adapter.PlaceOrderAsync(OrderRequest.Limit(Id("u-2"), Eth, OrderSide.Buy, 0.01m, 2000m))).Success.ShouldBeTrue();
        h.Server.InjectFault("/api/v3/openOrders", FakeFault.UnexpectedSymbol("NEWCOINUSDT"));
        var open = await h.Adapter.GetOpenOrdersAsync();
        open.Value.ShouldBeEmpty();
        h.Logs.Messages.ShouldContain(m => m.Contains("NEWCOINUSDT", StringComparison.Ordinal));
        (await h.Adapter.GetOpenOrdersAsync()).Value.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Klines_page_over_long_ranges_without_gaps_or_duplicates_and_only_closed_bars()
    {
        await using var h = await RestHarness.StartAsync(manualClock: true);
        var start = RestHarness.ManualStart.AddMinutes(-2600).AddSeconds(-30); // On a minute boundary.
        h.Server.SetKlines("BTCUSDT", "1m", FakeBinanceServer.GenerateKlines(start, TimeSpan.FromMinutes(1), 2601));

        // The last generated bar opened 0:30 ago: still forming, so it is not returned.
        var all = (await h.Adapter.GetKlinesAsync(Btc, Timeframe.OneMinute, start, RestHarness.ManualStart.AddHours(1))).Value;
        all.Count.ShouldBe(2600);
        all.Select(b => b.OpenTime).ShouldBe(Enumerable.Range(0, 2600).Select(i => start.AddMinutes(i)));
        all.ShouldAllBe(b => b.Pair == Btc && b.Timeframe == Timeframe.OneMinute);
        h.Server.RequestsTo("/api/v3/klines").ShouldBe(3);

        var part = (await h.Adapter.GetKlinesAsync(Btc, Timeframe.OneMinute, start.AddMinutes(500), start.AddMinutes(1700))).Value;
        part.Count.ShouldBe(1200);
        part[0].OpenTime.ShouldBe(start.AddMinutes(500));
        part[^1].OpenTime.ShouldBe(start.AddMinutes(1699));
        h.Server.RequestsTo("/api/v3/klines").ShouldBe(5);

        (await h.Adapter.GetKlinesAsync(Btc, new Timeframe(TimeSpan.FromMinutes(7)), start, start.AddHours(1))).Error!.Kind.ShouldBe(ExchangeErrorKind.InvalidRequest);
        Should.Throw<ArgumentException>(() => h.Adapter.GetKlinesAsync(Btc, Timeframe.OneMinute, start, start.AddMinutes(-1)));
    }

    [Fact]
    public async Task Futures_klines_use_pages_of_1500()
    {
        await using var h = await RestHarness.StartAsync(MarketType.LinearPerpetual, manualClock: true);
        var start = RestHarness.ManualStart.AddDays(-20).AddSeconds(-30);
        h.Server.SetKlines("BTCUSDT", "1h", FakeBinanceServer.GenerateKlines(start, TimeSpan.FromHours(1), 1600));
        var bars = (await h.Adapter.GetKlinesAsync(Btc, Timeframe.OneHour, start, start.AddHours(1600))).Value;
        bars.Count.ShouldBe(20 * 24);
        h.Server.RequestsTo("/fapi/v1/klines").ShouldBe(1);
    }

    [Fact]
    public async Task Tickers_come_back_for_the_pair()
    {
        await using var h = await RestHarness.StartAsync(MarketType.LinearPerpetual);
        var book = (await h.Adapter.GetBookTickerAsync(Btc)).Value;
        book.BidPrice.ShouldBe(49999.9m);
        book.AskPrice.ShouldBe(50000.1m);
        book.Pair.ShouldBe(Btc);
        (await h.Adapter.GetTicker24hAsync(Eth)).Value.LastPrice.ShouldBe(3000m);
    }

    [Fact]
    public async Task Futures_positions_leverage_and_margin_type()
    {
        await using var h = await RestHarness.StartAsync(MarketType.LinearPerpetual);
        (await h.Adapter.SetLeverageAsync(Btc, 10)).Value.ShouldBe(10);
        (await h.Adapter.SetMarginModeAsync(Btc, MarginMode.Isolated)).Value.ShouldBe(MarginMode.Isolated);
        (await h.Adapter.SetMarginModeAsync(Btc, MarginMode.Isolated)).Value.ShouldBe(MarginMode.Isolated); // -4046: already so.

        var sell = await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("fut-1"), Btc, OrderSide.Sell, 0.01m));
        sell.Value.Status.ShouldBe(ExecutionStatus.Filled);
        sell.Value.AveragePrice.ShouldBe(50000m);

        var position = (await h.Adapter.GetPositionsAsync()).Value.ShouldHaveSingleItem();
        position.Pair.ShouldBe(Btc);
        position.Side.ShouldBe(PositionSide.Short);
        position.Quantity.ShouldBe(0.01m);
        position.EntryPrice.ShouldBe(50000m);
        position.Leverage.ShouldBe(10);
        position.MarginMode.ShouldBe(MarginMode.Isolated);

        var reduce = await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("fut-2"), Btc, OrderSide.Buy, 0.01m, reduceOnly: true));
        reduce.Value.ReduceOnly.ShouldBeTrue();
        (await h.Adapter.GetPositionsAsync()).Value.ShouldBeEmpty();
        (await h.Adapter.GetTradesAsync(Btc)).Value.Count.ShouldBe(2);
        (await h.Adapter.GetBalancesAsync()).Value.ShouldHaveSingleItem().Asset.ShouldBe("USDT");

        var margin = await h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id("fut-3"), Btc, OrderSide.Buy, 100m));
        margin.Error!.Kind.ShouldBe(ExchangeErrorKind.InsufficientFunds);
    }

    [Fact]
    public async Task Stop_orders_use_each_markets_order_types()
    {
        await using var spot = await RestHarness.StartAsync();
        (await spot.Adapter.PlaceOrderAsync(new OrderRequest(Id("s-1"), Btc, OrderSide.Sell, OrderType.StopMarket, 0.001m, stopPrice: 45000m))).Value.Type.ShouldBe(OrderType.StopMarket);
        (await spot.Adapter.PlaceOrderAsync(new OrderRequest(Id("s-2"), Btc, OrderSide.Sell, OrderType.StopLimit, 0.001m, 44900m, 45000m, TimeInForce.FillOrKill))).Value.TimeInForce.ShouldBe(TimeInForce.FillOrKill);
        spot.Server.FindOrder("s-1")!.Type.ShouldBe("STOP_LOSS");
        spot.Server.FindOrder("s-2")!.Type.ShouldBe("STOP_LOSS_LIMIT");
        spot.Server.FindOrder("s-2")!.StopPrice.ShouldBe(45000m);

        await using var futures = await RestHarness.StartAsync(MarketType.LinearPerpetual);
        (await futures.Adapter.PlaceOrderAsync(new OrderRequest(Id("s-3"), Btc, OrderSide.Sell, OrderType.StopMarket, 0.001m, stopPrice: 45000m))).Success.ShouldBeTrue();
        (await futures.Adapter.PlaceOrderAsync(new OrderRequest(Id("s-4"), Btc, OrderSide.Sell, OrderType.StopLimit, 0.001m, 44900m, 45000m, TimeInForce.ImmediateOrCancel))).Success.ShouldBeTrue();
        futures.Server.FindOrder("s-3")!.Type.ShouldBe("STOP_MARKET");
        futures.Server.FindOrder("s-4")!.Type.ShouldBe("STOP");
        futures.Server.FindOrder("s-4")!.TimeInForce.ShouldBe("IOC");
    }

    [Fact]
    public async Task Spot_has_no_positions()
    {
        await using var h = await RestHarness.StartAsync();
        (await h.Adapter.GetPositionsAsync()).Error!.Kind.ShouldBe(ExchangeErrorKind.NotSupported);
        (await h.Adapter.SetLeverageAsync(Btc, 5)).Error!.Kind.ShouldBe(ExchangeErrorKind.NotSupported);
        (await h.Adapter.SetMarginModeAsync(Btc, MarginMode.Cross)).Error!.Kind.ShouldBe(ExchangeErrorKind.NotSupported);
        h.Server.RestRequestCount.ShouldBe(0);
    }

    [Fact]
    public async Task New_orders_wait_for_the_next_order_count_window_instead_of_exceeding_it()
    {
        await using var h = await RestHarness.StartAsync(manualClock: true, configure: o =>
        {
            o.OrdersPerWindow = 5;
            o.WeightBudgetShare = 1;
        });
        h.Server.OrderCountLimit = 5;
        h.Server.SetLastPrice("BTCUSDT", 40_000m);
        h.Server.SetSpotBalance("USDT", 1_000_000m);
        (await h.Adapter.GetInstrumentsAsync()).Success.ShouldBeTrue();

        var placements = Enumerable.Range(0, 12)
            .Select(i => h.Adapter.PlaceOrderAsync(OrderRequest.Market(Id($"oc-{i}"), Btc, OrderSide.Buy, 0.001m)))
            .ToList();
        for (var window = 1; window <= 3; window++)
        {
            var expected = Math.Min(12, window * 5);
            await RestHarness.WaitUntilAsync(() => placements.Count(p => p.IsCompleted) >= expected, $"{expected} orders are placed");
            await Task.Delay(50);
            placements.Count(p => p.IsCompleted).ShouldBe(expected, "the rest wait for the next window");
            h.Clock!.Advance(TimeSpan.FromSeconds(10));
        }

        var results = await Task.WhenAll(placements);
        results.ShouldAllBe(r => r.Success);
        h.Server.OrderCountExceeded.ShouldBe(0);
        h.Server.MaxOrdersInWindow.ShouldBe(5);
    }

    [Fact]
    public void Di_registers_one_adapter_for_every_capability_and_validates_options()
    {
        var services = new ServiceCollection();
        services.AddMultiPairTrading().UseBinance(o => o.RestAddress = new Uri("http://127.0.0.1:1"));
        using var provider = services.BuildServiceProvider();
        var adapter = provider.GetRequiredService<BinanceAdapter>();
        provider.GetRequiredService<IInstrumentApi>().ShouldBeSameAs(adapter);
        provider.GetRequiredService<IKlineApi>().ShouldBeSameAs(adapter);
        provider.GetRequiredService<ITickerApi>().ShouldBeSameAs(adapter);
        provider.GetRequiredService<IOrderApi>().ShouldBeSameAs(adapter);
        provider.GetRequiredService<IAccountApi>().ShouldBeSameAs(adapter);
        provider.GetRequiredService<IPositionApi>().ShouldBeSameAs(adapter);
        provider.GetRequiredService<IMarketStreamApi>().ShouldBeOfType<MultiPair.Sdk.Exchanges.Binance.Streams.BinanceMarketStreams>();
        provider.GetRequiredService<IUserDataStreamApi>().ShouldBeOfType<MultiPair.Sdk.Exchanges.Binance.Streams.BinanceUserDataStream>();

        var bad = new ServiceCollection();
        bad.AddMultiPairTrading().UseBinance(o =>
        {
            o.ReceiveWindow = TimeSpan.Zero;
            o.WeightBudgetShare = 2;
        });
        using var badProvider = bad.BuildServiceProvider();
        var ex = Should.Throw<OptionsValidationException>(() => badProvider.GetRequiredService<BinanceAdapter>());
        ex.Failures.Count().ShouldBe(2);
        ex.Message.ShouldContain("ReceiveWindow");
        ex.Message.ShouldContain("WeightBudgetShare");
    }
}
