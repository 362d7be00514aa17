#pragma warning disable MA0006 // Protocol strings compared with == are ordinal, which is what the fake wants.
using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake.Streams;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Fake;

/// <summary>The WebSocket half: market streams, the spot WebSocket API user data subscription, the futures listenKey and its stream.</summary>
public sealed partial class FakeBinanceServer
{
    private readonly ConcurrentDictionary<long, FakeSocket> _sockets = new();
    private readonly Lock _streamGate = new();
    private readonly Dictionary<string, List<string>> _klineHistory = new(StringComparer.Ordinal);
    private long _nextSocketId;
    private long _nextSubscriptionId;
    private string? _listenKey;
    private int _marketConnectionsAccepted;
    private int _listenKeyCreates;
    private int _listenKeyKeepAlives;
    private int _listenKeyDeletes;
    private int _wsApiSubscribeRequests;

    /// <summary>Gets or sets how many of the last klines of each subscribed kline stream a new connection receives first (as a real server re-sends the current kline).</summary>
    public int ReplayKlinesOnConnect { get; set; }

    /// <summary>Gets the open market-stream connections.</summary>
    public IReadOnlyList<FakeSocket> MarketConnections => [.. _sockets.Values.Where(static s => s.Kind == FakeSocketKind.Market).OrderBy(static s => s.Id)];

    /// <summary>Gets the open futures user data connections (<c>/private/ws</c>).</summary>
    public IReadOnlyList<FakeSocket> UserDataConnections => [.. _sockets.Values.Where(static s => s.Kind == FakeSocketKind.UserData).OrderBy(static s => s.Id)];

    /// <summary>Gets the open WebSocket API connections.</summary>
    public IReadOnlyList<FakeSocket> WebSocketApiConnections => [.. _sockets.Values.Where(static s => s.Kind == FakeSocketKind.WebSocketApi).OrderBy(static s => s.Id)];

    /// <summary>Gets how many market-stream connections were accepted since start.</summary>
    public int MarketConnectionsAccepted => Volatile.Read(ref _marketConnectionsAccepted);

    /// <summary>Gets the futures listenKey in force, or null.</summary>
    public string? CurrentListenKey
    {
        get
        {
            lock (_streamGate)
            {
                return _listenKey;
            }
        }
    }

    public int ListenKeyCreates => Volatile.Read(ref _listenKeyCreates);

    public int ListenKeyKeepAlives => Volatile.Read(ref _listenKeyKeepAlives);

    public int ListenKeyDeletes => Volatile.Read(ref _listenKeyDeletes);

    public int WebSocketApiSubscribeRequests => Volatile.Read(ref _wsApiSubscribeRequests);

    /// <summary>Publishes a kline update (closed or forming) to every connection subscribed to <c>symbol@kline_interval</c>.</summary>
    public void PublishKline(string symbol, string interval, DateTimeOffset openTime, decimal open, decimal high, decimal low, decimal close, decimal volume = 1m, bool closed = true)
    {
        var stream = $"{symbol.ToLowerInvariant()}@kline_{interval}";
        var upper = symbol.ToUpperInvariant();
        var t = openTime.ToUnixTimeMilliseconds();
        var duration = (long)Timeframe(interval).TotalMilliseconds;
        var data = string.Create(CultureInfo.InvariantCulture,
            $$"""{"e":"kline","E":{{Now()}},"s":"{{upper}}","k":{"t":{{t}},"T":{{t + duration - 1}},"s":"{{upper}}","i":"{{interval}}","f":1,"L":2,"o":"{{open}}","c":"{{close}}","h":"{{high}}","l":"{{low}}","v":"{{volume}}","n":2,"x":{{(closed ? "true" : "false")}},"q":"0","V":"0","Q":"0","B":"0"} }""");
        lock (_streamGate)
        {
            if (!_klineHistory.TryGetValue(stream, out var history))
            {
                _klineHistory[stream] = history = [];
            }

            history.Add(data);
            if (history.Count > 50)
            {
                history.RemoveAt(0);
            }

            PublishLocked(stream, data);
        }
    }

    /// <summary>Publishes a book ticker (spot format, no time) to every connection subscribed to <c>symbol@bookTicker</c>.</summary>
    public void PublishBookTicker(string symbol, decimal bid, decimal bidQuantity, decimal ask, decimal askQuantity)
    {
        var data = string.Create(CultureInfo.InvariantCulture,
            $$"""{"u":1,"s":"{{symbol.ToUpperInvariant()}}","b":"{{bid}}","B":"{{bidQuantity}}","a":"{{ask}}","A":"{{askQuantity}}"}""");
        Publish($"{symbol.ToLowerInvariant()}@bookTicker", data);
    }

    /// <summary>Publishes any data (possibly broken JSON) on a stream name, wrapped for combined connections.</summary>
    public void Publish(string stream, string data)
    {
        lock (_streamGate)
        {
            PublishLocked(stream, data);
        }
    }

    /// <summary>Sends a raw text frame to every market connection (for malformed payloads).</summary>
    public void SendToMarketConnections(string text)
    {
        foreach (var socket in MarketConnections)
        {
            socket.Enqueue(text);
        }
    }

    /// <summary>Sends <c>serverShutdown</c> to every connection (the connections stay open).</summary>
    public void SendServerShutdown()
    {
        var data = $$"""{"e":"serverShutdown","E":{{Now()}} }""";
        foreach (var socket in _sockets.Values)
        {
            socket.Enqueue(socket.Kind == FakeSocketKind.WebSocketApi ? $$"""{"event":{{data}} }""" : data);
        }
    }

    /// <summary>Ends every WebSocket connection abruptly (no close frame).</summary>
    public void DropAllConnections()
    {
        foreach (var socket in _sockets.Values)
        {
            socket.Complete();
            socket.Context.Abort();
        }
    }

    /// <summary>Expires the futures listenKey: optionally pushes <c>listenKeyExpired</c> to its connections, then forgets it (a later PUT gets -1125).</summary>
    public void ExpireListenKey(bool notify = true)
    {
        string? key;
        lock (_streamGate)
        {
            key = _listenKey;
            _listenKey = null;
        }

        if (key is null || !notify)
        {
            return;
        }

        foreach (var socket in UserDataConnections.Where(s => s.ListenKey == key))
        {
            socket.Enqueue($$"""{"e":"listenKeyExpired","E":{{Now()}},"listenKey":"{{key}}"}""");
        }
    }

    /// <summary>Sends a raw text frame to every user data connection (both kinds).</summary>
    public void SendToUserDataConnections(string text)
    {
        foreach (var socket in _sockets.Values.Where(static s => s.Kind != FakeSocketKind.Market))
        {
            socket.Enqueue(text);
        }
    }

    partial void MapStreams(WebApplication app)
    {
        app.Map("/stream", context => AcceptMarketAsync(context, combined: true, route: null, StreamsFromQuery(context)));
        app.Map("/ws/{**streams}", context => AcceptMarketAsync(context, combined: false, route: null, StreamsFromPath(context)));
        app.Map("/public/stream", context => AcceptMarketAsync(context, combined: true, route: "public", StreamsFromQuery(context)));
        app.Map("/market/stream", context => AcceptMarketAsync(context, combined: true, route: "market", StreamsFromQuery(context)));
        app.Map("/public/ws/{**streams}", context => AcceptMarketAsync(context, combined: false, route: "public", StreamsFromPath(context)));
        app.Map("/market/ws/{**streams}", context => AcceptMarketAsync(context, combined: false, route: "market", StreamsFromPath(context)));
        app.Map("/private/ws", context => AcceptUserDataAsync(context, context.Request.Query["listenKey"].ToString()));
        app.Map("/private/ws/{listenKey}", context => AcceptUserDataAsync(context, context.Request.RouteValues["listenKey"]?.ToString() ?? string.Empty));
        app.Map("/ws-api/v3", AcceptWebSocketApiAsync);
        app.MapPost("/fapi/v1/listenKey", context => ListenKeyAsync(context, HttpMethods.Post));
        app.MapPut("/fapi/v1/listenKey", context => ListenKeyAsync(context, HttpMethods.Put));
        app.MapDelete("/fapi/v1/listenKey", context => ListenKeyAsync(context, HttpMethods.Delete));
    }

    partial void OnOrderChanged(FakeOrder order, FakeTrade? trade)
    {
        if (order.Futures)
        {
            var key = CurrentListenKey;
            var payload = FakeUserEvents.OrderTradeUpdate(order, trade, Now());
            foreach (var socket in UserDataConnections.Where(s => key is not null && s.ListenKey == key))
            {
                socket.Enqueue(payload);
            }
        }
        else
        {
            var report = FakeUserEvents.ExecutionReport(order, trade, Now());
            foreach (var socket in WebSocketApiConnections)
            {
                if (socket.SubscriptionId is { } id)
                {
                    socket.Enqueue(string.Create(CultureInfo.InvariantCulture, $$"""{"subscriptionId":{{id}},"event":{{report}} }"""));
                }
            }
        }
    }

    private static string[] StreamsFromQuery(HttpContext context) =>
        context.Request.Query["streams"].ToString().Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string[] StreamsFromPath(HttpContext context) =>
        (context.Request.RouteValues["streams"]?.ToString() ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);

    // Futures routes: book data on /public, everything else on /market.
    private static bool AllowedOnRoute(string stream, string? route) => route switch
    {
        "public" => stream.EndsWith("@bookTicker", StringComparison.Ordinal) || stream.Contains("@depth", StringComparison.Ordinal),
        "market" => !stream.EndsWith("@bookTicker", StringComparison.Ordinal) && !stream.Contains("@depth", StringComparison.Ordinal),
        _ => true,
    };

    private long Now() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    // Callers hold _streamGate.
    private void PublishLocked(string stream, string data)
    {
        foreach (var socket in _sockets.Values)
        {
            if (socket.Kind == FakeSocketKind.Market && socket.HasStream(stream))
            {
                socket.EnqueueStreamData(stream, data);
            }
        }
    }

    private async Task AcceptMarketAsync(HttpContext context, bool combined, string? route, string[] streams)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (streams.FirstOrDefault(s => !AllowedOnRoute(s, route)) is { } wrong)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"Stream '{wrong}' is not served on /{route}.").ConfigureAwait(false);
            return;
        }

        var webSocket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var socket = new FakeSocket(Interlocked.Increment(ref _nextSocketId), FakeSocketKind.Market, context.Request.Path, combined, webSocket, context);
        socket.AddStreams(streams);
        lock (_streamGate)
        {
            foreach (var stream in streams.Where(static s => s.Contains("@kline_", StringComparison.Ordinal)))
            {
                if (ReplayKlinesOnConnect > 0 && _klineHistory.TryGetValue(stream, out var history))
                {
                    foreach (var data in history.TakeLast(ReplayKlinesOnConnect))
                    {
                        socket.EnqueueStreamData(stream, data);
                    }
                }
            }

            _sockets[socket.Id] = socket;
        }

        Interlocked.Increment(ref _marketConnectionsAccepted);
        await RunAsync(socket, text => OnMarketRequest(socket, text)).ConfigureAwait(false);
    }

    private static void OnMarketRequest(FakeSocket socket, string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var id = root.TryGetProperty("id", out var i) ? i.GetRawText() : "null";
        var method = root.TryGetProperty("method", out var m) ? m.GetString() : null;
        var parameters = root.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Select(static e => e.GetString() ?? string.Empty).ToArray()
            : [];
        switch (method)
        {
            case "SUBSCRIBE":
                socket.AddStreams(parameters);
                socket.Enqueue($$"""{"result":null,"id":{{id}} }""");
                break;
            case "UNSUBSCRIBE":
                socket.RemoveStreams(parameters);
                socket.Enqueue($$"""{"result":null,"id":{{id}} }""");
                break;
            case "LIST_SUBSCRIPTIONS":
                socket.Enqueue($$"""{"result":{{JsonSerializer.Serialize(socket.Streams)}},"id":{{id}} }""");
                break;
            default:
                socket.Enqueue($$"""{"error":{"code":2,"msg":"Invalid request: unknown method"},"id":{{id}} }""");
                break;
        }
    }

    private async Task AcceptUserDataAsync(HttpContext context, string listenKey)
    {
        if (!context.WebSockets.IsWebSocketRequest || listenKey.Length == 0 || listenKey != CurrentListenKey)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var webSocket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var socket = new FakeSocket(Interlocked.Increment(ref _nextSocketId), FakeSocketKind.UserData, context.Request.Path, combined: false, webSocket, context)
        {
            ListenKey = listenKey,
        };
        _sockets[socket.Id] = socket;
        await RunAsync(socket, static _ => { }).ConfigureAwait(false);
    }

    private async Task AcceptWebSocketApiAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var webSocket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var socket = new FakeSocket(Interlocked.Increment(ref _nextSocketId), FakeSocketKind.WebSocketApi, context.Request.Path, combined: false, webSocket, context);
        _sockets[socket.Id] = socket;
        await RunAsync(socket, text => OnWebSocketApiRequest(socket, text)).ConfigureAwait(false);
    }

    private void OnWebSocketApiRequest(FakeSocket socket, string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var id = root.TryGetProperty("id", out var i) ? i.GetRawText() : "null";
        var method = root.TryGetProperty("method", out var m) ? m.GetString() : null;
        switch (method)
        {
            case "userDataStream.subscribe.signature":
                Interlocked.Increment(ref _wsApiSubscribeRequests);
                if (CheckSignedParams(root.GetProperty("params")) is { } failure)
                {
                    socket.Enqueue($$"""{"id":{{id}},"status":{{failure.Status}},"error":{"code":{{failure.Code}},"msg":"{{failure.Message}}"} }""");
                    return;
                }

                var subscriptionId = Interlocked.Increment(ref _nextSubscriptionId) - 1;
                socket.SubscriptionId = subscriptionId;
                socket.Enqueue($$"""{"id":{{id}},"status":200,"result":{"subscriptionId":{{subscriptionId}} } }""");
                break;
            case "userDataStream.unsubscribe":
                socket.SubscriptionId = null;
                socket.Enqueue($$"""{"id":{{id}},"status":200,"result":{} }""");
                break;
            case "ping":
                socket.Enqueue($$"""{"id":{{id}},"status":200,"result":{} }""");
                break;
            default:
                socket.Enqueue($$"""{"id":{{id}},"status":400,"error":{"code":-1100,"msg":"Unknown method '{{method}}'."} }""");
                break;
        }
    }

    private (int Status, int Code, string Message)? CheckSignedParams(JsonElement parameters)
    {
        var values = parameters.EnumerateObject().ToDictionary(static p => p.Name, static p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
        if (!values.TryGetValue("apiKey", out var apiKey) || apiKey != ApiKey)
        {
            return (401, -2015, "Invalid API-key, IP, or permissions for action.");
        }

        if (!values.TryGetValue("timestamp", out var timestampText) || !long.TryParse(timestampText, CultureInfo.InvariantCulture, out var timestamp))
        {
            return (400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
        }

        var window = values.TryGetValue("recvWindow", out var w) ? long.Parse(w, CultureInfo.InvariantCulture) : 5000;
        var now = Now();
        if (timestamp > now + 1000 || now - timestamp > window)
        {
            return (400, -1021, "Timestamp for this request is outside of the recvWindow.");
        }

        var payload = string.Join('&', values.Where(static kv => kv.Key != "signature").OrderBy(static kv => kv.Key, StringComparer.Ordinal).Select(static kv => $"{kv.Key}={kv.Value}"));
        return values.TryGetValue("signature", out var signature) && BinanceSigner.Verify(ApiSecret, payload, signature)
            ? null
            : (400, -1022, "Signature for this request is not valid.");
    }

    private async Task ListenKeyAsync(HttpContext context, string method)
    {
        if (context.Request.Headers["X-MBX-APIKEY"].ToString() != ApiKey)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}""").ConfigureAwait(false);
            return;
        }

        string? key;
        lock (_streamGate)
        {
            if (method == HttpMethods.Post)
            {
                _listenKey ??= Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
                _listenKeyCreates++;
            }
            else if (method == HttpMethods.Put && _listenKey is not null)
            {
                _listenKeyKeepAlives++;
            }
            else if (method == HttpMethods.Delete)
            {
                _listenKey = null;
                _listenKeyDeletes++;
                key = null;
            }

            key = _listenKey;
        }

        context.Response.ContentType = "application/json";
        if (method == HttpMethods.Put && key is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("""{"code":-1125,"msg":"This listenKey does not exist."}""").ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsync(method == HttpMethods.Delete ? "{}" : $$"""{"listenKey":"{{key}}"}""").ConfigureAwait(false);
    }

    // Pumps the outbox and reads requests until the client closes or the connection breaks.
    private async Task RunAsync(FakeSocket socket, Action<string> onRequest)
    {
        var aborted = socket.Context.RequestAborted;
        var pump = socket.PumpAsync(aborted);
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.Socket.ReceiveAsync(buffer.GetMemory(4096), aborted).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    socket.Complete();
                    await pump.ConfigureAwait(false);
                    await socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None).ConfigureAwait(false);
                    break;
                }

                try
                {
                    onRequest(Encoding.UTF8.GetString(buffer.WrittenSpan));
                }
                catch (JsonException)
                {
                    socket.Enqueue("""{"error":{"code":3,"msg":"Invalid JSON"},"id":null}""");
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Dropped.
        }
        finally
        {
            _sockets.TryRemove(socket.Id, out _);
            socket.Complete();
        }
    }
}
