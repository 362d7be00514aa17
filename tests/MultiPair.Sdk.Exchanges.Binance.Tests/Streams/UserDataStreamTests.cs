using System.Collections.Concurrent;
using MultiPair.Sdk.Exchanges.Binance.Streams;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Streams;

public sealed class UserDataStreamTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Spot_subscribes_through_the_websocket_api_and_maps_new_trade_and_cancel()
    {
        var clock = new ManualTimeProvider(T0);
        await using var server = await FakeBinanceServer.StartAsync(clock);
        using var http = new HttpClient();
        var updates = new ConcurrentQueue<OrderUpdate>();
        var result = await new BinanceUserDataStream(MarketStreamTests.Fast(server.Options()), http, timeProvider: clock).SubscribeToOrderUpdatesAsync(updates.Enqueue);
        await using var subscription = result.Value;
        server.WebSocketApiConnections.ShouldHaveSingleItem().SubscriptionId.ShouldNotBeNull();

        var order = Order(futures: false);
        server.PushOrderChange(order, null);
        server.PushOrderChange(order with { Status = "PARTIALLY_FILLED", ExecutionType = "TRADE", ExecutedQuantity = 0.4m, CumulativeQuoteQuantity = 40m }, Trade(77, 0.4m, 100m));
        server.PushOrderChange(order with { Status = "CANCELED", ExecutionType = "CANCELED", ExecutedQuantity = 0.4m, CumulativeQuoteQuantity = 40m }, null);
        await Eventually.True(() => updates.Count == 3, "three updates");

        var list = updates.ToList();
        list[0].Order.Status.ShouldBe(ExecutionStatus.Accepted);
        list[0].Order.Pair.ShouldBe(new TradingPair("BTC", "USDT"));
        list[0].Order.ClientOrderId.ShouldBe(new ClientOrderId("mp-1"));
        list[0].Trade.ShouldBeNull();

        list[1].Order.Status.ShouldBe(ExecutionStatus.PartiallyFilled);
        list[1].Order.FilledQuantity.ShouldBe(0.4m);
        list[1].Order.AveragePrice.ShouldBe(100m);
        var trade = list[1].Trade.ShouldNotBeNull();
        trade.TradeId.ShouldBe("77");
        trade.ExchangeOrderId.ShouldBe("42");
        trade.ClientOrderId.ShouldBe(new ClientOrderId("mp-1"));
        trade.Quantity.ShouldBe(0.4m);
        trade.Price.ShouldBe(100m);
        trade.Fee.ShouldBe(0.04m);
        trade.FeeAsset.ShouldBe("USDT");
        trade.IsMaker.ShouldBeTrue();
        trade.Time.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500));

        // A cancel's "c" is the cancel request's id; the order's own id is in "C".
        list[2].Order.Status.ShouldBe(ExecutionStatus.Cancelled);
        list[2].Order.ClientOrderId.ShouldBe(new ClientOrderId("mp-1"));
    }

    [Fact]
    public async Task Spot_reconnect_resubscribes_and_reports_the_gap()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        using var http = new HttpClient();
        var updates = new ConcurrentQueue<OrderUpdate>();
        var result = await new BinanceUserDataStream(MarketStreamTests.Fast(server.Options()), http).SubscribeToOrderUpdatesAsync(updates.Enqueue);
        await using var subscription = result.Value;
        var statuses = new Recorder<StreamStatus>();
        using var _ = subscription.StatusChanges.Subscribe(statuses);

        server.DropAllConnections();
        await Eventually.True(() => statuses.Items.Contains(StreamStatus.Restored), "restored");
        await Eventually.True(() => server.WebSocketApiConnections.Count == 1 && server.WebSocketApiConnections[0].SubscriptionId is not null, "subscribed again");
        server.WebSocketApiSubscribeRequests.ShouldBe(2);
        statuses.Items.ShouldBe([StreamStatus.Interrupted, StreamStatus.Restored]);

        server.PushOrderChange(Order(futures: false), null);
        await Eventually.True(() => updates.Count == 1, "an update after the reconnect");
    }

    [Fact]
    public async Task Spot_refused_signature_is_unauthorized()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        using var http = new HttpClient();
        var options = MarketStreamTests.Fast(server.Options());
        options.ApiSecret = "not-the-secret";

        var result = await new BinanceUserDataStream(options, http).SubscribeToOrderUpdatesAsync(static _ => { });

        result.Error.ShouldNotBeNull().Kind.ShouldBe(ExchangeErrorKind.Unauthorized);
        result.Error.Code.ShouldBe(-1022);
    }

    [Theory]
    [InlineData(MarketType.Spot)]
    [InlineData(MarketType.LinearPerpetual)]
    public async Task Without_credentials_nothing_is_sent(MarketType market)
    {
        await using var server = await FakeBinanceServer.StartAsync();
        using var http = new HttpClient();

        var result = await new BinanceUserDataStream(server.Options(market, credentials: false), http).SubscribeToOrderUpdatesAsync(static _ => { });

        result.Error.ShouldNotBeNull().Kind.ShouldBe(ExchangeErrorKind.Unauthorized);
        server.WebSocketApiSubscribeRequests.ShouldBe(0);
        server.ListenKeyCreates.ShouldBe(0);
        server.WebSocketApiConnections.ShouldBeEmpty();
    }

    [Fact]
    public async Task Futures_creates_keeps_alive_and_recreates_the_listen_key_on_minus_1125()
    {
        var clock = new ManualTimeProvider(T0);
        await using var server = await FakeBinanceServer.StartAsync(clock);
        using var http = new HttpClient();
        var updates = new ConcurrentQueue<OrderUpdate>();
        var result = await new BinanceUserDataStream(MarketStreamTests.Fast(server.Options(MarketType.LinearPerpetual)), http, timeProvider: clock).SubscribeToOrderUpdatesAsync(updates.Enqueue);
        await using var subscription = result.Value;
        var statuses = new Recorder<StreamStatus>();
        using var _ = subscription.StatusChanges.Subscribe(statuses);
        server.ListenKeyCreates.ShouldBe(1);
        var firstKey = server.CurrentListenKey.ShouldNotBeNull();
        await Eventually.True(() => server.UserDataConnections.Count == 1, "connected");
        server.UserDataConnections[0].ListenKey.ShouldBe(firstKey);
        server.UserDataConnections[0].Path.ShouldBe("/private/ws");

        clock.Advance(TimeSpan.FromMinutes(30));
        await Eventually.True(() => server.ListenKeyKeepAlives == 1, "kept alive");

        server.ExpireListenKey(notify: false);
        clock.Advance(TimeSpan.FromMinutes(30));
        await Eventually.True(() => statuses.Items.Contains(StreamStatus.Restored), "restored with a new listenKey");
        server.ListenKeyCreates.ShouldBe(2);
        string.Equals(server.CurrentListenKey, firstKey, StringComparison.Ordinal).ShouldBeFalse();
        await Eventually.True(() => server.UserDataConnections.Count == 1 && string.Equals(server.UserDataConnections[0].ListenKey, server.CurrentListenKey, StringComparison.Ordinal), "on the new key");
        statuses.Items.ShouldBe([StreamStatus.Interrupted, StreamStatus.Restored]);

        var order = Order(futures: true) with { Status = "FILLED", ExecutionType = "TRADE", ExecutedQuantity = 1m, CumulativeQuoteQuantity = 100m, ReduceOnly = true };
        server.PushOrderChange(order, Trade(9, 1m, 100m) with { RealizedPnl = 1.5m });
        await Eventually.True(() => updates.Count == 1, "an update on the new key");
        var update = updates.Single();
        update.Order.Status.ShouldBe(ExecutionStatus.Filled);
        update.Order.AveragePrice.ShouldBe(100m);
        update.Order.ReduceOnly.ShouldBeTrue();
        update.Trade.ShouldNotBeNull().RealizedPnl.ShouldBe(1.5m);
        update.Trade.TradeId.ShouldBe("9");
    }

    [Fact]
    public async Task Futures_listen_key_expired_event_recreates_the_key_and_reconnects()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        using var http = new HttpClient();
        var updates = new ConcurrentQueue<OrderUpdate>();
        var result = await new BinanceUserDataStream(MarketStreamTests.Fast(server.Options(MarketType.LinearPerpetual)), http).SubscribeToOrderUpdatesAsync(updates.Enqueue);
        await using var subscription = result.Value;
        var statuses = new Recorder<StreamStatus>();
        using var _ = subscription.StatusChanges.Subscribe(statuses);
        await Eventually.True(() => server.UserDataConnections.Count == 1, "connected");

        server.ExpireListenKey(notify: true);
        await Eventually.True(() => statuses.Items.Contains(StreamStatus.Restored), "restored");
        await Eventually.True(() => server.UserDataConnections.Count == 1 && string.Equals(server.UserDataConnections[0].ListenKey, server.CurrentListenKey, StringComparison.Ordinal), "on the new key");
        server.ListenKeyCreates.ShouldBe(2);

        server.PushOrderChange(Order(futures: true), null);
        await Eventually.True(() => updates.Count == 1, "an update on the new key");
        updates.Single().Order.Pair.ShouldBe(new TradingPair("BTC", "USDT"));
    }

    [Fact]
    public async Task Futures_dispose_deletes_the_listen_key()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        using var http = new HttpClient();
        var result = await new BinanceUserDataStream(MarketStreamTests.Fast(server.Options(MarketType.LinearPerpetual)), http).SubscribeToOrderUpdatesAsync(static _ => { });

        await result.Value.DisposeAsync();

        server.ListenKeyDeletes.ShouldBe(1);
        result.Value.Status.ShouldBe(StreamStatus.Closed);
    }

    private static FakeOrder Order(bool futures) => new()
    {
        Futures = futures,
        Symbol = "BTCUSDT",
        OrderId = 42,
        ClientOrderId = "mp-1",
        Side = "BUY",
        Type = "LIMIT",
        Status = "NEW",
        Quantity = 1m,
        Price = 100m,
        CreateTime = 1_700_000_000_000,
        UpdateTime = 1_700_000_000_000,
    };

    private static FakeTrade Trade(long id, decimal quantity, decimal price) => new()
    {
        Symbol = "BTCUSDT",
        TradeId = id,
        OrderId = 42,
        Price = price,
        Quantity = quantity,
        Commission = 0.04m,
        CommissionAsset = "USDT",
        IsMaker = true,
        Time = 1_700_000_000_500,
    };
}
