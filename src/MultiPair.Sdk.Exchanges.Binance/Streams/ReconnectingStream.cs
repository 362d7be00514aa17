using Microsoft.Extensions.Logging;

namespace MultiPair.Sdk.Exchanges.Binance.Streams;

/// <summary>
/// Keeps one logical stream connected: replaces the connection before the 24 h cut-off or on serverShutdown (make before
/// break, no gap), and after a drop reconnects with exponential backoff on the injected clock, reporting the gap as
/// interrupted / restored.
/// </summary>
internal sealed class ReconnectingStream : IAsyncDisposable
{
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromHours(24);

    private readonly Func<CancellationToken, Task<ExchangeResult<WebSocketConnection>>> _connect;
    private readonly Action<WebSocketConnection, ReadOnlyMemory<byte>> _onMessage;
    private readonly BinanceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StreamStatusTracker _status;
    private readonly CancellationTokenSource _stop = new();
    private WebSocketConnection? _active;
    private Task _supervisor = Task.CompletedTask;
    private int _connects;

    public ReconnectingStream(
        string name,
        Func<CancellationToken, Task<ExchangeResult<WebSocketConnection>>> connect,
        Action<WebSocketConnection, ReadOnlyMemory<byte>> onMessage,
        BinanceOptions options,
        TimeProvider time,
        StreamStatusTracker status,
        ILogger logger)
    {
        Name = name;
        _connect = connect;
        _onMessage = onMessage;
        _options = options;
        _time = time;
        _status = status;
        _logger = logger;
    }

    public string Name { get; }

    /// <summary>Gets how many connections were opened so far.</summary>
    public int Connects => Volatile.Read(ref _connects);

    /// <summary>Gets the connection in use.</summary>
    public WebSocketConnection? Active => Volatile.Read(ref _active);

    public async Task<ExchangeError?> StartAsync(CancellationToken cancellationToken)
    {
        var first = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (!first.Success)
        {
            return first.Error;
        }

        Volatile.Write(ref _active, first.Value);
        _supervisor = Task.Run(() => SuperviseAsync(first.Value, _stop.Token), CancellationToken.None);
        return null;
    }

    /// <summary>Replaces the connection: without a gap (rotate) or by dropping it first (the data in between is lost).</summary>
    public void Reconnect(bool dropFirst)
    {
        var active = Active;
        if (dropFirst)
        {
            active?.Abort();
        }
        else
        {
            active?.RequestRotate();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Active?.Abort();
        await _supervisor.ConfigureAwait(false);
        if (Active is { } active)
        {
            await active.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task<ExchangeResult<WebSocketConnection>> ConnectAsync(CancellationToken cancellationToken)
    {
        var result = await _connect(cancellationToken).ConfigureAwait(false);
        if (result.Success)
        {
            Interlocked.Increment(ref _connects);
            var lifetime = _options.ReconnectBeforeCutoff > TimeSpan.Zero ? ConnectionLifetime - _options.ReconnectBeforeCutoff : Timeout.InfiniteTimeSpan;
            result.Value.Start(_onMessage, lifetime);
            Log.Connected(_logger, Name, result.Value.RedactedAddress);
        }

        return result;
    }

    private async Task SuperviseAsync(WebSocketConnection active, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var ended = await Task.WhenAny(active.Completion, active.RotateRequested).ConfigureAwait(false);
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                if (ended != active.Completion && !active.Completion.IsCompleted)
                {
                    Log.Rotating(_logger, Name);
                    var next = await ConnectAsync(stop).ConfigureAwait(false);
                    if (next.Success)
                    {
                        var old = active;
                        active = next.Value;
                        Volatile.Write(ref _active, active);
                        _ = old.CloseAsync();
                        continue;
                    }

                    LogReconnectFailed(next.Error);
                }

                await active.DisposeAsync().ConfigureAwait(false);
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                _status.Interrupted(this);
                var restored = await ReconnectWithBackoffAsync(stop).ConfigureAwait(false);
                if (restored is null)
                {
                    break;
                }

                active = restored;
                Volatile.Write(ref _active, active);
                _status.Restored(this);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private void LogReconnectFailed(ExchangeError error)
    {
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            Log.ReconnectFailed(_logger, Name, error.ToString());
        }
    }

    private async Task<WebSocketConnection?> ReconnectWithBackoffAsync(CancellationToken stop)
    {
        var delay = _options.ReconnectDelay;
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                delay = delay * 2 > _options.MaxReconnectDelay ? _options.MaxReconnectDelay : delay * 2;
            }

            if (stop.IsCancellationRequested)
            {
                return null;
            }

            var next = await ConnectAsync(stop).ConfigureAwait(false);
            if (next.Success)
            {
                return next.Value;
            }

            LogReconnectFailed(next.Error);
        }
    }
}
