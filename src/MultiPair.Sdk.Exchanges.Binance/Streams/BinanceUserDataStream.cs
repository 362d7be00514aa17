using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Streams;

/// <summary>
/// The Binance user data stream: on spot through the WebSocket API (<c>userDataStream.subscribe.signature</c>), on USDⓈ-M
/// futures through a listenKey (created, kept alive and recreated over REST) on the <c>/private</c> route. Order updates
/// (executionReport, ORDER_TRADE_UPDATE) are delivered in arrival order; a reconnect is reported as
/// <see cref="StreamStatus.Interrupted"/> then <see cref="StreamStatus.Restored"/> so missed fills can be fetched over REST.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is the user data stream of Binance; the name matches IUserDataStreamApi.")]
public sealed class BinanceUserDataStream : IUserDataStreamApi
{
    private readonly BinanceOptions _options;
    private readonly HttpClient _http;
    private readonly Func<string, TradingPair?> _resolveSymbol;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Initializes the stream.</summary>
    /// <param name="options">The adapter's options (market, credentials, addresses, keep-alive and reconnect settings).</param>
    /// <param name="httpClient">The client for the futures listenKey requests (addresses are absolute; no base address needed).</param>
    /// <param name="resolveSymbol">Maps an exchange symbol (<c>BTCUSDT</c>) to its pair, or null when unknown; null parses the symbol against the known quote assets. Wire it to the exchange's instrument list.</param>
    /// <param name="timeProvider">The clock for timestamps and timers; null uses the system clock.</param>
    /// <param name="loggerFactory">The logger factory; null logs nothing.</param>
    public BinanceUserDataStream(BinanceOptions options, HttpClient httpClient, Func<string, TradingPair?>? resolveSymbol = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options;
        _http = httpClient;
        _resolveSymbol = resolveSymbol ?? (static symbol => TradingPair.TryParse(symbol, out var pair) ? pair : null);
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BinanceUserDataStream>();
    }

    /// <inheritdoc />
    public string Exchange => "binance";

    /// <inheritdoc />
    public MarketType Market => _options.Market;

    /// <inheritdoc />
    public async Task<ExchangeResult<IStreamSubscription>> SubscribeToOrderUpdatesAsync(Action<OrderUpdate> onUpdate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onUpdate);
        if (!_options.HasCredentials)
        {
            return ExchangeResult.Fail<IStreamSubscription>(ExchangeErrorKind.Unauthorized, "The user data stream needs an API key and secret.");
        }

        if (_options.Validate() is { Count: > 0 } problems)
        {
            return ExchangeResult.Fail<IStreamSubscription>(ExchangeErrorKind.InvalidRequest, "Invalid Binance options: " + string.Join(" ", problems));
        }

        var subscription = new UserDataSubscription(_options, _http, _resolveSymbol, _time, _logger, onUpdate);
        var error = await subscription.StartAsync(cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            return ExchangeResult.Fail<IStreamSubscription>(error);
        }

        return ExchangeResult.Ok<IStreamSubscription>(subscription);
    }
}
