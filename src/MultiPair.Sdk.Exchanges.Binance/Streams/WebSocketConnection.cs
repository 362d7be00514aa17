using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace MultiPair.Sdk.Exchanges.Binance.Streams;

/// <summary>
/// One WebSocket connection: a receive loop handing each text message to a handler, an idle check and a rotation
/// deadline on the injected clock, and a graceful or abrupt end. Owned by a <see cref="ReconnectingStream"/>.
/// </summary>
internal sealed class WebSocketConnection : IAsyncDisposable
{
    private const int MaxMessageBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly ClientWebSocket _socket;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _rotate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _idleTimeout;
    private Action<WebSocketConnection, ReadOnlyMemory<byte>>? _onMessage;
    private ITimer? _idleTimer;
    private ITimer? _cutoffTimer;
    private long _lastReceivedTicks;
    private int _disposed;

    private WebSocketConnection(ClientWebSocket socket, Uri address, TimeProvider time, TimeSpan idleTimeout, ILogger logger)
    {
        _socket = socket;
        Address = address;
        RedactedAddress = Redact(address);
        _time = time;
        _idleTimeout = idleTimeout;
        _logger = logger;
        _lastReceivedTicks = time.GetUtcNow().UtcTicks;
    }

    public Uri Address { get; }

    /// <summary>Gets the address without its query string (listenKeys stay out of logs).</summary>
    public string RedactedAddress { get; }

    /// <summary>Gets the receive loop: completes when the connection ends for any reason.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Gets a task completed when the connection should be replaced (24 h cut-off, serverShutdown).</summary>
    public Task RotateRequested => _rotate.Task;

    /// <summary>Opens a connection (not yet receiving: call <see cref="Start"/>).</summary>
    public static async Task<ExchangeResult<WebSocketConnection>> ConnectAsync(Uri address, TimeProvider time, TimeSpan idleTimeout, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(30);
        socket.Options.CollectHttpResponseDetails = true;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(address, timeoutSource.Token).ConfigureAwait(false);
            return ExchangeResult.Ok(new WebSocketConnection(socket, address, time, idleTimeout, logger));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException or IOException)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            if (cancellationToken.IsCancellationRequested)
            {
                return ExchangeResult.Fail<WebSocketConnection>(ExchangeErrorKind.Network, "The connect was cancelled.");
            }

            var kind = status switch
            {
                401 or 403 => ExchangeErrorKind.Unauthorized,
                429 => ExchangeErrorKind.RateLimited,
                418 => ExchangeErrorKind.IpBanned,
                >= 400 and < 500 => ExchangeErrorKind.InvalidRequest,
                _ => ExchangeErrorKind.Network,
            };
            return ExchangeResult.Fail<WebSocketConnection>(new ExchangeError(kind, $"Could not connect to {Redact(address)}: {ex.Message}") { HttpStatus = status == 0 ? null : status });
        }
    }

    /// <summary>Gets when the last message arrived (or when the connection opened).</summary>
    public DateTimeOffset LastReceived => new(Interlocked.Read(ref _lastReceivedTicks), TimeSpan.Zero);

    /// <summary>Starts the receive loop and the timers.</summary>
    public void Start(Action<WebSocketConnection, ReadOnlyMemory<byte>> onMessage, TimeSpan lifetime)
    {
        _onMessage = onMessage;
        Interlocked.Exchange(ref _lastReceivedTicks, _time.GetUtcNow().UtcTicks);
        if (_idleTimeout > TimeSpan.Zero)
        {
            var check = _idleTimeout / 4 < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : _idleTimeout / 4;
            _idleTimer = _time.CreateTimer(static state => ((WebSocketConnection)state!).CheckIdle(), this, check, check);
        }

        if (lifetime > TimeSpan.Zero && lifetime != Timeout.InfiniteTimeSpan)
        {
            _cutoffTimer = _time.CreateTimer(static state => ((WebSocketConnection)state!).RequestRotate(), this, lifetime, Timeout.InfiniteTimeSpan);
        }

        Completion = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Asks the owner to replace this connection (make before break).</summary>
    public void RequestRotate() => _rotate.TrySetResult();

    /// <summary>Sends a text message.</summary>
    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Receives one whole text message before <see cref="Start"/> (handshakes); null when the socket closed.</summary>
    public async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        var message = new ArrayBufferWriter<byte>();
        return await ReceiveMessageAsync(message, cancellationToken).ConfigureAwait(false) ? Encoding.UTF8.GetString(message.WrittenSpan) : null;
    }

    /// <summary>Ends the connection abruptly.</summary>
    public void Abort()
    {
        try
        {
            _socket.Abort();
        }
        catch (ObjectDisposedException)
        {
            // Already gone.
        }
    }

    /// <summary>Closes the connection with a close handshake (bounded), then disposes it.</summary>
    public async Task CloseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "replaced", timeout.Token).ConfigureAwait(false);
            }

            await Completion.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Log.CloseFailed(_logger, RedactedAddress, ex.Message);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _idleTimer?.Dispose();
        _cutoffTimer?.Dispose();
        Abort();
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The loop reports its own end.
        }

        _socket.Dispose();
    }

    /// <summary>Hides query strings (listenKeys) in logs.</summary>
    internal static string Redact(Uri address) => address.GetLeftPart(UriPartial.Path);

    private void CheckIdle()
    {
        if (_time.GetUtcNow() - LastReceived >= _idleTimeout)
        {
            Log.Idle(_logger, RedactedAddress, _idleTimeout);
            _idleTimer?.Dispose();
            Abort();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var message = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (await ReceiveMessageAsync(message, CancellationToken.None).ConfigureAwait(false))
            {
                Interlocked.Exchange(ref _lastReceivedTicks, _time.GetUtcNow().UtcTicks);
                try
                {
                    _onMessage!(this, message.WrittenMemory);
                }
#pragma warning disable CA1031 // A handler bug must not kill the receive loop; it is logged.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.HandlerFailed(_logger, RedactedAddress, ex);
                }
            }

            var closeStatus = _socket.CloseStatus is { } code ? ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
            Log.ClosedByServer(_logger, RedactedAddress, closeStatus, _socket.CloseStatusDescription ?? string.Empty);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            Log.Dropped(_logger, RedactedAddress, ex.Message);
        }
    }

    // Reads one whole text message into the buffer; false when the peer closed.
    private async Task<bool> ReceiveMessageAsync(ArrayBufferWriter<byte> message, CancellationToken cancellationToken)
    {
        while (true)
        {
            message.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(message.GetMemory(8192), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        using var timeout = new CancellationTokenSource(CloseTimeout);
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token).ConfigureAwait(false);
                    }

                    return false;
                }

                message.Advance(result.Count);
                if (message.WrittenCount > MaxMessageBytes)
                {
                    throw new WebSocketException(WebSocketError.Faulted, $"A message exceeded {MaxMessageBytes} bytes.");
                }
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Text)
            {
                return true;
            }
        }
    }
}
