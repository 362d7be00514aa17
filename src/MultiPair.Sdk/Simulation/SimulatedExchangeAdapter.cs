using System.Globalization;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Simulation;

/// <summary>
/// The <see cref="SimulatedExchange"/> behind the exchange capability interfaces (orders by client id, trades, a user data
/// stream, instruments), so the same <see cref="OrderExecutor"/> that trades a real exchange runs on it (paper trading, tests).
/// </summary>
/// <remarks>
/// Refusals carry the same <see cref="ExchangeErrorKind"/> a real adapter gives: filter failures name the filter, a reused
/// client order id is <see cref="ExchangeErrorKind.DuplicateClientOrderId"/>, an unknown or finished order is
/// <see cref="ExchangeErrorKind.UnknownOrder"/>, an unlisted pair <see cref="ExchangeErrorKind.UnknownSymbol"/>. Fills still
/// happen when bars reach <see cref="SimulatedExchange.OnBar"/>; each fill becomes a trade with an increasing id per pair,
/// pushed to order-update subscribers.
/// </remarks>
public sealed class SimulatedExchangeAdapter : IOrderApi, IUserDataStreamApi, IInstrumentApi, IPositionApi
{
    private readonly SimulatedExchange _exchange;
    private readonly Lock _lock = new();
    private readonly Dictionary<ClientOrderId, OrderState> _orders = [];
    private readonly Dictionary<TradingPair, List<ExchangeTrade>> _trades = [];
    private readonly List<Subscription> _subscribers = [];
    private readonly Dictionary<TradingPair, (decimal Net, decimal Entry)> _positions = [];
    private readonly Dictionary<TradingPair, (int Leverage, MarginMode Mode)> _settings = [];
    private long _nextOrderId;
    private long _nextTradeId;

    /// <summary>Initializes a new instance of the <see cref="SimulatedExchangeAdapter"/> class.</summary>
    /// <param name="exchange">The simulated exchange to trade on.</param>
    /// <param name="market">The market it represents.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exchange"/> is null.</exception>
    public SimulatedExchangeAdapter(SimulatedExchange exchange, MarketType market = MarketType.Spot)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        _exchange = exchange;
        Market = market;
    }

    /// <inheritdoc />
    public string Exchange => "simulated";

    /// <inheritdoc />
    public MarketType Market { get; }

    /// <summary>Gets the simulated exchange.</summary>
    public SimulatedExchange Simulation => _exchange;

    /// <summary>Gets every trade so far, per pair in id order.</summary>
    /// <returns>The trades.</returns>
    public IReadOnlyList<ExchangeTrade> GetAllTrades()
    {
        lock (_lock)
        {
            return _trades.Values.SelectMany(t => t).ToList();
        }
    }

    /// <inheritdoc />
    public Task<ExchangeResult<IReadOnlyList<Instrument>>> GetInstrumentsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(ExchangeResult.Ok<IReadOnlyList<Instrument>>(_exchange.Options.Instruments.Values.ToList()));

    /// <inheritdoc />
    public Task<ExchangeResult<ExchangeOrder>> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        OrderState state;
        lock (_lock)
        {
            if (_orders.ContainsKey(order.ClientOrderId))
            {
                return Task.FromResult(ExchangeResult.Fail<ExchangeOrder>(new ExchangeError(ExchangeErrorKind.DuplicateClientOrderId, "Duplicate order sent.") { Code = -2010 }));
            }

            state = new OrderState(this, order, (++_nextOrderId).ToString(CultureInfo.InvariantCulture));
            _orders.Add(order.ClientOrderId, state);
        }

        _exchange.Send(order, state);
        lock (_lock)
        {
            if (state.Order.Status == ExecutionStatus.Rejected && state.Order.FilledQuantity == 0m)
            {
                _orders.Remove(order.ClientOrderId);
                return Task.FromResult(ExchangeResult.Fail<ExchangeOrder>(Classify(state.RejectReason ?? "Rejected.")));
            }

            return Task.FromResult(ExchangeResult.Ok(state.Order));
        }
    }

    /// <inheritdoc />
    public Task<ExchangeResult<ExchangeOrder>> CancelOrderAsync(TradingPair pair, ClientOrderId clientOrderId, CancellationToken cancellationToken = default)
    {
        OrderState? state;
        lock (_lock)
        {
            if (!_orders.TryGetValue(clientOrderId, out state) || state.Order.Pair != pair || state.Order.IsFinal)
            {
                return Task.FromResult(UnknownOrder());
            }
        }

        _exchange.Cancel(clientOrderId, state);
        lock (_lock)
        {
            return Task.FromResult(ExchangeResult.Ok(state.Order));
        }
    }

    /// <inheritdoc />
    public Task<ExchangeResult<ExchangeOrder>> GetOrderAsync(TradingPair pair, ClientOrderId clientOrderId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_orders.TryGetValue(clientOrderId, out var state) && state.Order.Pair == pair ? ExchangeResult.Ok(state.Order) : UnknownOrder());
        }
    }

    /// <inheritdoc />
    public Task<ExchangeResult<IReadOnlyList<ExchangeOrder>>> GetOpenOrdersAsync(TradingPair? pair = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<ExchangeOrder> open = _orders.Values.Select(s => s.Order).Where(o => !o.IsFinal && (pair is null || o.Pair == pair)).ToList();
            return Task.FromResult(ExchangeResult.Ok(open));
        }
    }

    /// <inheritdoc />
    public Task<ExchangeResult<IReadOnlyList<ExchangeTrade>>> GetTradesAsync(TradingPair pair, long? fromTradeId = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<ExchangeTrade> trades = _trades.TryGetValue(pair, out var list)
                ? list.Where(t => fromTradeId is null || long.Parse(t.TradeId, CultureInfo.InvariantCulture) >= fromTradeId).Select(t => t with { ClientOrderId = null }).ToList()
                : [];
            return Task.FromResult(ExchangeResult.Ok(trades));
        }
    }

    /// <inheritdoc />
    public Task<ExchangeResult<IStreamSubscription>> SubscribeToOrderUpdatesAsync(Action<OrderUpdate> onUpdate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onUpdate);
        var subscription = new Subscription(this, onUpdate);
        lock (_lock)
        {
            _subscribers.Add(subscription);
        }

        return Task.FromResult(ExchangeResult.Ok<IStreamSubscription>(subscription));
    }

    /// <inheritdoc />
    /// <remarks>Spot has no positions: <see cref="ExchangeErrorKind.NotSupported"/>. Entry prices are the average of the trades that built the position.</remarks>
    public Task<ExchangeResult<IReadOnlyList<ExchangePosition>>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        if (Market == MarketType.Spot)
        {
            return Task.FromResult(ExchangeResult.Fail<IReadOnlyList<ExchangePosition>>(ExchangeErrorKind.NotSupported, "Spot accounts have no positions."));
        }

        lock (_lock)
        {
            // The simulated exchange's net position is the truth (it may also be set directly); entry prices come from the trades.
            IReadOnlyList<ExchangePosition> positions = _positions.Keys
                .Union(_orders.Values.Select(o => o.Order.Pair))
                .Select(pair => (Pair: pair, Net: _exchange.GetPosition(pair)))
                .Where(p => p.Net != 0m)
                .OrderBy(p => p.Pair.ToString(), StringComparer.Ordinal)
                .Select(p => new ExchangePosition
                {
                    Pair = p.Pair,
                    Side = p.Net > 0m ? Portfolio.PositionSide.Long : Portfolio.PositionSide.Short,
                    Quantity = Math.Abs(p.Net),
                    EntryPrice = _positions.TryGetValue(p.Pair, out var tracked) && tracked.Entry > 0m ? tracked.Entry : 0m,
                    Leverage = _settings.TryGetValue(p.Pair, out var setting) ? setting.Leverage : 1,
                    MarginMode = _settings.TryGetValue(p.Pair, out var mode) ? mode.Mode : MarginMode.Cross,
                })
                .ToList();
            return Task.FromResult(ExchangeResult.Ok(positions));
        }
    }

    /// <inheritdoc />
    public Task<ExchangeResult<int>> SetLeverageAsync(TradingPair pair, int leverage, CancellationToken cancellationToken = default)
    {
        if (leverage is < 1 or > 125)
        {
            return Task.FromResult(ExchangeResult.Fail<int>(new ExchangeError(ExchangeErrorKind.InvalidRequest, "Leverage is not valid.") { Code = -4028 }));
        }

        lock (_lock)
        {
            _settings[pair] = (leverage, _settings.TryGetValue(pair, out var s) ? s.Mode : MarginMode.Cross);
        }

        return Task.FromResult(ExchangeResult.Ok(leverage));
    }

    /// <inheritdoc />
    public Task<ExchangeResult<MarginMode>> SetMarginModeAsync(TradingPair pair, MarginMode mode, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _settings[pair] = (_settings.TryGetValue(pair, out var s) ? s.Leverage : 1, mode);
        }

        return Task.FromResult(ExchangeResult.Ok(mode));
    }

    /// <summary>Maps a refusal message of the simulated (Binance-worded) exchange to an error kind.</summary>
    internal static ExchangeError Classify(string reason)
    {
        const string FilterPrefix = "Filter failure: ";
        if (reason.StartsWith(FilterPrefix, StringComparison.Ordinal))
        {
            var end = reason.IndexOf('.', FilterPrefix.Length);
            var filter = end < 0 ? reason[FilterPrefix.Length..] : reason[FilterPrefix.Length..end];
            return new ExchangeError(ExchangeErrorKind.FilterFailure, reason) { Code = -1013, Filter = filter };
        }

        if (reason.StartsWith("Invalid symbol", StringComparison.Ordinal))
        {
            return new ExchangeError(ExchangeErrorKind.UnknownSymbol, reason) { Code = -1121 };
        }

        if (reason.StartsWith("Duplicate order", StringComparison.Ordinal))
        {
            return new ExchangeError(ExchangeErrorKind.DuplicateClientOrderId, reason) { Code = -2010 };
        }

        if (reason.StartsWith("Unknown order", StringComparison.Ordinal))
        {
            return new ExchangeError(ExchangeErrorKind.UnknownOrder, reason) { Code = -2011 };
        }

        if (reason.StartsWith("No market price", StringComparison.Ordinal))
        {
            return new ExchangeError(ExchangeErrorKind.ServiceUnavailable, reason);
        }

        return new ExchangeError(ExchangeErrorKind.Rejected, reason);
    }

    private static ExchangeResult<ExchangeOrder> UnknownOrder() =>
        ExchangeResult.Fail<ExchangeOrder>(new ExchangeError(ExchangeErrorKind.UnknownOrder, "Unknown order sent.") { Code = -2011 });

    private void Publish(OrderUpdate update)
    {
        Subscription[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Handler(update);
        }
    }

    private sealed class OrderState : IExecutionSink
    {
        private readonly SimulatedExchangeAdapter _owner;

        public OrderState(SimulatedExchangeAdapter owner, OrderRequest request, string exchangeOrderId)
        {
            _owner = owner;
            Order = new ExchangeOrder
            {
                Pair = request.Pair,
                ClientOrderId = request.ClientOrderId,
                ExchangeOrderId = exchangeOrderId,
                Side = request.Side,
                Type = request.Type,
                Status = ExecutionStatus.Accepted,
                Quantity = request.Quantity,
                Price = request.Price,
                StopPrice = request.StopPrice,
                TimeInForce = request.TimeInForce,
                ReduceOnly = request.ReduceOnly,
            };
        }

        public ExchangeOrder Order { get; private set; }

        public string? RejectReason { get; private set; }

        public void Report(ExecutionReport report)
        {
            OrderUpdate update;
            lock (_owner._lock)
            {
                ExchangeTrade? trade = null;
                var order = Order with { Status = report.Status, UpdateTime = report.Time };
                if (order.CreateTime == default)
                {
                    order = order with { CreateTime = report.Time };
                }

                if (report.Fill is { } fill)
                {
                    var filled = order.FilledQuantity + fill.Quantity;
                    var quote = (order.FilledQuoteQuantity ?? 0m) + fill.Notional;
                    order = order with { FilledQuantity = filled, FilledQuoteQuantity = quote, AveragePrice = quote / filled };
                    trade = new ExchangeTrade
                    {
                        Pair = fill.Pair,
                        TradeId = (++_owner._nextTradeId).ToString(CultureInfo.InvariantCulture),
                        ExchangeOrderId = order.ExchangeOrderId,
                        ClientOrderId = order.ClientOrderId,
                        Side = fill.Side,
                        Price = fill.Price,
                        Quantity = fill.Quantity,
                        Fee = fill.Fee.Amount,
                        FeeAsset = fill.Fee.Asset == Portfolio.FeeAsset.Base ? fill.Pair.Base : fill.Pair.Quote,
                        Time = fill.Time,
                        IsMaker = fill.IsMaker,
                    };
                    if (!_owner._trades.TryGetValue(fill.Pair, out var list))
                    {
                        list = [];
                        _owner._trades.Add(fill.Pair, list);
                    }

                    list.Add(trade);
                    var signed = fill.Side == OrderSide.Buy ? fill.Quantity : -fill.Quantity;
                    var (net, entry) = _owner._positions.GetValueOrDefault(fill.Pair);
                    var next = net + signed;
                    entry = next == 0m ? 0m
                        : Math.Sign(next) != Math.Sign(net) ? fill.Price
                        : Math.Abs(next) > Math.Abs(net) ? ((entry * Math.Abs(net)) + (fill.Price * fill.Quantity)) / Math.Abs(next)
                        : entry;
                    _owner._positions[fill.Pair] = (next, entry);
                }

                if (report.Status == ExecutionStatus.Rejected)
                {
                    RejectReason = report.Reason;
                }

                Order = order;
                update = new OrderUpdate(order, trade);
            }

            _owner.Publish(update);
        }
    }

    private sealed class Subscription(SimulatedExchangeAdapter owner, Action<OrderUpdate> handler) : IStreamSubscription
    {
        public Action<OrderUpdate> Handler { get; } = handler;

        public StreamStatus Status { get; private set; } = StreamStatus.Connected;

        public IObservable<StreamStatus> StatusChanges => Observable.Return(StreamStatus.Connected);

        public ValueTask DisposeAsync()
        {
            lock (owner._lock)
            {
                owner._subscribers.Remove(this);
            }

            Status = StreamStatus.Closed;
            return ValueTask.CompletedTask;
        }
    }
}
