using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Fake;

/// <summary>
/// A loopback server speaking Binance's REST and WebSocket formats (spot <c>/api/v3</c> and USDⓈ-M <c>/fapi</c> on one host),
/// verifying signatures and timestamps, keeping accepted orders by client id and injecting faults on command.
/// The REST side lives in <c>FakeBinanceServer.Rest.cs</c>, the WebSocket side (market streams, user data, listenKey) in
/// <c>FakeBinanceServer.Streams.cs</c>; they meet at <see cref="OnOrderChanged"/>.
/// </summary>
public sealed partial class FakeBinanceServer : IAsyncDisposable
{
    public const string ApiKey = "fake-api-key-0123456789";
    public const string ApiSecret = "fake-api-secret-abcdefghijklmnopqrstuvwxyz";

    private readonly WebApplication _app;

    private FakeBinanceServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        Time = time;
    }

    /// <summary>Gets the server's clock (what it reports as server time and checks timestamps against).</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets the base address for REST requests (<c>http://127.0.0.1:port</c>).</summary>
    public Uri RestAddress { get; private set; } = null!;

    /// <summary>Gets the base address for WebSocket connections (<c>ws://127.0.0.1:port</c>).</summary>
    public Uri StreamAddress { get; private set; } = null!;

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeBinanceServer> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        var server = new FakeBinanceServer(app, time ?? TimeProvider.System);
        server.MapRest(app);
        server.MapStreams(app);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.RestAddress = new Uri(address);
        server.StreamAddress = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Options for binding the adapter to this server.</summary>
    public BinanceOptions Options(Markets.MarketType market = Markets.MarketType.Spot, bool credentials = true) => new()
    {
        Market = market,
        RestAddress = RestAddress,
        StreamAddress = StreamAddress,
        WebSocketApiAddress = new Uri(StreamAddress, "/ws-api/v3"),
        ApiKey = credentials ? ApiKey : null,
        ApiSecret = credentials ? ApiSecret : null,
    };

    /// <summary>Pushes an order change to the user data streams, as the order book does when an order changes.</summary>
    public void PushOrderChange(FakeOrder order, FakeTrade? trade) => OnOrderChanged(order, trade);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Maps the REST endpoints (implemented in FakeBinanceServer.Rest.cs).</summary>
    partial void MapRest(WebApplication app);

    /// <summary>Maps the WebSocket endpoints and the listenKey REST endpoints (implemented in FakeBinanceServer.Streams.cs).</summary>
    partial void MapStreams(WebApplication app);

    /// <summary>Called by the REST order book whenever an order is accepted, trades, is cancelled or expires; the stream side pushes executionReport / ORDER_TRADE_UPDATE to user data subscribers.</summary>
    partial void OnOrderChanged(FakeOrder order, FakeTrade? trade);
}
