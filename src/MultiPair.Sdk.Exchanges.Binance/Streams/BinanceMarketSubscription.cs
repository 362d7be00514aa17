using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Streams;

/// <summary>
/// A live Binance market-data subscription over one or more combined-stream connections. Besides the
/// <see cref="IStreamSubscription"/> status it tells when each pair last received data, so a silent pair can be detected
/// while the connection itself is fine.
/// </summary>
/// <remarks>Closed bars are delivered at most once per (pair, open time) and in increasing open time, also across reconnects.</remarks>
public sealed class BinanceMarketSubscription : IStreamSubscription
{
    private readonly StreamStatusTracker _status = new();
    private readonly List<ReconnectingStream> _streams = [];
    private readonly Dictionary<string, TradingPair> _pairsBySymbol;
    private readonly ConcurrentDictionary<TradingPair, long> _lastReceived = new();
    private readonly Dictionary<TradingPair, DateTimeOffset> _lastEmittedOpenTime = [];
    private readonly Lock _emitGate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string? _interval;
    private readonly Timeframe _timeframe;
    private readonly Action<Bar>? _onBar;
    private readonly Action<BookTicker>? _onTicker;
    private readonly DateTimeOffset _started;
    private long _dropped;
    private long _duplicates;
    private int _disposed;

    internal BinanceMarketSubscription(IReadOnlyCollection<TradingPair> pairs, TimeProvider time, ILogger logger, Timeframe timeframe, string? interval, Action<Bar>? onBar, Action<BookTicker>? onTicker)
    {
        _pairsBySymbol = pairs.ToDictionary(static p => p.Format(PairFormat.Concatenated), StringComparer.OrdinalIgnoreCase);
        _time = time;
        _logger = logger;
        _timeframe = timeframe;
        _interval = interval;
        _onBar = onBar;
        _onTicker = onTicker;
        _started = time.GetUtcNow();
    }

    /// <inheritdoc />
    public StreamStatus Status => _status.Status;

    /// <inheritdoc />
    public IObservable<StreamStatus> StatusChanges => _status;

    /// <summary>Gets how many payloads were dropped because they could not be read (malformed JSON, missing fields, unknown symbol, invalid OHLC).</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <summary>Gets how many closed bars were not delivered because a bar with the same or a later open time already was (replays after a reconnect).</summary>
    public long DuplicateBars => Interlocked.Read(ref _duplicates);

    /// <summary>Gets the number of WebSocket connections the subscription uses.</summary>
    public int ConnectionCount => _streams.Count;

    /// <summary>Gets the pairs of the subscription.</summary>
    public IReadOnlyCollection<TradingPair> Pairs => _pairsBySymbol.Values;

    internal StreamStatusTracker Tracker => _status;

    internal IReadOnlyList<ReconnectingStream> Streams => _streams;

    /// <summary>Gets when a pair last received any update (a forming kline counts), or null when it never did.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The time, on the subscription's clock.</returns>
    public DateTimeOffset? GetLastReceived(TradingPair pair) =>
        _lastReceived.TryGetValue(pair, out var ticks) ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Lists the pairs that received nothing for at least <paramref name="maxAge"/> (a pair that never received counts from the subscription's start).</summary>
    /// <param name="maxAge">How long a pair may stay silent.</param>
    /// <returns>The stale pairs.</returns>
    public IReadOnlyList<TradingPair> GetStalePairs(TimeSpan maxAge)
    {
        var now = _time.GetUtcNow();
        return [.. _pairsBySymbol.Values.Where(p => now - (GetLastReceived(p) ?? _started) >= maxAge)];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var stream in _streams)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        _status.Close();
    }

    internal void Add(ReconnectingStream stream) => _streams.Add(stream);

    internal void OnMessage(WebSocketConnection connection, ReadOnlyMemory<byte> payload)
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
            var data = BinanceStreamParser.Unwrap(root, out var stream);
            var eventType = BinanceStreamParser.EventType(data);
            if (string.Equals(eventType, "serverShutdown", StringComparison.Ordinal))
            {
                Log.ServerShutdown(_logger, connection.RedactedAddress);
                connection.RequestRotate();
                return;
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out _) && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _)))
            {
                return; // Reply to a SUBSCRIBE / LIST_SUBSCRIPTIONS request.
            }

            var symbol = BinanceStreamParser.Symbol(data);
            if (symbol is null || !_pairsBySymbol.TryGetValue(symbol, out var pair))
            {
                Drop(symbol is null ? "no symbol" : $"unknown symbol '{symbol}'", payload.Span);
                return;
            }

            if (_onBar is not null)
            {
                OnKline(data, pair, payload.Span);
            }
            else if (stream is null || stream.EndsWith("@bookTicker", StringComparison.Ordinal))
            {
                OnBookTicker(data, pair, payload.Span);
            }
        }
    }

    private void OnKline(JsonElement data, TradingPair pair, ReadOnlySpan<byte> payload)
    {
        if (BinanceStreamParser.ParseKline(data, out var error) is not { } kline)
        {
            Drop(error!, payload);
            return;
        }

        if (!string.Equals(kline.Interval, _interval, StringComparison.Ordinal))
        {
            Drop($"interval '{kline.Interval}' is not the subscribed '{_interval}'", payload);
            return;
        }

        if (Bar.Validate(pair, _timeframe, kline.Open, kline.High, kline.Low, kline.Close, kline.Volume) is { } invalid)
        {
            Drop(invalid, payload);
            return;
        }

        Touch(pair);
        if (!kline.IsClosed)
        {
            return;
        }

        var bar = new Bar(pair, _timeframe, kline.OpenTime, kline.Open, kline.High, kline.Low, kline.Close, kline.Volume);
        lock (_emitGate)
        {
            if (_lastEmittedOpenTime.TryGetValue(pair, out var last) && bar.OpenTime <= last)
            {
                Interlocked.Increment(ref _duplicates);
                return;
            }

            _lastEmittedOpenTime[pair] = bar.OpenTime;
            Deliver(_onBar!, bar);
        }
    }

    private void OnBookTicker(JsonElement data, TradingPair pair, ReadOnlySpan<byte> payload)
    {
        if (BinanceStreamParser.ParseBookTicker(data, pair, _time.GetUtcNow(), out var error) is not { } ticker)
        {
            Drop(error!, payload);
            return;
        }

        Touch(pair);
        lock (_emitGate)
        {
            Deliver(_onTicker!, ticker);
        }
    }

    private void Deliver<T>(Action<T> handler, T value)
    {
        try
        {
            handler(value);
        }
#pragma warning disable CA1031 // The caller's handler must not stop the stream; its failure is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CallbackFailed(_logger, ex);
        }
    }

    private void Touch(TradingPair pair) => _lastReceived[pair] = _time.GetUtcNow().UtcTicks;

    private void Drop(string reason, ReadOnlySpan<byte> payload)
    {
        var count = Interlocked.Increment(ref _dropped);
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            Log.PayloadDropped(_logger, reason, count, BinanceStreamParser.Sample(payload));
        }
    }
}
