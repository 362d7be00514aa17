using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Streams;

/// <summary>One user data subscription: the connection, and on futures the listenKey's lifecycle.</summary>
internal sealed class UserDataSubscription : IStreamSubscription
{
    private const string ListenKeyPath = "/fapi/v1/listenKey";

    private readonly BinanceOptions _options;
    private readonly HttpClient _http;
    private readonly Func<string, TradingPair?> _resolveSymbol;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<OrderUpdate> _onUpdate;
    private readonly StreamStatusTracker _status = new();
    private readonly Lock _gate = new();
    private readonly ReconnectingStream _stream;
    private ITimer? _keepAliveTimer;
    private string? _listenKey;
    private long _dropped;
    private int _disposed;

    public UserDataSubscription(BinanceOptions options, HttpClient http, Func<string, TradingPair?> resolveSymbol, TimeProvider time, ILogger logger, Action<OrderUpdate> onUpdate)
    {
        _options = options;
        _http = http;
        _resolveSymbol = resolveSymbol;
        _time = time;
        _logger = logger;
        _onUpdate = onUpdate;
        _stream = new ReconnectingStream(
            IsFutures ? "userData(listenKey)" : "userData(ws-api)",
            IsFutures ? ConnectFuturesAsync : ConnectSpotAsync,
            OnMessage,
            options,
            time,
            _status,
            logger);
    }

    public StreamStatus Status => _status.Status;

    public IObservable<StreamStatus> StatusChanges => _status;

    public long DroppedMessages => Interlocked.Read(ref _dropped);

    internal ReconnectingStream Stream => _stream;

    internal string? ListenKey
    {
        get
        {
            lock (_gate)
            {
                return _listenKey;
            }
        }
    }

    private bool IsFutures => _options.Market != MarketType.Spot;

    public async Task<ExchangeError?> StartAsync(CancellationToken cancellationToken)
    {
        var error = await _stream.StartAsync(cancellationToken).ConfigureAwait(false);
        if (error is null && IsFutures)
        {
            _keepAliveTimer = _time.CreateTimer(
                static state => _ = ((UserDataSubscription)state!).KeepAliveAsync(),
                this,
                _options.ListenKeyKeepAliveInterval,
                _options.ListenKeyKeepAliveInterval);
        }

        return error;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _keepAliveTimer?.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        if (IsFutures && ListenKey is not null)
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            await SendListenKeyRequestAsync(HttpMethod.Delete, timeout.Token).ConfigureAwait(false);
        }

        _status.Close();
    }

    internal async Task KeepAliveAsync()
    {
        var key = ListenKey;
        if (key is null || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.RequestTimeout);
        var result = await SendListenKeyRequestAsync(HttpMethod.Put, timeout.Token).ConfigureAwait(false);
        if (result.Success)
        {
            Log.ListenKeyKeptAlive(_logger);
            return;
        }

        if (_logger.IsEnabled(LogLevel.Warning))
        {
            Log.ListenKeyKeepAliveFailed(_logger, result.Error.ToString());
        }

        if (result.Error.Code == -1125)
        {
            InvalidateListenKey(key);
        }
    }

    private void InvalidateListenKey(string? key)
    {
        lock (_gate)
        {
            if (_listenKey is null || (key is not null && !string.Equals(key, _listenKey, StringComparison.Ordinal)))
            {
                return;
            }

            _listenKey = null;
        }

        _stream.Reconnect(dropFirst: true);
    }

    private async Task<ExchangeResult<WebSocketConnection>> ConnectFuturesAsync(CancellationToken cancellationToken)
    {
        var key = ListenKey;
        if (key is null)
        {
            var created = await SendListenKeyRequestAsync(HttpMethod.Post, cancellationToken).ConfigureAwait(false);
            if (!created.Success)
            {
                return ExchangeResult.Fail<WebSocketConnection>(created.Error);
            }

            key = created.Value;
            lock (_gate)
            {
                _listenKey = key;
            }

            Log.ListenKeyCreated(_logger);
        }

        var address = new Uri(_options.EffectiveStreamAddress.AbsoluteUri.TrimEnd('/') + "/private/ws?listenKey=" + Uri.EscapeDataString(key));
        return await WebSocketConnection.ConnectAsync(address, _time, TimeSpan.Zero, _options.RequestTimeout, _logger, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ExchangeResult<string>> SendListenKeyRequestAsync(HttpMethod method, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_options.EffectiveRestAddress, ListenKeyPath));
        request.Headers.Add("X-MBX-APIKEY", _options.ApiKey);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                if (method != HttpMethod.Post)
                {
                    return ExchangeResult.Ok(string.Empty);
                }

                using var document = JsonDocument.Parse(body);
                return document.RootElement.TryGetProperty("listenKey", out var key) && key.GetString() is { Length: > 0 } text
                    ? ExchangeResult.Ok(text)
                    : ExchangeResult.Fail<string>(ExchangeErrorKind.MalformedResponse, "The listenKey response has no listenKey.");
            }

            return ExchangeResult.Fail<string>(ReadError((int)response.StatusCode, body));
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException or IOException)
        {
            return ExchangeResult.Fail<string>(ExchangeErrorKind.Network, $"The listenKey request failed: {ex.Message}");
        }
    }

    private static ExchangeError ReadError(int httpStatus, string body)
    {
        int? code = null;
        var message = body;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var nested))
            {
                root = nested;
            }

            if (root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number)
            {
                code = c.GetInt32();
            }

            if (root.TryGetProperty("msg", out var m) && m.GetString() is { } text)
            {
                message = text;
            }
        }
        catch (JsonException)
        {
            // Not JSON: keep the raw body.
        }

        var kind = (httpStatus, code) switch
        {
            (_, -1021) => ExchangeErrorKind.InvalidTimestamp,
            (_, -1022 or -2014 or -2015) or (401 or 403, _) => ExchangeErrorKind.Unauthorized,
            (429, _) => ExchangeErrorKind.RateLimited,
            (418, _) => ExchangeErrorKind.IpBanned,
            (>= 500, _) => ExchangeErrorKind.ServiceUnavailable,
            _ => ExchangeErrorKind.InvalidRequest,
        };
        return new ExchangeError(kind, message) { Code = code, HttpStatus = httpStatus == 0 ? null : httpStatus };
    }

    private async Task<ExchangeResult<WebSocketConnection>> ConnectSpotAsync(CancellationToken cancellationToken)
    {
        var connected = await WebSocketConnection.ConnectAsync(_options.EffectiveWebSocketApiAddress, _time, TimeSpan.Zero, _options.RequestTimeout, _logger, cancellationToken).ConfigureAwait(false);
        if (!connected.Success)
        {
            return connected;
        }

        var connection = connected.Value;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            var id = Guid.NewGuid().ToString("N");
            await connection.SendAsync(SubscribeRequest(id), timeout.Token).ConfigureAwait(false);
            while (true)
            {
                var text = await connection.ReceiveTextAsync(timeout.Token).ConfigureAwait(false);
                if (text is null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    return ExchangeResult.Fail<WebSocketConnection>(ExchangeErrorKind.Network, "The WebSocket API closed the connection before answering the subscription.");
                }

                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                if (!root.TryGetProperty("id", out var replyId) || !string.Equals(replyId.ToString(), id, StringComparison.Ordinal))
                {
                    continue;
                }

                var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0;
                if (status == 200)
                {
                    return ExchangeResult.Ok(connection);
                }

                await connection.DisposeAsync().ConfigureAwait(false);
                return ExchangeResult.Fail<WebSocketConnection>(ReadError(status, text));
            }
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException or JsonException or IOException or ObjectDisposedException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return ExchangeResult.Fail<WebSocketConnection>(ExchangeErrorKind.Network, $"The user data subscription failed: {ex.Message}");
        }
    }

    private string SubscribeRequest(string id)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        // Parameters sorted by name, signature over everything else.
        var signature = BinanceSigner.Sign(_options.ApiSecret!, $"apiKey={_options.ApiKey}&timestamp={timestamp}");
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("method", "userDataStream.subscribe.signature");
            writer.WriteStartObject("params");
            writer.WriteString("apiKey", _options.ApiKey);
            writer.WriteNumber("timestamp", long.Parse(timestamp, CultureInfo.InvariantCulture));
            writer.WriteString("signature", signature);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void OnMessage(WebSocketConnection connection, ReadOnlyMemory<byte> payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException ex)
        {
            Drop("malformed JSON: " + ex.Message, payload.Span);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var data = BinanceStreamParser.Unwrap(root, out _);
            string? error = null;
            OrderUpdate? update;
            switch (BinanceStreamParser.EventType(data))
            {
                case "executionReport":
                    update = BinanceStreamParser.ParseExecutionReport(data, _resolveSymbol, out error);
                    break;
                case "ORDER_TRADE_UPDATE":
                    update = BinanceStreamParser.ParseOrderTradeUpdate(data, _resolveSymbol, out error);
                    break;
                case "listenKeyExpired":
                    Log.ListenKeyExpired(_logger);
                    InvalidateListenKey(data.TryGetProperty("listenKey", out var expired) ? expired.GetString() : null);
                    return;
                case "serverShutdown":
                    Log.ServerShutdown(_logger, connection.RedactedAddress);
                    connection.RequestRotate();
                    return;
                case "eventStreamTerminated":
                    _stream.Reconnect(dropFirst: true);
                    return;
                case null when root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out _):
                    return; // A reply to a request.
                case null:
                    Drop("no event type", payload.Span);
                    return;
                default:
                    return; // Balance and position events are not order updates.
            }

            if (update is null)
            {
                Drop(error!, payload.Span);
                return;
            }

            lock (_gate)
            {
                try
                {
                    _onUpdate(update);
                }
#pragma warning disable CA1031 // The caller's handler must not stop the stream; its failure is logged.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.CallbackFailed(_logger, ex);
                }
            }
        }
    }

    private void Drop(string reason, ReadOnlySpan<byte> payload)
    {
        var count = Interlocked.Increment(ref _dropped);
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            Log.PayloadDropped(_logger, reason, count, BinanceStreamParser.Sample(payload));
        }
    }
}
