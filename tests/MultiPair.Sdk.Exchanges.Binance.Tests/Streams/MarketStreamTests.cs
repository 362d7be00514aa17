using System.Collections.Concurrent;
using MultiPair.Sdk.Exchanges.Binance.Streams;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Streams;

public sealed class MarketStreamTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");

    [Fact]
    public async Task Many_pairs_share_a_connection_up_to_the_limit_and_open_more_beyond()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        var options = Fast(server.Options());
        options.MaxStreamsPerConnection = 3;
        var pairs = new[] { "BTC", "ETH", "BNB", "SOL", "XRP", "ADA", "DOT" }.Select(static b => new TradingPair(b, "USDT")).ToArray();
        var bars = new ConcurrentQueue<Bar>();
        var result = await new BinanceMarketStreams(options).SubscribeToClosedBarsAsync(pairs, Timeframe.OneHour, bars.Enqueue);
        await using var subscription = (BinanceMarketSubscription)result.Value;

        subscription.ConnectionCount.ShouldBe(3);
        await Eventually.True(() => server.MarketConnections.Count == 3, "three connections");
        server.MarketConnections.Select(static c => c.Streams.Count).ShouldBe([3, 3, 1]);
        server.MarketConnections.ShouldAllBe(static c => c.Path == "/stream");
        server.MarketConnections.SelectMany(static c => c.Streams).Order(StringComparer.Ordinal).ShouldBe(pairs.Select(static p => p.Format(PairFormat.LowerConcatenated) + "@kline_1h").Order(StringComparer.Ordinal));

        foreach (var pair in pairs)
        {
            server.PublishKline(pair.Format(PairFormat.Concatenated), "1h", T0, 10, 12, 9, 11);
        }

        await Eventually.True(() => bars.Count == 7, "a bar per pair");
        bars.Select(static b => b.Pair.ToString()).Order(StringComparer.Ordinal).ShouldBe(pairs.Select(static p => p.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_closed_klines_become_bars()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        var bars = new ConcurrentQueue<Bar>();
        var result = await new BinanceMarketStreams(Fast(server.Options())).SubscribeToClosedBarsAsync([Btc], Timeframe.OneMinute, bars.Enqueue);
        await using var subscription = (BinanceMarketSubscription)result.Value;
        await Eventually.True(() => server.MarketConnections.Count == 1, "connected"); // the server registers the socket after the client's handshake ends

        server.PublishKline("BTCUSDT", "1m", T0, 100, 101, 99, 100.5m, closed: false);
        server.PublishKline("BTCUSDT", "1m", T0, 100, 102, 98, 101.5m, volume: 7, closed: true);
        server.PublishKline("BTCUSDT", "1m", T0.AddMinutes(1), 101.5m, 103, 101, 102, closed: false);
        await Eventually.True(() => subscription.GetLastReceived(Btc) is not null && bars.Count == 1, "one closed bar");
        await Task.Delay(50);

        bars.ShouldHaveSingleItem().ShouldBe(new Bar(Btc, Timeframe.OneMinute, T0, 100, 102, 98, 101.5, 7));
    }

    [Fact]
    public async Task A_dropped_socket_is_reconnected_and_resubscribed_without_duplicate_or_older_bars()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        server.ReplayKlinesOnConnect = 3;
        var bars = new ConcurrentQueue<Bar>();
        var result = await new BinanceMarketStreams(Fast(server.Options())).SubscribeToClosedBarsAsync([Btc, Eth], Timeframe.OneMinute, bars.Enqueue);
        await using var subscription = (BinanceMarketSubscription)result.Value;
        var statuses = new Recorder<StreamStatus>();
        using var _ = subscription.StatusChanges.Subscribe(statuses);

        server.PublishKline("BTCUSDT", "1m", T0, 10, 12, 9, 11);
        server.PublishKline("BTCUSDT", "1m", T0.AddMinutes(1), 10, 12, 9, 11);
        server.PublishKline("ETHUSDT", "1m", T0, 10, 12, 9, 11);
        await Eventually.True(() => bars.Count == 3, "three bars");

        server.DropAllConnections();
        await Eventually.True(() => statuses.Items.Contains(StreamStatus.Restored), "restored");
        await Eventually.True(() => server.MarketConnections.Count == 1, "one connection again");
        server.MarketConnections[0].Streams.Order(StringComparer.Ordinal).ShouldBe(["btcusdt@kline_1m", "ethusdt@kline_1m"]);

        // The server replayed the last klines on connect; now it also repeats and reorders.
        server.PublishKline("BTCUSDT", "1m", T0.AddMinutes(1), 10, 12, 9, 11);
        server.PublishKline("BTCUSDT", "1m", T0, 10, 12, 9, 11);
        server.PublishKline("BTCUSDT", "1m", T0.AddMinutes(2), 10, 12, 9, 11);
        server.PublishKline("ETHUSDT", "1m", T0.AddMinutes(1), 10, 12, 9, 11);
        await Eventually.True(() => bars.Count == 5, "five bars");
        await Task.Delay(50);

        bars.Where(static b => b.Pair == Btc).Select(static b => b.OpenTime).ShouldBe([T0, T0.AddMinutes(1), T0.AddMinutes(2)]);
        bars.Where(static b => b.Pair == Eth).Select(static b => b.OpenTime).ShouldBe([T0, T0.AddMinutes(1)]);
        subscription.DuplicateBars.ShouldBeGreaterThanOrEqualTo(4);
        statuses.Items.ShouldBe([StreamStatus.Interrupted, StreamStatus.Restored]);
        subscription.Status.ShouldBe(StreamStatus.Restored);
        server.MarketConnectionsAccepted.ShouldBe(2);
    }

    [Fact]
    public async Task Server_shutdown_replaces_the_connection_without_a_gap()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        var bars = new ConcurrentQueue<Bar>();
        var result = await new BinanceMarketStreams(Fast(server.Options())).SubscribeToClosedBarsAsync([Btc], Timeframe.OneMinute, bars.Enqueue);
        await using var subscription = (BinanceMarketSubscription)result.Value;
        var statuses = new Recorder<StreamStatus>();
        using var _ = subscription.StatusChanges.Subscribe(statuses);
        await Eventually.True(() => server.MarketConnections.Count == 1, "connected");
        var first = server.MarketConnections[0].Id;

        server.SendServerShutdown();
        await Eventually.True(() => server.MarketConnectionsAccepted == 2 && server.MarketConnections.Count == 1 && server.MarketConnections[0].Id != first, "the new connection replaced the old one");

        server.PublishKline("BTCUSDT", "1m", T0, 10, 12, 9, 11);
        await Eventually.True(() => bars.Count == 1, "a bar on the new connection");
        statuses.Items.ShouldBeEmpty();
        subscription.Status.ShouldBe(StreamStatus.Connected);
    }

    [Fact]
    public async Task The_connection_is_replaced_before_the_24_hour_cut_off()
    {
        var clock = new ManualTimeProvider(T0);
        await using var server = await FakeBinanceServer.StartAsync(clock);
        var options = Fast(server.Options());
        options.StreamIdleTimeout = TimeSpan.Zero;
        var result = await new BinanceMarketStreams(options, clock).SubscribeToBookTickersAsync([Btc], static _ => { });
        await using var subscription = (BinanceMarketSubscription)result.Value;
        var statuses = new Recorder<StreamStatus>();
        using var _ = subscription.StatusChanges.Subscribe(statuses);

        clock.Advance(TimeSpan.FromHours(23.5) - TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        server.MarketConnectionsAccepted.ShouldBe(1);

        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => server.MarketConnectionsAccepted == 2 && server.MarketConnections.Count == 1, "replaced at 23.5 h");
        statuses.Items.ShouldBeEmpty();

        clock.Advance(TimeSpan.FromHours(23.5));
        await Eventually.True(() => server.MarketConnectionsAccepted == 3 && server.MarketConnections.Count == 1, "replaced again 23.5 h later");
    }

    [Fact]
    public async Task A_silent_connection_is_replaced_after_the_idle_timeout()
    {
        var clock = new ManualTimeProvider(T0);
        await using var server = await FakeBinanceServer.StartAsync(clock);
        var options = Fast(server.Options());
        options.StreamIdleTimeout = TimeSpan.FromSeconds(10);
        var result = await new BinanceMarketStreams(options, clock).SubscribeToBookTickersAsync([Btc], static _ => { });
        await using var subscription = (BinanceMarketSubscription)result.Value;
        var statuses = new Recorder<StreamStatus>();
        using var _ = subscription.StatusChanges.Subscribe(statuses);

        clock.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        statuses.Items.ShouldBeEmpty();

        clock.Advance(TimeSpan.FromSeconds(6));
        await Eventually.True(() => statuses.Items.Contains(StreamStatus.Restored), "reconnected", () => clock.Advance(TimeSpan.FromMilliseconds(100)));
        statuses.Items.ShouldBe([StreamStatus.Interrupted, StreamStatus.Restored]);
        server.MarketConnectionsAccepted.ShouldBe(2);
    }

    [Fact]
    public async Task Staleness_is_tracked_per_pair()
    {
        var clock = new ManualTimeProvider(T0);
        await using var server = await FakeBinanceServer.StartAsync(clock);
        var options = Fast(server.Options());
        options.StreamIdleTimeout = TimeSpan.Zero;
        var tickers = new ConcurrentQueue<BookTicker>();
        var result = await new BinanceMarketStreams(options, clock).SubscribeToBookTickersAsync([Btc, Eth], tickers.Enqueue);
        await using var subscription = (BinanceMarketSubscription)result.Value;
        await Eventually.True(() => server.MarketConnections.Count == 1, "connected");

        subscription.GetStalePairs(TimeSpan.FromSeconds(20)).ShouldBeEmpty();
        clock.Advance(TimeSpan.FromSeconds(30));
        server.PublishBookTicker("BTCUSDT", 100, 1, 101, 2);
        await Eventually.True(() => tickers.Count == 1, "a ticker");

        tickers.ShouldHaveSingleItem().ShouldBe(new BookTicker(Btc, 100, 1, 101, 2, T0.AddSeconds(30)));
        subscription.GetLastReceived(Btc).ShouldBe(T0.AddSeconds(30));
        subscription.GetLastReceived(Eth).ShouldBeNull();
        subscription.GetStalePairs(TimeSpan.FromSeconds(20)).ShouldBe([Eth]);
    }

    [Fact]
    public async Task Bad_payloads_are_dropped_and_counted_and_the_stream_goes_on()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        var bars = new ConcurrentQueue<Bar>();
        var result = await new BinanceMarketStreams(Fast(server.Options())).SubscribeToClosedBarsAsync([Btc], Timeframe.OneMinute, bars.Enqueue);
        await using var subscription = (BinanceMarketSubscription)result.Value;
        await Eventually.True(() => server.MarketConnections.Count == 1, "connected");

        server.SendToMarketConnections("this is not json {");
        server.Publish("btcusdt@kline_1m", """{"e":"kline","s":"BTCUSDT"}""");
        server.PublishKline("DOGEUSDT", "1m", T0, 10, 12, 9, 11);
        server.SendToMarketConnections(StreamPayloadTests.KlineMessage(Btc, T0, closed: true).Replace("\"h\":\"12\"", "\"h\":\"1\"", StringComparison.Ordinal));
        server.SendToMarketConnections("[1,2,3]");
        server.PublishKline("BTCUSDT", "1m", T0, 10, 12, 9, 11);

        await Eventually.True(() => bars.Count == 1, "the good bar");
        subscription.DroppedMessages.ShouldBe(4);
        subscription.Status.ShouldBe(StreamStatus.Connected);
    }

    [Fact]
    public async Task Futures_streams_use_the_routed_paths()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        var streams = new BinanceMarketStreams(Fast(server.Options(MarketType.LinearPerpetual)));
        var tickers = new ConcurrentQueue<BookTicker>();
        var bars = new ConcurrentQueue<Bar>();
        await using var klines = (await streams.SubscribeToClosedBarsAsync([Btc], Timeframe.FiveMinutes, bars.Enqueue)).Value;
        await using var books = (await streams.SubscribeToBookTickersAsync([Btc], tickers.Enqueue)).Value;
        await Eventually.True(() => server.MarketConnections.Count == 2, "two connections");

        server.MarketConnections.Select(static c => c.Path).Order(StringComparer.Ordinal).ShouldBe(["/market/stream", "/public/stream"]);
        server.PublishKline("BTCUSDT", "5m", T0, 10, 12, 9, 11);
        server.PublishBookTicker("BTCUSDT", 10, 1, 11, 1);
        await Eventually.True(() => bars.Count == 1 && tickers.Count == 1, "a bar and a ticker");
    }

    [Fact]
    public async Task Dispose_closes_the_subscription_and_its_connections()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        var result = await new BinanceMarketStreams(Fast(server.Options())).SubscribeToBookTickersAsync([Btc], static _ => { });
        var statuses = new Recorder<StreamStatus>();
        using var _ = result.Value.StatusChanges.Subscribe(statuses);
        await Eventually.True(() => server.MarketConnections.Count == 1, "connected");

        await result.Value.DisposeAsync();

        result.Value.Status.ShouldBe(StreamStatus.Closed);
        statuses.Items.ShouldBe([StreamStatus.Closed]);
        statuses.Completed.ShouldBeTrue();
        await Eventually.True(() => server.MarketConnections.Count == 0, "the server saw the close");
    }

    [Fact]
    public async Task Unsupported_requests_fail_as_values()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        var futures = new BinanceMarketStreams(Fast(server.Options(MarketType.LinearPerpetual)));
        (await futures.SubscribeToClosedBarsAsync([Btc], Timeframe.Parse("1s"), static _ => { })).Error!.Kind.ShouldBe(ExchangeErrorKind.NotSupported);
        (await futures.SubscribeToBookTickersAsync([], static _ => { })).Error!.Kind.ShouldBe(ExchangeErrorKind.InvalidRequest);

        var options = server.Options();
        options.StreamAddress = new Uri("ws://127.0.0.1:1");
        (await new BinanceMarketStreams(options).SubscribeToBookTickersAsync([Btc], static _ => { })).Error!.Kind.ShouldBe(ExchangeErrorKind.Network);
    }

    internal static BinanceOptions Fast(BinanceOptions options)
    {
        options.ReconnectDelay = TimeSpan.FromMilliseconds(20);
        options.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        options.RequestTimeout = TimeSpan.FromSeconds(5);
        return options;
    }
}
