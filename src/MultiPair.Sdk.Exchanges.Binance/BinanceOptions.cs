using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance;

/// <summary>Settings of the Binance adapter: market, endpoints, credentials and limits. Bind from configuration or set in <c>UseBinance(o =&gt; ...)</c>.</summary>
/// <remarks>Every address can point at production, the public testnets (<see cref="UseTestnet"/>) or a local server. Credentials are needed only by private endpoints and are never logged.</remarks>
public sealed class BinanceOptions
{
    /// <summary>Production spot REST address.</summary>
    public static readonly Uri SpotRestProduction = new("https://api.binance.com");

    /// <summary>Production spot market-stream address.</summary>
    public static readonly Uri SpotStreamProduction = new("wss://stream.binance.com:9443");

    /// <summary>Production spot WebSocket API address (user data subscriptions).</summary>
    public static readonly Uri SpotWebSocketApiProduction = new("wss://ws-api.binance.com:443/ws-api/v3");

    /// <summary>Production USDⓈ-M futures REST address.</summary>
    public static readonly Uri FuturesRestProduction = new("https://fapi.binance.com");

    /// <summary>Production USDⓈ-M futures stream address (routed paths <c>/public</c>, <c>/market</c>, <c>/private</c> are appended).</summary>
    public static readonly Uri FuturesStreamProduction = new("wss://fstream.binance.com");

    /// <summary>Gets or sets the market: <see cref="MarketType.Spot"/> (<c>/api/v3</c>) or <see cref="MarketType.LinearPerpetual"/> (USDⓈ-M futures, <c>/fapi</c>). Default spot.</summary>
    public MarketType Market { get; set; } = MarketType.Spot;

    /// <summary>Gets or sets the API key (header <c>X-MBX-APIKEY</c>). Needed only for private endpoints.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the API secret used to sign requests (HMAC-SHA256). Needed only for private endpoints; never logged.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>Gets or sets the REST base address; null uses the production address of <see cref="Market"/>.</summary>
    public Uri? RestAddress { get; set; }

    /// <summary>Gets or sets the market-stream base address; null uses the production address of <see cref="Market"/>.</summary>
    public Uri? StreamAddress { get; set; }

    /// <summary>Gets or sets the spot WebSocket API address (user data via <c>userDataStream.subscribe.signature</c>); null uses production.</summary>
    public Uri? WebSocketApiAddress { get; set; }

    /// <summary>Gets or sets the <c>recvWindow</c> sent with signed requests. Default 5 s; at most 60 s.</summary>
    public TimeSpan ReceiveWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how often the server-time offset is refreshed (also refreshed on error -1021). Default 30 minutes.</summary>
    public TimeSpan TimeSyncInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets the timeout of one REST request; an order request that times out has an unknown outcome. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the request-weight budget per minute shared by every caller of this adapter (one per IP). Null uses the exchange's: 6,000 spot, 2,400 futures.</summary>
    public int? RequestWeightPerMinute { get; set; }

    /// <summary>Gets or sets the share of the weight budget this process may use (0–1], leaving headroom for other tools on the same IP. Default 0.9.</summary>
    public double WeightBudgetShare { get; set; } = 0.9;

    /// <summary>Gets or sets how many new orders the account may send per order-count window (<see cref="EffectiveOrderCountWindow"/>). Null uses the exchange's: 50 per 10 s on spot, 1,200 per minute on futures. <see cref="WeightBudgetShare"/> applies too.</summary>
    public int? OrdersPerWindow { get; set; }

    /// <summary>Gets the order-count window Binance uses for <see cref="Market"/>: 10 seconds on spot, 1 minute on futures.</summary>
    public TimeSpan EffectiveOrderCountWindow => Market == MarketType.Spot ? TimeSpan.FromSeconds(10) : TimeSpan.FromMinutes(1);

    /// <summary>Gets the new orders per window in effect (before <see cref="WeightBudgetShare"/>).</summary>
    public int EffectiveOrdersPerWindow => OrdersPerWindow ?? (Market == MarketType.Spot ? 50 : 1200);

    /// <summary>Gets or sets the most streams on one WebSocket connection; more pairs open more connections. Default 200.</summary>
    public int MaxStreamsPerConnection { get; set; } = 200;

    /// <summary>Gets or sets how long before Binance's 24-hour cut-off a stream connection is replaced proactively. Default 30 minutes.</summary>
    public TimeSpan ReconnectBeforeCutoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets the first reconnect delay; it doubles up to <see cref="MaxReconnectDelay"/>. Default 1 s.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest reconnect delay. Default 60 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how often a futures listenKey is kept alive. Default 30 minutes.</summary>
    public TimeSpan ListenKeyKeepAliveInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets how long a market-stream connection may stay silent before it is considered dead and replaced (pings answered by the socket do not count). <see cref="TimeSpan.Zero"/> turns the check off. Default 60 s.</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets a value indicating whether credentials are set.</summary>
    public bool HasCredentials => !string.IsNullOrEmpty(ApiKey) && !string.IsNullOrEmpty(ApiSecret);

    /// <summary>Gets the REST address in effect.</summary>
    public Uri EffectiveRestAddress => RestAddress ?? (Market == MarketType.Spot ? SpotRestProduction : FuturesRestProduction);

    /// <summary>Gets the stream address in effect.</summary>
    public Uri EffectiveStreamAddress => StreamAddress ?? (Market == MarketType.Spot ? SpotStreamProduction : FuturesStreamProduction);

    /// <summary>Gets the spot WebSocket API address in effect.</summary>
    public Uri EffectiveWebSocketApiAddress => WebSocketApiAddress ?? SpotWebSocketApiProduction;

    /// <summary>Gets the weight budget per minute in effect (before <see cref="WeightBudgetShare"/>).</summary>
    public int EffectiveRequestWeightPerMinute => RequestWeightPerMinute ?? (Market == MarketType.Spot ? 6000 : 2400);

    /// <summary>Points every address at Binance's public testnet of <see cref="Market"/>.</summary>
    /// <returns>These options.</returns>
    public BinanceOptions UseTestnet()
    {
        if (Market == MarketType.Spot)
        {
            RestAddress = new Uri("https://testnet.binance.vision");
            StreamAddress = new Uri("wss://stream.testnet.binance.vision");
            WebSocketApiAddress = new Uri("wss://ws-api.testnet.binance.vision/ws-api/v3");
        }
        else
        {
            RestAddress = new Uri("https://testnet.binancefuture.com");
            StreamAddress = new Uri("wss://fstream.binancefuture.com");
        }

        return this;
    }

    /// <summary>Lists every problem with these settings (empty when valid). Missing credentials are not a problem here: they fail only when a private endpoint is used.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Market))
        {
            problems.Add($"Market '{Market}' is not supported.");
        }

        if (ReceiveWindow <= TimeSpan.Zero || ReceiveWindow > TimeSpan.FromSeconds(60))
        {
            problems.Add($"ReceiveWindow must be in (0, 60 s]; it is {ReceiveWindow}.");
        }

        if (TimeSyncInterval <= TimeSpan.Zero)
        {
            problems.Add($"TimeSyncInterval must be positive; it is {TimeSyncInterval}.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"RequestTimeout must be positive; it is {RequestTimeout}.");
        }

        if (RequestWeightPerMinute is <= 0)
        {
            problems.Add($"RequestWeightPerMinute must be positive; it is {RequestWeightPerMinute}.");
        }

        if (OrdersPerWindow is <= 0)
        {
            problems.Add($"OrdersPerWindow must be positive; it is {OrdersPerWindow}.");
        }

        if (!(WeightBudgetShare > 0 && WeightBudgetShare <= 1))
        {
            problems.Add($"WeightBudgetShare must be in (0, 1]; it is {WeightBudgetShare}.");
        }

        if (MaxStreamsPerConnection is < 1 or > 1024)
        {
            problems.Add($"MaxStreamsPerConnection must be in [1, 1024]; it is {MaxStreamsPerConnection}.");
        }

        if (ReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < ReconnectDelay)
        {
            problems.Add($"ReconnectDelay must be positive and at most MaxReconnectDelay; they are {ReconnectDelay} and {MaxReconnectDelay}.");
        }

        if (ReconnectBeforeCutoff < TimeSpan.Zero || ReconnectBeforeCutoff >= TimeSpan.FromHours(24))
        {
            problems.Add($"ReconnectBeforeCutoff must be in [0, 24 h); it is {ReconnectBeforeCutoff}.");
        }

        if (ListenKeyKeepAliveInterval <= TimeSpan.Zero || ListenKeyKeepAliveInterval >= TimeSpan.FromMinutes(60))
        {
            problems.Add($"ListenKeyKeepAliveInterval must be in (0, 60 min); it is {ListenKeyKeepAliveInterval}.");
        }

        if (StreamIdleTimeout < TimeSpan.Zero)
        {
            problems.Add($"StreamIdleTimeout must not be negative (zero turns the check off); it is {StreamIdleTimeout}.");
        }

        return problems;
    }
}
