using System.Text.Json;
using Microsoft.Extensions.Logging;
using MultiPair.Sdk.Exchanges.Binance.Rest;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance;

/// <summary>
/// Binance REST adapter for spot (<c>/api/v3</c>) or USDⓈ-M futures (<c>/fapi</c>), chosen by <see cref="BinanceOptions.Market"/>.
/// Every failure is an <see cref="ExchangeResult{T}"/> value; only API misuse throws <see cref="ArgumentException"/>.
/// All requests share one weight budget per base address. Resolve it from DI with <c>UseBinance</c>.
/// </summary>
public sealed class BinanceAdapter : IInstrumentApi, IKlineApi, ITickerApi, IOrderApi, IAccountApi, IPositionApi, IDisposable
{
    private static readonly HashSet<string> Intervals = new(StringComparer.Ordinal)
    {
        "1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w",
    };

    private readonly BinanceRestClient _client;
    private readonly BinanceWeightBudget _budget;
    private readonly BinanceSymbolMap _symbols = new();
    private readonly ILogger _logger;
    private readonly bool _futures;
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private TimeProvider? _serverClock;

    internal BinanceAdapter(HttpClient http, BinanceOptions options, BinanceWeightBudget budget, TimeProvider time, ILogger<BinanceAdapter> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        Market = options.Market;
        _futures = options.Market == MarketType.LinearPerpetual;
        _prefix = _futures ? "/fapi/v1" : "/api/v3";
        _budget = budget;
        _time = time;
        _logger = logger;
        _client = new BinanceRestClient(http, options, budget, time, logger);
    }

    /// <summary>Raised when Binance bans this IP (HTTP 418); every request then fails with <see cref="ExchangeErrorKind.IpBanned"/> without being sent until the ban ends.</summary>
    public event EventHandler<BinanceBanEventArgs>? Banned
    {
        add => _budget.Banned += value;
        remove => _budget.Banned -= value;
    }

    /// <inheritdoc/>
    public string Exchange => "binance";

    /// <inheritdoc/>
    public MarketType Market { get; }

    internal BinanceWeightBudget Budget => _budget;

    internal BinanceRestClient Client => _client;

    /// <summary>Gets the local clock shifted by the measured server-time offset (for signed WebSocket API requests).</summary>
    internal TimeProvider ServerClock => _serverClock ??= new ServerClock(_time, () => _client.Offset);

    /// <summary>Maps a Binance symbol to a pair: from exchangeInfo once loaded, else by known quote assets.</summary>
    internal TradingPair? ResolveSymbol(string symbol) =>
        _symbols.TryGetPair(symbol, out var pair) ? pair : TradingPair.TryParse(symbol, out pair) ? pair : null;

    private int KlineLimit => _futures ? 1500 : 1000;

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    /// <inheritdoc/>
    public async Task<ExchangeResult<IReadOnlyList<Instrument>>> GetInstrumentsAsync(CancellationToken cancellationToken = default)
    {
        var request = new BinanceRequest(HttpMethod.Get, _prefix + "/exchangeInfo", weight: _futures ? 1 : 20, signed: false);
        var result = await _client.SendAsync(
            request,
            root => BinanceParsers.Instruments(root, Market, (symbol, reason) => BinanceLog.UnknownSymbolSkipped(_logger, symbol + " (" + reason + ")", request.Path)),
            cancellationToken).ConfigureAwait(false);
        if (!result.TryGetValue(out var instruments))
        {
            return ExchangeResult.Fail<IReadOnlyList<Instrument>>(result.Error!);
        }

        _symbols.Load(instruments.Select(static i => new KeyValuePair<string, TradingPair>(i.Key, i.Value.Pair)));
        return ExchangeResult.Ok<IReadOnlyList<Instrument>>([.. instruments.Select(static i => i.Value)]);
    }

    /// <inheritdoc/>
    public async Task<ExchangeResult<IReadOnlyList<Bar>>> GetKlinesAsync(
        TradingPair pair, Timeframe timeframe, DateTimeOffset startTime, DateTimeOffset endTime, CancellationToken cancellationToken = default)
    {
        CheckPair(pair);
        if (timeframe == default)
        {
            throw new ArgumentException("A timeframe is required.", nameof(timeframe));
        }

        if (endTime < startTime)
        {
            throw new ArgumentException($"The end time {endTime:O} is before the start time {startTime:O}.", nameof(endTime));
        }

        var interval = timeframe.ToString();
        if (!Intervals.Contains(interval))
        {
            return ExchangeResult.Fail<IReadOnlyList<Bar>>(ExchangeErrorKind.InvalidRequest, $"Binance has no {interval} klines; supported: {string.Join(", ", Intervals)}.");
        }

        var symbol = _symbols.Symbol(pair);
        var bars = new List<Bar>();
        var cursor = startTime.ToUnixTimeMilliseconds();
        var last = endTime.ToUnixTimeMilliseconds() - 1;
        var step = (long)timeframe.Duration.TotalMilliseconds;
        var limit = KlineLimit;
        while (cursor <= last)
        {
            var request = new BinanceRequest(HttpMethod.Get, _prefix + "/klines", KlineWeight(limit), signed: false)
                .Add("symbol", symbol)
                .Add("interval", interval)
                .Add("startTime", cursor)
                .Add("endTime", last)
                .Add("limit", limit);
            var page = await _client.SendAsync(request, root => BinanceParsers.Klines(root, pair, timeframe), cancellationToken).ConfigureAwait(false);
            if (!page.TryGetValue(out var rows))
            {
                return ExchangeResult.Fail<IReadOnlyList<Bar>>(page.Error!);
            }

            var serverNow = _client.ServerNow;
            var stop = rows.Count < limit;
            foreach (var bar in rows)
            {
                var open = bar.OpenTime.ToUnixTimeMilliseconds();
                if (open < cursor)
                {
                    continue; // Already returned (or before the range).
                }

                if (open > last || bar.CloseTime > serverNow)
                {
                    stop = true; // Past the range, or the bar still forming: only closed bars are returned.
                    break;
                }

                bars.Add(bar);
                cursor = open + step;
            }

            if (stop || rows.Count == 0)
            {
                break;
            }
        }

        return ExchangeResult.Ok<IReadOnlyList<Bar>>(bars);
    }

    /// <inheritdoc/>
    public Task<ExchangeResult<BookTicker>> GetBookTickerAsync(TradingPair pair, CancellationToken cancellationToken = default)
    {
        CheckPair(pair);
        var symbol = _symbols.Symbol(pair);
        var request = new BinanceRequest(HttpMethod.Get, _prefix + "/ticker/bookTicker", weight: 2, signed: false).Add("symbol", symbol);
        return _client.SendAsync(request, root => BinanceParsers.BookTicker(root, symbol, pair, _client.ServerNow), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ExchangeResult<Ticker24h>> GetTicker24hAsync(TradingPair pair, CancellationToken cancellationToken = default)
    {
        CheckPair(pair);
        var symbol = _symbols.Symbol(pair);
        var request = new BinanceRequest(HttpMethod.Get, _prefix + "/ticker/24hr", weight: _futures ? 1 : 2, signed: false).Add("symbol", symbol);
        return _client.SendAsync(request, root => BinanceParsers.Ticker24h(root, symbol, pair), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ExchangeResult<ExchangeOrder>> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken = default)
    {
        var result = await PlaceOrderWithFillsAsync(order, cancellationToken).ConfigureAwait(false);
        return result.Map(static placed => placed.Order);
    }

    /// <inheritdoc/>
    public Task<ExchangeResult<ExchangeOrder>> CancelOrderAsync(TradingPair pair, ClientOrderId clientOrderId, CancellationToken cancellationToken = default)
    {
        CheckPair(pair);
        CheckClientOrderId(clientOrderId);
        var symbol = _symbols.Symbol(pair);
        var request = new BinanceRequest(HttpMethod.Delete, _prefix + "/order", weight: 1, signed: true, isOrderWrite: true)
            .Add("symbol", symbol)
            .Add("origClientOrderId", clientOrderId.Value);
        return _client.SendAsync(request, root => OrderFor(root, symbol, pair), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ExchangeResult<ExchangeOrder>> GetOrderAsync(TradingPair pair, ClientOrderId clientOrderId, CancellationToken cancellationToken = default)
    {
        CheckPair(pair);
        CheckClientOrderId(clientOrderId);
        var symbol = _symbols.Symbol(pair);
        var request = new BinanceRequest(HttpMethod.Get, _prefix + "/order", weight: _futures ? 1 : 4, signed: true)
            .Add("symbol", symbol)
            .Add("origClientOrderId", clientOrderId.Value);
        return _client.SendAsync(request, root => OrderFor(root, symbol, pair), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ExchangeResult<IReadOnlyList<ExchangeOrder>>> GetOpenOrdersAsync(TradingPair? pair = null, CancellationToken cancellationToken = default)
    {
        if (pair is { } one)
        {
            CheckPair(one);
            var symbol = _symbols.Symbol(one);
            var request = new BinanceRequest(HttpMethod.Get, _prefix + "/openOrders", weight: _futures ? 1 : 6, signed: true).Add("symbol", symbol);
            return await _client.SendAsync<IReadOnlyList<ExchangeOrder>>(
                request,
                root => [.. BinanceJson.Array(root, "orders").Select(o => OrderFor(o, symbol, one))],
                cancellationToken).ConfigureAwait(false);
        }

        var symbolsError = await EnsureSymbolsAsync(cancellationToken).ConfigureAwait(false);
        if (symbolsError is not null)
        {
            return ExchangeResult.Fail<IReadOnlyList<ExchangeOrder>>(symbolsError);
        }

        var all = new BinanceRequest(HttpMethod.Get, _prefix + "/openOrders", weight: _futures ? 40 : 80, signed: true);
        return await _client.SendAsync<IReadOnlyList<ExchangeOrder>>(
            all,
            root =>
            {
                var orders = new List<ExchangeOrder>();
                foreach (var row in BinanceJson.Array(root, "orders"))
                {
                    if (TryPair(row, all.Path, out var rowPair))
                    {
                        orders.Add(BinanceParsers.Order(row, rowPair, _futures));
                    }
                }

                return orders;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<ExchangeResult<IReadOnlyList<ExchangeTrade>>> GetTradesAsync(TradingPair pair, long? fromTradeId = null, CancellationToken cancellationToken = default)
    {
        CheckPair(pair);
        if (fromTradeId < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fromTradeId), fromTradeId, "A trade id is not negative.");
        }

        var symbol = _symbols.Symbol(pair);
        var request = _futures
            ? new BinanceRequest(HttpMethod.Get, "/fapi/v1/userTrades", weight: 5, signed: true)
            : new BinanceRequest(HttpMethod.Get, "/api/v3/myTrades", weight: 20, signed: true);
        request.Add("symbol", symbol).Add("limit", 1000);
        if (fromTradeId is { } from)
        {
            request.Add("fromId", from);
        }

        return _client.SendAsync<IReadOnlyList<ExchangeTrade>>(
            request,
            root =>
            {
                var trades = new List<ExchangeTrade>();
                foreach (var row in BinanceJson.Array(root, "trades"))
                {
                    BinanceParsers.ExpectSymbol(row, symbol);
                    trades.Add(BinanceParsers.Trade(row, pair, _futures));
                }

                return trades;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ExchangeResult<IReadOnlyList<AssetBalance>>> GetBalancesAsync(CancellationToken cancellationToken = default)
    {
        if (_futures)
        {
            var futures = new BinanceRequest(HttpMethod.Get, "/fapi/v3/balance", weight: 5, signed: true);
            return _client.SendAsync<IReadOnlyList<AssetBalance>>(futures, static root => BinanceParsers.FuturesBalances(root), cancellationToken);
        }

        var spot = new BinanceRequest(HttpMethod.Get, "/api/v3/account", weight: 20, signed: true).Add("omitZeroBalances", "true");
        return _client.SendAsync<IReadOnlyList<AssetBalance>>(spot, static root => BinanceParsers.SpotBalances(root), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ExchangeResult<IReadOnlyList<ExchangePosition>>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        if (!_futures)
        {
            return NotSupported<IReadOnlyList<ExchangePosition>>("positions");
        }

        var symbolsError = await EnsureSymbolsAsync(cancellationToken).ConfigureAwait(false);
        if (symbolsError is not null)
        {
            return ExchangeResult.Fail<IReadOnlyList<ExchangePosition>>(symbolsError);
        }

        var request = new BinanceRequest(HttpMethod.Get, "/fapi/v2/positionRisk", weight: 5, signed: true);
        return await _client.SendAsync<IReadOnlyList<ExchangePosition>>(
            request,
            root =>
            {
                var positions = new List<ExchangePosition>();
                foreach (var row in BinanceJson.Array(root, "positions"))
                {
                    if (TryPair(row, request.Path, out var pair) && BinanceParsers.Position(row, pair) is { } position)
                    {
                        positions.Add(position);
                    }
                }

                return positions;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<ExchangeResult<int>> SetLeverageAsync(TradingPair pair, int leverage, CancellationToken cancellationToken = default)
    {
        CheckPair(pair);
        ArgumentOutOfRangeException.ThrowIfLessThan(leverage, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leverage, 125);
        if (!_futures)
        {
            return Task.FromResult(NotSupported<int>("leverage"));
        }

        var symbol = _symbols.Symbol(pair);
        var request = new BinanceRequest(HttpMethod.Post, "/fapi/v1/leverage", weight: 1, signed: true)
            .Add("symbol", symbol)
            .Add("leverage", leverage);
        return _client.SendAsync(
            request,
            root =>
            {
                BinanceParsers.ExpectSymbol(root, symbol);
                var value = BinanceJson.Long(root, "leverage");
                return value is >= 1 and <= int.MaxValue ? (int)value : throw new BinanceMalformedException($"Leverage {value} is out of range.");
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ExchangeResult<MarginMode>> SetMarginModeAsync(TradingPair pair, MarginMode mode, CancellationToken cancellationToken = default)
    {
        CheckPair(pair);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown margin mode.");
        }

        if (!_futures)
        {
            return NotSupported<MarginMode>("margin modes");
        }

        var request = new BinanceRequest(HttpMethod.Post, "/fapi/v1/marginType", weight: 1, signed: true)
            .Add("symbol", _symbols.Symbol(pair))
            .Add("marginType", mode == MarginMode.Isolated ? "ISOLATED" : "CROSSED");
        var result = await _client.SendAsync(request, static _ => true, cancellationToken).ConfigureAwait(false);

        // -4046 "No need to change margin type.": the symbol already has this mode.
        return result.Success || result.Error.Code == -4046 ? ExchangeResult.Ok(mode) : ExchangeResult.Fail<MarginMode>(result.Error);
    }

    /// <summary>Places an order and returns it with the fills of a spot FULL response (futures responses carry none).</summary>
    internal Task<ExchangeResult<BinancePlacedOrder>> PlaceOrderWithFillsAsync(OrderRequest order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.ReduceOnly && !_futures)
        {
            return Task.FromResult(ExchangeResult.Fail<BinancePlacedOrder>(ExchangeErrorKind.InvalidRequest, "Reduce-only orders exist only on futures; spot has no positions to reduce."));
        }

        var symbol = _symbols.Symbol(order.Pair);
        var request = new BinanceRequest(HttpMethod.Post, _prefix + "/order", weight: 1, signed: true, isOrderWrite: true)
            .Add("symbol", symbol)
            .Add("side", order.Side == OrderSide.Buy ? "BUY" : "SELL")
            .Add("type", OrderTypeName(order.Type));
        if (order.Type is OrderType.Limit or OrderType.StopLimit)
        {
            request.Add("timeInForce", order.TimeInForce switch
            {
                TimeInForce.ImmediateOrCancel => "IOC",
                TimeInForce.FillOrKill => "FOK",
                _ => "GTC",
            });
        }

        request.Add("quantity", order.Quantity);
        if (order.Price is { } price)
        {
            request.Add("price", price);
        }

        if (order.StopPrice is { } stop)
        {
            request.Add("stopPrice", stop);
        }

        if (order.ReduceOnly)
        {
            request.Add("reduceOnly", "true");
        }

        request.Add("newClientOrderId", order.ClientOrderId.Value).Add("newOrderRespType", _futures ? "RESULT" : "FULL");
        return _client.SendAsync(
            request,
            root =>
            {
                var placed = OrderFor(root, symbol, order.Pair);
                return new BinancePlacedOrder(placed, BinanceParsers.Fills(root, placed));
            },
            cancellationToken);
    }

    private static int KlineWeight(int limit) => limit switch
    {
        < 100 => 1,
        < 500 => 2,
        <= 1000 => 5,
        _ => 10,
    };

    private static void CheckPair(TradingPair pair)
    {
        if (pair.IsDefault)
        {
            throw new ArgumentException("default(TradingPair) is not a valid pair.", nameof(pair));
        }
    }

    private static void CheckClientOrderId(ClientOrderId clientOrderId)
    {
        if (clientOrderId.IsDefault)
        {
            throw new ArgumentException("A client order id is required.", nameof(clientOrderId));
        }
    }

    private ExchangeResult<T> NotSupported<T>(string what) =>
        ExchangeResult.Fail<T>(ExchangeErrorKind.NotSupported, $"Binance {Market} has no {what}; use LinearPerpetual.");

    private string OrderTypeName(OrderType type) => type switch
    {
        OrderType.Market => "MARKET",
        OrderType.Limit => "LIMIT",
        OrderType.StopMarket => _futures ? "STOP_MARKET" : "STOP_LOSS",
        OrderType.StopLimit => _futures ? "STOP" : "STOP_LOSS_LIMIT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown order type."),
    };

    private ExchangeOrder OrderFor(JsonElement root, string symbol, TradingPair pair)
    {
        BinanceParsers.ExpectSymbol(root, symbol);
        return BinanceParsers.Order(root, pair, _futures);
    }

    private bool TryPair(JsonElement row, string path, out TradingPair pair)
    {
        var symbol = BinanceJson.String(row, "symbol");
        if (_symbols.TryGetPair(symbol, out pair))
        {
            return true;
        }

        BinanceLog.UnknownSymbolSkipped(_logger, symbol, path);
        return false;
    }

    private async Task<ExchangeError?> EnsureSymbolsAsync(CancellationToken cancellationToken)
    {
        if (_symbols.IsLoaded)
        {
            return null;
        }

        var result = await GetInstrumentsAsync(cancellationToken).ConfigureAwait(false);
        return result.Error;
    }
}
