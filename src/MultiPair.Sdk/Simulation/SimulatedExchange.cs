using System.Globalization;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Simulation;

/// <summary>
/// A simulated exchange: an <see cref="IOrderGateway"/> that accepts, rejects and fills orders against bars the way an
/// exchange would, for backtests and, fed by live bars, for paper trading.
/// </summary>
/// <remarks>
/// <para><b>Driving it.</b> Call <see cref="OnBar"/> with each closed bar of each pair, in time order per pair, <em>before</em>
/// the engine sees that bar (<c>exchange.OnBar(bar); engine.ProcessBar(bar);</c>). The exchange first settles funding, then
/// fills the pair's working orders against the bar and reports the fills to each order's sink. Live paper trading is the same:
/// feed the same instance with real-time closed bars of one timeframe per pair and a system clock. Live bars arrive a little
/// after their close, so an order sent then can only fill on a bar opening after it was sent (the bar after next): feed
/// short bars (one minute) to keep that delay small.</para>
/// <para><b>Sending.</b> <see cref="Send"/> checks the order synchronously and reports <see cref="ExecutionStatus.Rejected"/>
/// (unknown pair: "Invalid symbol."; a broken filter: "Filter failure: PRICE_FILTER|LOT_SIZE|NOTIONAL|MIN_NOTIONAL" followed by
/// <see cref="FilterCheck.Message"/>, which names the <see cref="InstrumentFilter"/>; a client order id of a working order:
/// "Duplicate order sent."; a reduce-only order that would not reduce: "ReduceOnly Order is rejected.") or
/// <see cref="ExecutionStatus.Accepted"/>. The limit price (and for stop orders also the stop price) is checked against every
/// filter; a market order's quantity and notional are checked at the pair's last close (rounded onto the price grid), as
/// exchanges apply only the lot-size and notional filters to market orders; a market order for a pair without a bar yet is
/// rejected when filters are configured. Reduce-only perpetual orders are exempt from the minimum notional, as on Binance
/// futures.</para>
/// <para><b>No look-ahead.</b> An order is accepted at the later of the clock and the close of the last bar the exchange has seen
/// of its pair; it can only fill on bars that open at or after that time plus <see cref="SimulatedExchangeOptions.Latency"/>.
/// So an order sent at bar T's close never fills on bar T.</para>
/// <para><b>Fill prices</b> (buys; sells mirror): a market order fills at the bar's open plus slippage. A limit order fills when
/// the bar's low reaches the limit, at the lower of the limit and the open (a gap through the limit gets the open). A
/// stop-market order triggers when the high reaches the stop and fills at the higher of the stop and the open, plus
/// slippage. A stop-limit order triggers like a stop; if the trigger price (the higher of stop and open) is within the limit it
/// fills there as a taker; if the bar gapped through the stop at its open, the limit rests from the open and fills at the
/// limit when the bar reaches it; otherwise it rests and can fill from the next bar. Slippage applies to market and
/// stop-market fills only (a limit never fills beyond its limit) and may take the price outside the bar's range; with an
/// instrument the slipped price is rounded away from the order onto the tick grid.</para>
/// <para><b>Maker or taker.</b> Market and stop-market fills are taker fills. A limit order that is marketable when it reaches
/// the book (the open of its first eligible bar, or the trigger of a stop-limit) fills as a taker; once resting on the book
/// its fills are maker fills, including a fill at the open of a later bar that gapped through it.</para>
/// <para><b>Time in force.</b> Good-till-cancelled orders stay working until filled or cancelled. Immediate-or-cancel and
/// fill-or-kill orders see only the book when they arrive (the open of their first eligible bar, or a stop-limit's
/// trigger): IOC fills what is marketable there within the volume cap and expires the rest; FOK fills completely there or
/// expires. Expiry is reported as <see cref="ExecutionStatus.Expired"/>.</para>
/// <para><b>Liquidity.</b> One order fills at most <see cref="SimulatedExchangeOptions.MaxVolumeShare"/> of a bar's volume
/// (rounded down to the step size); the rest stays working and fills on later bars (market orders at later opens), reported as
/// <see cref="ExecutionStatus.PartiallyFilled"/> until the last fill (<see cref="ExecutionStatus.Filled"/>). The cap applies to
/// each order on its own. Each order fills at most once per bar.</para>
/// <para><b>Order within a bar.</b> Per pair: market orders (at the open) first, then stop orders, then limit orders, each group
/// in acceptance order. So when one bar reaches both a position's stop loss and its take-profit, the stop is assumed to
/// have filled first. Exit orders of one position are one-cancels-other: when a stop order with a
/// <see cref="OrderRequest.PositionId"/> fills completely, working limit orders of the same position and side are cancelled,
/// and vice versa.</para>
/// <para><b>Account view and reduce-only.</b> The exchange keeps the account's signed net position per pair from its own fills
/// (buys add the quantity received, net of a base-asset fee; sells subtract); seed it with <see cref="SetPosition"/>. A
/// reduce-only order is rejected when the position is flat or on the order's side; its fills are capped at the position, and
/// when the position is closed the rest of it expires. There are no balance or margin checks: the portfolio's risk gate
/// owns capital.</para>
/// <para><b>Funding.</b> For perpetuals with a funding series (<see cref="AddFundingRate"/> or the constructor), every funding
/// time before a bar's close that has not been settled is settled when that bar arrives, before the bar's fills, on the
/// net position held then, valued at the bar's open: <c>payment = −position × open × contract size × rate</c> (longs pay
/// positive rates). Payments of flat positions are not recorded. Payments appear in <see cref="Fundings"/> and the optional
/// callback; the engine's ledger does not book them yet. A pair whose instrument is spot never pays funding.</para>
/// <para><b>Determinism.</b> The same options, orders, clock and bars give the same reports and trade ids
/// (<c>sim-1</c>, <c>sim-2</c>, …).</para>
/// <para>Thread-safe: state changes under a lock; reports and funding callbacks are delivered on the calling thread after
/// the lock is released, in the order they happened within that call (a backtest calls from one thread, so the order is
/// total). Sinks should not block; the portfolio engine only enqueues.</para>
/// </remarks>
public sealed class SimulatedExchange : IOrderGateway
{
    private const string DuplicateOrder = "Duplicate order sent.";
    private const string UnknownOrder = "Unknown order sent.";
    private const string ReduceOnlyRejected = "ReduceOnly Order is rejected.";

    private readonly Lock _lock = new();
    private readonly SimulatedExchangeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Action<FundingPayment>? _onFunding;
    private readonly Dictionary<ClientOrderId, WorkingOrder> _working = [];
    private readonly Dictionary<TradingPair, PairState> _pairs = [];

    // The pair states of the last time step, by place in the step (see OnBars).
    private PairState?[] _stepStates = [];
    private readonly List<FundingPayment> _fundings = [];
    private List<(IExecutionSink Sink, ExecutionReport Report)> _outbox = [];

    // The outbox list of the last delivery, cleared, taken as the next outbox (null while a delivery runs).
    private List<(IExecutionSink Sink, ExecutionReport Report)>? _spareOutbox = [];
    private readonly List<FundingPayment> _fundingOutbox = [];
    private long _sequence;
    private long _tradeId;

    /// <summary>Initializes a new simulated exchange.</summary>
    /// <param name="options">Fees, slippage, liquidity, latency and instruments; defaults when null.</param>
    /// <param name="timeProvider">The clock that stamps acceptance (a virtual one in backtests); <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="fundingRates">Funding series of perpetuals, by pair; more can be added with <see cref="AddFundingRate"/>.</param>
    /// <param name="onFunding">Called with every funding payment, on the thread that called <see cref="OnBar"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid; every problem is listed.</exception>
    /// <exception cref="ArgumentException">A funding series has two rates at the same time.</exception>
    public SimulatedExchange(
        SimulatedExchangeOptions? options = null,
        TimeProvider? timeProvider = null,
        IReadOnlyDictionary<TradingPair, IReadOnlyList<FundingRate>>? fundingRates = null,
        Action<FundingPayment>? onFunding = null)
    {
        _options = options ?? new SimulatedExchangeOptions();
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(nameof(SimulatedExchange), typeof(SimulatedExchangeOptions), problems);
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _onFunding = onFunding;
        if (fundingRates is not null)
        {
            foreach (var (pair, series) in fundingRates)
            {
                ArgumentNullException.ThrowIfNull(series, nameof(fundingRates));
                foreach (var rate in series)
                {
                    AddFundingRate(pair, rate.Time, rate.Rate);
                }
            }
        }
    }

    /// <summary>Gets the settings.</summary>
    public SimulatedExchangeOptions Options => _options;

    /// <summary>Gets a snapshot of the funding payments settled so far, in order.</summary>
    public IReadOnlyList<FundingPayment> Fundings
    {
        get
        {
            lock (_lock)
            {
                return [.. _fundings];
            }
        }
    }

    /// <summary>Gets a snapshot of the working orders (accepted, not final), in acceptance order.</summary>
    public IReadOnlyList<OrderRequest> WorkingOrders
    {
        get
        {
            lock (_lock)
            {
                return [.. _working.Values.OrderBy(static o => o.Sequence).Select(static o => o.Request)];
            }
        }
    }

    /// <summary>Adds one funding event of a perpetual.</summary>
    /// <param name="pair">The perpetual.</param>
    /// <param name="time">When the funding is settled.</param>
    /// <param name="rate">The rate as a fraction (positive: longs pay).</param>
    /// <exception cref="ArgumentException">The pair is default, the series already has a rate at <paramref name="time"/>, or a bar closing after <paramref name="time"/> was already processed.</exception>
    public void AddFundingRate(TradingPair pair, DateTimeOffset time, decimal rate)
    {
        if (pair.IsDefault)
        {
            throw new ArgumentException("A funding rate needs a pair.", nameof(pair));
        }

        lock (_lock)
        {
            var state = GetState(pair);
            if (state.LastCloseTime is { } settled && time < settled)
            {
                throw new ArgumentException(Invariant($"{pair} was already processed up to {settled:O}; a funding rate at {time:O} comes too late."), nameof(time));
            }

            state.Funding ??= [];
            if (!state.Funding.TryAdd(time, rate))
            {
                throw new ArgumentException(Invariant($"{pair} already has a funding rate at {time:O}."), nameof(time));
            }
        }
    }

    /// <summary>Gets the account's signed net position of a pair in base units, from the exchange's own fills.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The position: positive long, negative short, 0 flat.</returns>
    public decimal GetPosition(TradingPair pair)
    {
        lock (_lock)
        {
            return _pairs.TryGetValue(pair, out var state) ? state.Net : 0m;
        }
    }

    /// <summary>Sets the account's signed net position of a pair (paper trading an account that already holds something).</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="position">The position in base units: positive long, negative short.</param>
    /// <exception cref="ArgumentException">The pair is default.</exception>
    public void SetPosition(TradingPair pair, decimal position)
    {
        if (pair.IsDefault)
        {
            throw new ArgumentException("A position needs a pair.", nameof(pair));
        }

        lock (_lock)
        {
            GetState(pair).Net = position;
        }
    }

    /// <inheritdoc />
    /// <remarks>Reports <see cref="ExecutionStatus.Accepted"/> or <see cref="ExecutionStatus.Rejected"/> before it returns; fills come from <see cref="OnBar"/>.</remarks>
    public void Send(OrderRequest order, IExecutionSink sink)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(sink);
        lock (_lock)
        {
            SendCore(order, sink);
        }

        Deliver();
    }

    /// <inheritdoc />
    /// <remarks>Reports <see cref="ExecutionStatus.Cancelled"/>, or <see cref="ExecutionStatus.Rejected"/> with "Unknown order sent." when the order is not working (unknown, or already final).</remarks>
    public void Cancel(ClientOrderId clientOrderId, IExecutionSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            if (clientOrderId.IsDefault || !_working.TryGetValue(clientOrderId, out var order))
            {
                _outbox.Add((sink, new ExecutionReport(clientOrderId, ExecutionStatus.Rejected, now) { Reason = UnknownOrder }));
            }
            else
            {
                Finish(order, ExecutionStatus.Cancelled, now, "Cancelled by the client.", sink);
                var orderState = _pairs[order.Request.Pair];
                orderState.Orders.Remove(order);
                orderState.HasOrders = orderState.Orders.Count > 0;
            }
        }

        Deliver();
    }

    /// <summary>
    /// Processes a closed bar of a pair: settles funding times before its close, then fills the pair's working orders that are
    /// eligible for it, and reports what happened.
    /// </summary>
    /// <param name="bar">The bar; call this before the engine sees it.</param>
    /// <exception cref="ArgumentException">The bar is default, or it does not open after the pair's previous bar.</exception>
    public void OnBar(in Bar bar)
    {
        bool pending;
        lock (_lock)
        {
            OnBarCore(bar);
            pending = _outbox.Count > 0 || _fundingOutbox.Count > 0;
        }

        if (pending)
        {
            Deliver();
        }
    }

    /// <summary>
    /// Processes the bars of one time step, in order, under one lock: the same as <see cref="OnBar"/> for each, except that
    /// the reports of the whole step are delivered (in the order they happened) after its last bar. For drivers whose
    /// sinks only queue reports until the step is done, as the backtest runner's engine does.
    /// </summary>
    /// <param name="bars">The bars.</param>
    /// <exception cref="ArgumentException">A bar is default, or it does not open after its pair's previous bar; the bars before it were processed and their reports delivered.</exception>
    internal void OnBars(ReadOnlySpan<Bar> bars)
    {
        try
        {
            lock (_lock)
            {
                // A backtest's time steps list the pairs in the same order: the state at the same place is checked first.
                if (_stepStates.Length < bars.Length)
                {
                    Array.Resize(ref _stepStates, bars.Length);
                }

                for (var i = 0; i < bars.Length; i++)
                {
                    ref readonly var bar = ref bars[i];
                    var state = _stepStates[i];
                    if (bar.Pair.IsDefault)
                    {
                        OnBarCore(bar); // throws as for a single bar
                    }
                    else if (state is null || state.Pair != bar.Pair)
                    {
                        state = _stepStates[i] = GetState(bar.Pair);
                    }

                    OnBarCore(bar, state!);
                }
            }
        }
        finally
        {
            Deliver();
        }
    }

    /// <summary>One bar under the lock: checks, funding, matching, then the pair's last bar.</summary>
    private void OnBarCore(in Bar bar)
    {
        if (bar.Pair.IsDefault)
        {
            throw new ArgumentException("The bar is default.", nameof(bar));
        }

        OnBarCore(bar, GetState(bar.Pair));
    }

    /// <summary>One bar of a pair whose state is known.</summary>
    private void OnBarCore(in Bar bar, PairState state)
    {
        if (state.LastOpenTime is { } last && bar.OpenTime <= last)
        {
            throw new ArgumentException(Invariant($"Bars of {bar.Pair} must arrive in time order: {bar.OpenTime:O} does not open after {last:O}."), nameof(bar));
        }

        // The common case, a pair without working orders or due funding, converts nothing to decimal.
        var fundingDue = state.Funding is { } funding && state.NextFunding < funding.Count && funding.Keys[state.NextFunding] < bar.CloseTime;
        if (fundingDue || state.HasOrders)
        {
            var prices = new BarPrices(bar);
            SettleFunding(state, prices);
            if (state.HasOrders)
            {
                Match(state, prices);
            }
        }

        state.LastOpenTime = bar.OpenTime;
        state.LastCloseTime = bar.CloseTime;
        state.LastClose = bar.Close;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string FilterName(InstrumentFilter filter, MarketType market) => filter switch
    {
        InstrumentFilter.PriceNotPositive or InstrumentFilter.MinPrice or InstrumentFilter.MaxPrice or InstrumentFilter.TickSize => "PRICE_FILTER",
        InstrumentFilter.MinNotional or InstrumentFilter.MaxNotional => market == MarketType.Spot ? "NOTIONAL" : "MIN_NOTIONAL",
        _ => "LOT_SIZE",
    };

    private static bool IsStopType(OrderType type) => type is OrderType.StopMarket or OrderType.StopLimit;

    private PairState GetState(TradingPair pair)
    {
        if (!_pairs.TryGetValue(pair, out var state))
        {
            _options.Instruments.TryGetValue(pair, out var instrument);
            state = new PairState(pair, instrument);
            _pairs.Add(pair, state);
        }

        return state;
    }

    private void SendCore(OrderRequest order, IExecutionSink sink)
    {
        var now = _timeProvider.GetUtcNow();
        if (_options.Instruments.Count > 0 && !_options.Instruments.ContainsKey(order.Pair))
        {
            Reject(order, sink, now, Invariant($"Invalid symbol: {order.Pair} is not listed on this exchange."));
            return;
        }

        var state = GetState(order.Pair);
        if (state.Instrument is { } instrument && CheckFilters(order, state, instrument) is { } failure)
        {
            Reject(order, sink, now, failure);
            return;
        }

        if (_working.ContainsKey(order.ClientOrderId))
        {
            Reject(order, sink, now, DuplicateOrder);
            return;
        }

        if (order.ReduceOnly && ReducibleQuantity(state, order.Side) <= 0m)
        {
            Reject(order, sink, now, Invariant($"{ReduceOnlyRejected} The {order.Pair} position is {state.Net}; a reduce-only {order.Side} would not reduce it."));
            return;
        }

        var acceptedAt = state.LastCloseTime is { } close && close > now ? close : now;
        var working = new WorkingOrder(order, sink, ++_sequence, acceptedAt + _options.Latency);
        _working.Add(order.ClientOrderId, working);
        state.Orders.Add(working);
        state.HasOrders = true;
        _outbox.Add((sink, new ExecutionReport(order.ClientOrderId, ExecutionStatus.Accepted, now)));
    }

    private static string? CheckFilters(OrderRequest order, PairState state, Instrument instrument)
    {
        FilterCheck check;
        if (order.Type == OrderType.Market)
        {
            if (state.LastClose is not { } lastClose)
            {
                return Invariant($"No market price for {order.Pair} yet: the exchange has not seen a bar of it.");
            }

            // Market orders meet the lot-size and notional filters only: value them at the last close put onto the price grid.
            var price = instrument.RoundPriceToTick((decimal)lastClose);
            price = Math.Max(price, Math.Max(instrument.MinPrice, instrument.TickSize));
            if (instrument.MaxPrice is { } max && price > max)
            {
                price = instrument.RoundPriceDown(max);
            }

            check = instrument.Validate(price, order.Quantity);
        }
        else
        {
            check = instrument.Validate(order.Price ?? order.StopPrice!.Value, order.Quantity);
            if (check.IsValid && order.Type == OrderType.StopLimit)
            {
                check = instrument.Validate(order.StopPrice!.Value, order.Quantity);
            }
        }

        if (check.IsValid
            || (check.Failed == InstrumentFilter.MinNotional && order.ReduceOnly && instrument.MarketType == MarketType.LinearPerpetual))
        {
            return null;
        }

        return Invariant($"Filter failure: {FilterName(check.Failed, instrument.MarketType)}. {check.Message}");
    }

    private void Reject(OrderRequest order, IExecutionSink sink, DateTimeOffset now, string reason) =>
        _outbox.Add((sink, new ExecutionReport(order.ClientOrderId, ExecutionStatus.Rejected, now) { Reason = reason }));

    private void SettleFunding(PairState state, in BarPrices bar)
    {
        if (state.Funding is not { } funding || state.NextFunding >= funding.Count)
        {
            return;
        }

        var perpetual = state.Instrument is null || state.Instrument.MarketType == MarketType.LinearPerpetual;
        var contractSize = state.Instrument?.ContractSize ?? 1m;
        var times = funding.Keys;
        var rates = funding.Values;
        while (state.NextFunding < funding.Count && times[state.NextFunding] < bar.CloseTime)
        {
            var index = state.NextFunding++;
            if (!perpetual || state.Net == 0m)
            {
                continue;
            }

            var rate = rates[index];
            var amount = decimal.Round(-state.Net * bar.Open * contractSize * rate, 8);
            var payment = new FundingPayment(state.Pair, times[index], rate, state.Net, bar.Open, amount);
            _fundings.Add(payment);
            _fundingOutbox.Add(payment);
        }
    }

    private void Match(PairState state, in BarPrices bar)
    {
        var cap = FillCap(state, bar.Volume);
        var orders = state.Orders;

        // Market orders (and triggered stop-markets) fill at the open, before anything else in the bar.
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            if (!order.IsFinal && bar.OpenTime >= order.EligibleFrom && order.ActsAsMarket)
            {
                TryFill(state, order, bar, bar.Open, isMaker: false, slip: true, cap);
            }
        }

        // Stops next: when a bar reaches both a stop loss and a take-profit, the stop is assumed to come first.
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            if (!order.IsFinal && bar.OpenTime >= order.EligibleFrom && order.IsUntriggeredStop)
            {
                ProcessStop(state, order, bar, cap);
            }
        }

        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            if (!order.IsFinal && bar.OpenTime >= order.EligibleFrom && order.ActsAsLimit && order.TriggerBar != bar.OpenTime)
            {
                ProcessLimit(state, order, bar, cap);
            }
        }

        orders.RemoveAll(static o => o.IsFinal);
        state.HasOrders = orders.Count > 0;
    }

    private decimal FillCap(PairState state, decimal volume)
    {
        if (_options.MaxVolumeShare == 0m)
        {
            return decimal.MaxValue;
        }

        var cap = volume * _options.MaxVolumeShare;
        var step = state.Instrument?.StepSize ?? 0m;
        return step > 0m ? decimal.Floor(cap / step) * step : cap;
    }

    private void ProcessStop(PairState state, WorkingOrder order, in BarPrices bar, decimal cap)
    {
        var request = order.Request;
        var buy = request.Side == OrderSide.Buy;
        var stop = request.StopPrice!.Value;
        if (buy ? bar.High < stop : bar.Low > stop)
        {
            return;
        }

        order.Triggered = true;
        order.TriggerBar = bar.OpenTime;
        var triggerPrice = buy ? Math.Max(stop, bar.Open) : Math.Min(stop, bar.Open);
        if (request.Type == OrderType.StopMarket)
        {
            TryFill(state, order, bar, triggerPrice, isMaker: false, slip: true, cap);
            return;
        }

        // Stop-limit: the limit order reaches the book at the trigger.
        order.Arrived = true;
        var limit = request.Price!.Value;
        if (buy ? triggerPrice <= limit : triggerPrice >= limit)
        {
            FillOnArrival(state, order, bar, triggerPrice, cap);
            return;
        }

        if (request.TimeInForce != TimeInForce.GoodTillCanceled)
        {
            Finish(order, ExecutionStatus.Expired, bar.OpenTime, Invariant($"{request.TimeInForce}: the limit {limit} was not marketable at the trigger {triggerPrice}."));
            return;
        }

        // Triggered at the open (a gap through the stop): the limit rests from the open, so the rest of the bar can reach it.
        var gapped = buy ? bar.Open >= stop : bar.Open <= stop;
        if (gapped && (buy ? bar.Low <= limit : bar.High >= limit))
        {
            TryFill(state, order, bar, limit, isMaker: true, slip: false, cap);
        }

        // Otherwise the path after an intrabar trigger is unknown: the limit can fill from the next bar.
    }

    private void ProcessLimit(PairState state, WorkingOrder order, in BarPrices bar, decimal cap)
    {
        var request = order.Request;
        var buy = request.Side == OrderSide.Buy;
        var limit = request.Price!.Value;
        var arriving = !order.Arrived;
        order.Arrived = true;
        var marketableAtOpen = buy ? bar.Open <= limit : bar.Open >= limit;
        if (arriving)
        {
            if (marketableAtOpen)
            {
                FillOnArrival(state, order, bar, bar.Open, cap);
                return;
            }

            if (request.TimeInForce != TimeInForce.GoodTillCanceled)
            {
                Finish(order, ExecutionStatus.Expired, bar.OpenTime, Invariant($"{request.TimeInForce}: the limit {limit} was not marketable at the open {bar.Open}."));
                return;
            }
        }

        if (marketableAtOpen)
        {
            TryFill(state, order, bar, bar.Open, isMaker: true, slip: false, cap);
        }
        else if (buy ? bar.Low <= limit : bar.High >= limit)
        {
            TryFill(state, order, bar, limit, isMaker: true, slip: false, cap);
        }
    }

    // A limit order marketable when it reaches the book takes liquidity there; IOC/FOK see only that moment.
    private void FillOnArrival(PairState state, WorkingOrder order, in BarPrices bar, decimal price, decimal cap)
    {
        var request = order.Request;
        if (request.TimeInForce == TimeInForce.FillOrKill)
        {
            var remaining = request.Quantity - order.Filled;
            var available = Math.Min(cap, request.ReduceOnly ? ReducibleQuantity(state, request.Side) : decimal.MaxValue);
            if (available < remaining)
            {
                Finish(order, ExecutionStatus.Expired, bar.OpenTime, Invariant($"FillOrKill: only {Math.Max(available, 0m)} of {remaining} could fill at {price}."));
                return;
            }
        }

        TryFill(state, order, bar, price, isMaker: false, slip: false, cap);
        if (!order.IsFinal && request.TimeInForce == TimeInForce.ImmediateOrCancel)
        {
            Finish(order, ExecutionStatus.Expired, bar.OpenTime, Invariant($"ImmediateOrCancel: {request.Quantity - order.Filled} did not fill on arrival."));
        }
    }

    private void TryFill(PairState state, WorkingOrder order, in BarPrices bar, decimal price, bool isMaker, bool slip, decimal cap)
    {
        var request = order.Request;
        var buy = request.Side == OrderSide.Buy;
        var quantity = Math.Min(request.Quantity - order.Filled, cap);
        if (request.ReduceOnly)
        {
            var reducible = ReducibleQuantity(state, request.Side);
            if (reducible <= 0m)
            {
                Finish(order, ExecutionStatus.Expired, bar.OpenTime, Invariant($"{ReduceOnlyRejected} The {request.Pair} position is {state.Net}."));
                return;
            }

            quantity = Math.Min(quantity, reducible);
        }

        if (quantity <= 0m)
        {
            return;
        }

        var instrument = state.Instrument;
        if (slip)
        {
            price = Slipped(instrument, price, buy, quantity, bar.Volume);
        }

        var fee = ComputeFee(instrument, buy, price, quantity, isMaker);
        var fill = new Fill(Invariant($"sim-{++_tradeId}"), request.ClientOrderId, request.Pair, request.Side, price, quantity, fee, bar.OpenTime, isMaker)
        {
            Sleeve = request.Strategy,
        };
        order.Filled += quantity;
        state.Net += buy ? quantity - (fee.Asset == FeeAsset.Base ? fee.Amount : 0m) : -quantity;
        var done = order.Filled >= request.Quantity;
        _outbox.Add((order.Sink, new ExecutionReport(request.ClientOrderId, done ? ExecutionStatus.Filled : ExecutionStatus.PartiallyFilled, bar.OpenTime) { Fill = fill }));
        if (done)
        {
            _working.Remove(request.ClientOrderId);
            order.IsFinal = true;
            CancelSiblings(state, order, bar.OpenTime);
        }
        else if (request.ReduceOnly && ReducibleQuantity(state, request.Side) <= 0m)
        {
            Finish(order, ExecutionStatus.Expired, bar.OpenTime, Invariant($"{ReduceOnlyRejected} The {request.Pair} position is closed."));
        }
    }

    private decimal Slipped(Instrument? instrument, decimal price, bool buy, decimal quantity, decimal volume)
    {
        var share = volume > 0m ? Math.Min(1m, quantity / volume) : 1m;
        var fraction = (_options.SlippageBps / 10_000m) + (_options.VolumeShareSlippage * share);
        if (fraction == 0m)
        {
            return price;
        }

        var slipped = buy ? price * (1m + fraction) : price * (1m - fraction);
        if (instrument is null)
        {
            return slipped;
        }

        var rounded = buy ? instrument.RoundPriceUp(slipped) : instrument.RoundPriceDown(slipped);
        return rounded > 0m ? rounded : slipped;
    }

    private Fee ComputeFee(Instrument? instrument, bool buy, decimal price, decimal quantity, bool isMaker)
    {
        var rate = (isMaker ? _options.MakerFeeBps : _options.TakerFeeBps) / 10_000m;
        var perpetual = instrument?.MarketType == MarketType.LinearPerpetual;
        if (_options.FeeAsset == FeeAsset.Base && buy && !perpetual)
        {
            return Fee.InBase(decimal.Round(quantity * rate, 8));
        }

        return Fee.InQuote(decimal.Round(price * quantity * (instrument?.ContractSize ?? 1m) * rate, 8));
    }

    private void CancelSiblings(PairState state, WorkingOrder filled, DateTimeOffset time)
    {
        if (filled.Request.PositionId is not { } position)
        {
            return;
        }

        var stopFilled = IsStopType(filled.Request.Type);
        foreach (var other in state.Orders)
        {
            if (!other.IsFinal
                && other.Request.PositionId == position
                && other.Request.Side == filled.Request.Side
                && IsStopType(other.Request.Type) != stopFilled)
            {
                Finish(other, ExecutionStatus.Cancelled, time, Invariant($"One-cancels-other: {filled.Request.ClientOrderId} of position {position} filled first."));
            }
        }
    }

    private static decimal ReducibleQuantity(PairState state, OrderSide side) =>
        side == OrderSide.Sell ? Math.Max(state.Net, 0m) : Math.Max(-state.Net, 0m);

    private void Finish(WorkingOrder order, ExecutionStatus status, DateTimeOffset time, string reason, IExecutionSink? sink = null)
    {
        order.IsFinal = true;
        _working.Remove(order.Request.ClientOrderId);
        _outbox.Add((sink ?? order.Sink, new ExecutionReport(order.Request.ClientOrderId, status, time) { Reason = reason }));
    }

    private void Deliver()
    {
        // The reports are delivered outside the lock (a sink may place orders, which report into the new outbox): the
        // outbox list itself is taken and a spare one put in its place, rather than copying the reports out.
        List<(IExecutionSink Sink, ExecutionReport Report)> reports;
        FundingPayment[] payments;
        lock (_lock)
        {
            if (_outbox.Count == 0 && _fundingOutbox.Count == 0)
            {
                return;
            }

            reports = _outbox;
            _outbox = _spareOutbox ?? [];
            _spareOutbox = null;
            payments = _fundingOutbox.Count == 0 ? [] : [.. _fundingOutbox];
            _fundingOutbox.Clear();
        }

        if (_onFunding is not null)
        {
            foreach (var payment in payments)
            {
                _onFunding(payment);
            }
        }

        for (var i = 0; i < reports.Count; i++)
        {
            var (sink, report) = reports[i];
            sink.Report(report);
        }

        reports.Clear();
        lock (_lock)
        {
            _spareOutbox = reports;
        }
    }

    /// <summary>A bar's prices in decimal, as fills and fees need them.</summary>
    private readonly struct BarPrices(in Bar bar)
    {
        public DateTimeOffset OpenTime { get; } = bar.OpenTime;

        public DateTimeOffset CloseTime { get; } = bar.CloseTime;

        public decimal Open { get; } = (decimal)bar.Open;

        public decimal High { get; } = (decimal)bar.High;

        public decimal Low { get; } = (decimal)bar.Low;

        public decimal Volume { get; } = (decimal)bar.Volume;
    }

    private sealed class PairState(TradingPair pair, Instrument? instrument)
    {
        public TradingPair Pair { get; } = pair;

        public Instrument? Instrument { get; } = instrument;

        public List<WorkingOrder> Orders { get; } = [];

        /// <summary>Gets or sets a value indicating whether <see cref="Orders"/> is not empty (read on every bar without reaching the list).</summary>
        public bool HasOrders { get; set; }

        public decimal Net { get; set; }

        public DateTimeOffset? LastOpenTime { get; set; }

        public DateTimeOffset? LastCloseTime { get; set; }

        public double? LastClose { get; set; }

        public SortedList<DateTimeOffset, decimal>? Funding { get; set; }

        public int NextFunding { get; set; }
    }

    private sealed class WorkingOrder(OrderRequest request, IExecutionSink sink, long sequence, DateTimeOffset eligibleFrom)
    {
        public OrderRequest Request { get; } = request;

        public IExecutionSink Sink { get; } = sink;

        public long Sequence { get; } = sequence;

        public DateTimeOffset EligibleFrom { get; } = eligibleFrom;

        public decimal Filled { get; set; }

        public bool Triggered { get; set; }

        public DateTimeOffset? TriggerBar { get; set; }

        public bool Arrived { get; set; }

        public bool IsFinal { get; set; }

        public bool ActsAsMarket => Request.Type == OrderType.Market || (Request.Type == OrderType.StopMarket && Triggered);

        public bool IsUntriggeredStop => IsStopType(Request.Type) && !Triggered;

        public bool ActsAsLimit => Request.Type == OrderType.Limit || (Request.Type == OrderType.StopLimit && Triggered);
    }
}
