using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Streams;

/// <summary>
/// Binance market-data streams (spot and USDⓈ-M futures) on <see cref="System.Net.WebSockets.ClientWebSocket"/>: combined
/// streams of up to <see cref="BinanceOptions.MaxStreamsPerConnection"/> per connection, closed klines as <see cref="Bar"/>s
/// and book tickers, with reconnects, proactive replacement before the 24 h cut-off and idle detection.
/// </summary>
/// <remarks>Every subscription returned is a <see cref="BinanceMarketSubscription"/> (per-pair staleness, dropped-payload counts).</remarks>
public sealed class BinanceMarketStreams : IMarketStreamApi
{
    private readonly BinanceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Initializes the streams.</summary>
    /// <param name="options">The adapter's options (market, stream address, limits, reconnect settings).</param>
    /// <param name="timeProvider">The clock for timers and timestamps; null uses the system clock.</param>
    /// <param name="loggerFactory">The logger factory; null logs nothing.</param>
    public BinanceMarketStreams(BinanceOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BinanceMarketStreams>();
    }

    /// <inheritdoc />
    public string Exchange => "binance";

    /// <inheritdoc />
    public MarketType Market => _options.Market;

    /// <inheritdoc />
    public Task<ExchangeResult<IStreamSubscription>> SubscribeToClosedBarsAsync(IReadOnlyCollection<TradingPair> pairs, Timeframe timeframe, Action<Bar> onBar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(onBar);
        if (timeframe == default || BinanceStreamParser.IntervalOf(timeframe, _options.Market) is not { } interval)
        {
            return Task.FromResult(ExchangeResult.Fail<IStreamSubscription>(ExchangeErrorKind.NotSupported, $"Binance {_options.Market} has no '{timeframe}' kline stream."));
        }

        return SubscribeAsync(pairs, "market", "@kline_" + interval, timeframe, interval, onBar, null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ExchangeResult<IStreamSubscription>> SubscribeToBookTickersAsync(IReadOnlyCollection<TradingPair> pairs, Action<BookTicker> onTicker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(onTicker);
        return SubscribeAsync(pairs, "public", "@bookTicker", default, null, null, onTicker, cancellationToken);
    }

    /// <summary>Builds the combined-stream address of some streams: <c>/stream?streams=a/b</c> on spot, <c>/{route}/stream?streams=a/b</c> on futures.</summary>
    internal static Uri StreamUri(BinanceOptions options, string futuresRoute, IEnumerable<string> streams)
    {
        var builder = new StringBuilder(options.EffectiveStreamAddress.AbsoluteUri.TrimEnd('/'));
        if (options.Market != MarketType.Spot)
        {
            builder.Append('/').Append(futuresRoute);
        }

        builder.Append("/stream?streams=").AppendJoin('/', streams);
        return new Uri(builder.ToString());
    }

    private async Task<ExchangeResult<IStreamSubscription>> SubscribeAsync(
        IReadOnlyCollection<TradingPair> pairs, string futuresRoute, string suffix, Timeframe timeframe, string? interval, Action<Bar>? onBar, Action<BookTicker>? onTicker, CancellationToken cancellationToken)
    {
        if (_options.Validate() is { Count: > 0 } problems)
        {
            return ExchangeResult.Fail<IStreamSubscription>(ExchangeErrorKind.InvalidRequest, "Invalid Binance options: " + string.Join(" ", problems));
        }

        var distinct = pairs.Distinct().ToList();
        if (distinct.Count == 0 || distinct.Exists(static p => p.IsDefault))
        {
            return ExchangeResult.Fail<IStreamSubscription>(ExchangeErrorKind.InvalidRequest, "Subscribe to at least one pair, and no default pair.");
        }

        var subscription = new BinanceMarketSubscription(distinct, _time, _logger, timeframe, interval, onBar, onTicker);
        var chunks = distinct.Select(p => p.Format(PairFormat.LowerConcatenated) + suffix).Chunk(_options.MaxStreamsPerConnection).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            var address = StreamUri(_options, futuresRoute, chunks[i]);
            var stream = new ReconnectingStream(
                $"{suffix.TrimStart('@')}#{i + 1}",
                ct => WebSocketConnection.ConnectAsync(address, _time, _options.StreamIdleTimeout, _options.RequestTimeout, _logger, ct),
                subscription.OnMessage,
                _options,
                _time,
                subscription.Tracker,
                _logger);
            subscription.Add(stream);
            if (await stream.StartAsync(cancellationToken).ConfigureAwait(false) is { } error)
            {
                await subscription.DisposeAsync().ConfigureAwait(false);
                return ExchangeResult.Fail<IStreamSubscription>(error);
            }
        }

        return ExchangeResult.Ok<IStreamSubscription>(subscription);
    }
}
