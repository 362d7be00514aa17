using System.Globalization;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Execution;

/// <summary>
/// Idempotent order execution on a real exchange: the <see cref="IOrderGateway"/> an engine sends through when it trades live.
/// </summary>
/// <remarks>
/// <para>Guarantees: an order's intent is journaled before it is sent; orders of one pair are sent in order, with at most
/// <see cref="OrderExecutorOptions.MaxConcurrency"/> exchange calls at once; an order whose placement has an unknown outcome
/// (timeout, 5xx, disconnect) is resolved by querying its client order id with backoff, and is sent again only after
/// the exchange answered "order does not exist" <see cref="OrderExecutorOptions.UnknownOrderConfirmations"/> times over at
/// least <see cref="OrderExecutorOptions.UnknownOrderGracePeriod"/>; a duplicate-id refusal is resolved by querying;
/// every trade is reported once per (pair, trade id), in any order, including trades that arrive after a cancel; a
/// cancelled order keeps its fills.</para>
/// <para>When the user data stream drops, new entries are refused and exits wait until <see cref="ReconcileAsync"/> has
/// fetched every tracked order's state and the trades missed while disconnected.</para>
/// </remarks>
public sealed class OrderExecutor : IOrderGateway, IAsyncDisposable
{
    private readonly IOrderApi _api;
    private readonly OrderExecutorOptions _options;
    private readonly TimeProvider _time;
    private readonly IExecutionJournal? _journal;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _concurrency;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<ClientOrderId, Tracked> _orders = [];
    private readonly Dictionary<(TradingPair Pair, string ExchangeOrderId), Tracked> _byExchangeId = [];
    private readonly HashSet<(TradingPair Pair, string TradeId)> _trades = [];
    private readonly Dictionary<TradingPair, long> _lastTradeId = [];
    private readonly Dictionary<TradingPair, Lane> _lanes = [];
    private readonly Subject<ExchangeTrade> _unmatched = new();
    private readonly Dictionary<ClientOrderId, int> _sendCounts = [];
    private readonly Queue<Tracked> _finished = new();
    private readonly Queue<(TradingPair Pair, string TradeId)> _tradeOrder = new();
    private TaskCompletionSource _resume = CompletedSource();
    private TaskCompletionSource _idle = CompletedSource();
    private int _busy;
    private int _disposed;
    private bool _reconciling;
    private IStreamSubscription? _subscription;
    private IDisposable? _statusSubscription;

    /// <summary>Initializes a new instance of the <see cref="OrderExecutor"/> class.</summary>
    /// <param name="api">The exchange's order capability.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="timeProvider">The clock for delays and report times; null for the system clock.</param>
    /// <param name="journal">Where intents are recorded before sending; null to record nothing.</param>
    /// <param name="logger">The logger; null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="api"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public OrderExecutor(IOrderApi api, OrderExecutorOptions? options = null, TimeProvider? timeProvider = null, IExecutionJournal? journal = null, ILogger<OrderExecutor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        _options = options ?? new OrderExecutorOptions();
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid order executor options: " + string.Join(" ", problems), nameof(options));
        }

        _api = api;
        _time = timeProvider ?? TimeProvider.System;
        _journal = journal;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _concurrency = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
    }

    /// <summary>Gets trades of the account that match no order this executor tracks (placed by something else, or before a restart): input for reconciliation.</summary>
    public IObservable<ExchangeTrade> UnmatchedTrades => _unmatched;

    /// <summary>Gets a value indicating whether the executor is reconciling after a stream interruption (entries are refused, exits wait).</summary>
    public bool IsReconciling
    {
        get
        {
            lock (_lock)
            {
                return _reconciling;
            }
        }
    }

    /// <summary>Gets how many times each client order id was sent to the exchange (placement attempts).</summary>
    /// <returns>A copy of the counts.</returns>
    public IReadOnlyDictionary<ClientOrderId, int> GetSendCounts()
    {
        lock (_lock)
        {
            return new Dictionary<ClientOrderId, int>(_sendCounts);
        }
    }

    /// <summary>Gets the exchange's last known state of an order this executor tracks.</summary>
    /// <param name="clientOrderId">The client order id.</param>
    /// <returns>The state, or null when unknown.</returns>
    public ExchangeOrder? GetOrder(ClientOrderId clientOrderId)
    {
        lock (_lock)
        {
            return _orders.TryGetValue(clientOrderId, out var tracked) ? tracked.Exchange : null;
        }
    }

    /// <summary>Subscribes to the account's user data stream: order updates are applied as they arrive, and an interruption starts a reconciliation once the stream is restored.</summary>
    /// <param name="stream">The user data stream.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The subscription result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A stream is already attached.</exception>
    public async Task<ExchangeResult<IStreamSubscription>> AttachUserDataStreamAsync(IUserDataStreamApi stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (_subscription is not null)
        {
            throw new InvalidOperationException("A user data stream is already attached.");
        }

        var result = await stream.SubscribeToOrderUpdatesAsync(OnOrderUpdate, cancellationToken).ConfigureAwait(false);
        if (result.TryGetValue(out var subscription))
        {
            _subscription = subscription;
            _statusSubscription = subscription.StatusChanges.Subscribe(OnStreamStatus);
        }

        return result;
    }

    /// <inheritdoc />
    public void Send(OrderRequest order, IExecutionSink sink)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(sink);
        Tracked tracked;
        lock (_lock)
        {
            if (_orders.ContainsKey(order.ClientOrderId))
            {
                throw new ArgumentException($"Client order id {order.ClientOrderId} was already sent through this executor.", nameof(order));
            }

            tracked = new Tracked(order, sink)
            {
                // Trade ids grow per pair: every trade of this order comes after the last one seen now.
                TradeIdAtSend = _lastTradeId.TryGetValue(order.Pair, out var last) ? last : null,
            };
            _orders.Add(order.ClientOrderId, tracked);
            if (_reconciling && !order.ReduceOnly)
            {
                FinalLocked(tracked, ExecutionStatus.Rejected, "Entries are paused while the executor reconciles after a stream interruption.");
                return;
            }
        }

        Enqueue(order.Pair, () => PlaceAsync(tracked));
    }

    /// <summary>
    /// Takes over an order sent before a restart (its intent was journaled) without sending it: the next
    /// <see cref="ReconcileAsync"/> queries it, reports its state and trades to <paramref name="sink"/>, and reports it
    /// rejected when the exchange proves it never arrived (the crash came between the intent and the send).
    /// </summary>
    /// <param name="order">The order as it was sent.</param>
    /// <param name="sink">Where its reports go.</param>
    /// <param name="lastTradeIdSeen">The last trade id of the order's pair booked before the restart, if known: trades after it are fetched.</param>
    /// <exception cref="ArgumentNullException"><paramref name="order"/> or <paramref name="sink"/> is null.</exception>
    /// <exception cref="ArgumentException">The client order id is already tracked.</exception>
    public void Adopt(OrderRequest order, IExecutionSink sink, long? lastTradeIdSeen = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(sink);
        lock (_lock)
        {
            if (_orders.ContainsKey(order.ClientOrderId))
            {
                throw new ArgumentException($"Client order id {order.ClientOrderId} is already tracked.", nameof(order));
            }

            _orders.Add(order.ClientOrderId, new Tracked(order, sink) { TradeIdAtSend = lastTradeIdSeen, Adopted = true });
            if (lastTradeIdSeen is { } last && last > _lastTradeId.GetValueOrDefault(order.Pair, long.MinValue))
            {
                _lastTradeId[order.Pair] = last;
            }
        }
    }

    /// <summary>Sets where trade fetching of a pair starts after a restart: trades after <paramref name="lastTradeIdSeen"/>.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="lastTradeIdSeen">The last trade id booked before the restart.</param>
    public void SetLastTradeId(TradingPair pair, long lastTradeIdSeen)
    {
        lock (_lock)
        {
            if (lastTradeIdSeen > _lastTradeId.GetValueOrDefault(pair, long.MinValue))
            {
                _lastTradeId[pair] = lastTradeIdSeen;
            }
        }
    }

    /// <summary>Sends an order and waits for its final report (filled, cancelled, rejected or expired).</summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Stops waiting (the order keeps going).</param>
    /// <returns>The final report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="order"/> is null.</exception>
    public Task<ExecutionReport> SubmitAsync(OrderRequest order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var sink = new CompletionSink();
        Send(order, sink);
        return sink.Final.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Cancel(ClientOrderId clientOrderId, IExecutionSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Tracked? tracked;
        lock (_lock)
        {
            if (!_orders.TryGetValue(clientOrderId, out tracked) || tracked.FinalReported)
            {
                return;
            }
        }

        Enqueue(tracked.Order.Pair, () => CancelAsync(tracked));
    }

    /// <summary>Applies an order update from the user data stream (any thread). Trades are reported once per (pair, trade id).</summary>
    /// <param name="update">The update.</param>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is null.</exception>
    public void OnOrderUpdate(OrderUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_lock)
        {
            if (update.Trade is { } trade)
            {
                ApplyTradeLocked(trade with { ClientOrderId = trade.ClientOrderId ?? update.Order.ClientOrderId });
            }

            if (_orders.TryGetValue(update.Order.ClientOrderId, out var tracked))
            {
                ApplyOrderLocked(tracked, update.Order);
            }
        }
    }

    /// <summary>
    /// Fetches the state of every order not known to be final and the trades missed since the last one seen, applies
    /// them, and only then lets orders through again (entries are refused meanwhile; exits wait).
    /// </summary>
    /// <param name="cancellationToken">Cancels the reconciliation (orders are let through again).</param>
    /// <returns>A task that completes when reconciled.</returns>
    public async Task ReconcileAsync(CancellationToken cancellationToken = default)
    {
        List<Tracked> open;
        List<TradingPair> pairs;
        lock (_lock)
        {
            PauseLocked();
            open = _orders.Values.Where(t => !t.FinalReported || t.Booked < t.ExchangeFilled).ToList();
            pairs = _orders.Values.Select(t => t.Order.Pair).Distinct().ToList();
        }

        Busy(+1);
        try
        {
            foreach (var tracked in open)
            {
                if (tracked.Adopted && tracked.Exchange is null)
                {
                    // Sent (or not) before a restart: the exchange shows it, or proves it never arrived; never resent.
                    if (!await ResolveAsync(tracked).ConfigureAwait(false))
                    {
                        lock (_lock)
                        {
                            FinalLocked(tracked, ExecutionStatus.Rejected, "The order never reached the exchange before the restart.");
                        }
                    }

                    continue;
                }

                var result = await CallAsync(ct => _api.GetOrderAsync(tracked.Order.Pair, tracked.Order.ClientOrderId, ct), cancellationToken).ConfigureAwait(false);
                if (result.TryGetValue(out var order))
                {
                    lock (_lock)
                    {
                        ApplyOrderLocked(tracked, order);
                    }
                }
            }

            foreach (var pair in pairs)
            {
                await SyncTradesAsync(pair, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_lock)
            {
                _reconciling = false;
                _resume.TrySetResult();
            }

            Busy(-1);
        }
    }

    /// <summary>Waits until no order work is queued or running (placements, resolutions, cancels, fill syncs).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when idle.</returns>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // safe to dispose twice (a container may own it under several service types)
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _statusSubscription?.Dispose();
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync().ConfigureAwait(false);
        }

        _unmatched.OnCompleted();
        _unmatched.Dispose();
        _stopping.Dispose();
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    private static bool IsRefusedBeforeExecution(ExchangeErrorKind kind) =>
        kind is ExchangeErrorKind.Network or ExchangeErrorKind.RateLimited or ExchangeErrorKind.IpBanned
            or ExchangeErrorKind.ServiceUnavailable or ExchangeErrorKind.InvalidTimestamp;

    private void OnStreamStatus(StreamStatus status)
    {
        if (status == StreamStatus.Interrupted)
        {
            lock (_lock)
            {
                PauseLocked();
            }
        }
        else if (status == StreamStatus.Restored)
        {
            _ = RunReconciliationAsync();
        }
    }

    private async Task RunReconciliationAsync()
    {
        try
        {
            await ReconcileAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void PauseLocked()
    {
        if (!_reconciling)
        {
            _reconciling = true;
            _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private void Busy(int delta)
    {
        lock (_lock)
        {
            _busy += delta;
            if (_busy == 1 && delta > 0 && _idle.Task.IsCompleted)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else if (_busy == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private void Enqueue(TradingPair pair, Func<Task> work)
    {
        Busy(+1);
        bool start;
        Lane lane;
        lock (_lock)
        {
            if (!_lanes.TryGetValue(pair, out lane!))
            {
                lane = new Lane();
                _lanes.Add(pair, lane);
            }

            lane.Work.Enqueue(work);
            start = !lane.Running;
            lane.Running = true;
        }

        if (start)
        {
            _ = Task.Run(() => RunLaneAsync(lane));
        }
    }

    private async Task RunLaneAsync(Lane lane)
    {
        while (true)
        {
            Func<Task> work;
            Task resume;
            lock (_lock)
            {
                if (!lane.Work.TryDequeue(out work!))
                {
                    lane.Running = false;
                    return;
                }

                resume = _resume.Task;
            }

            try
            {
                await resume.WaitAsync(_stopping.Token).ConfigureAwait(false);
                await work().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Shutting down: the remaining work is dropped; unresolved orders are resolved by the next start's reconciliation.
            }
#pragma warning disable CA1031 // A failing work item must not stop the pair's lane.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ExecutionLog.WorkFailed(_logger, exception);
            }
            finally
            {
                Busy(-1);
            }
        }
    }

    private async Task<ExchangeResult<T>> CallAsync<T>(Func<CancellationToken, Task<ExchangeResult<T>>> call, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await _concurrency.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            return await call(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // An adapter that throws is treated as an unknown outcome, never as a failure.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            ExecutionLog.AdapterThrew(_logger, exception);
            return ExchangeResult.Fail<T>(ExchangeErrorKind.OutcomeUnknown, "The adapter threw: " + exception.Message);
        }
        finally
        {
            _concurrency.Release();
        }
    }

    private Task DelayAsync(TimeSpan delay) => delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _time, _stopping.Token);

    private async Task PlaceAsync(Tracked tracked)
    {
        var order = tracked.Order;
        if (_journal is not null)
        {
            try
            {
                await _journal.RecordIntentAsync(order, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // An intent that is not durable is never sent.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ExecutionLog.JournalFailed(_logger, exception, order.ClientOrderId);
                lock (_lock)
                {
                    FinalLocked(tracked, ExecutionStatus.Rejected, "The intent could not be recorded: " + exception.Message);
                }

                return;
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            lock (_lock)
            {
                _sendCounts[order.ClientOrderId] = _sendCounts.GetValueOrDefault(order.ClientOrderId) + 1;
            }

            var result = await CallAsync(ct => _api.PlaceOrderAsync(order, ct)).ConfigureAwait(false);
            if (result.TryGetValue(out var placed))
            {
                lock (_lock)
                {
                    ApplyOrderLocked(tracked, placed);
                }

                return;
            }

            var error = result.Error!;
            if (error.Kind is ExchangeErrorKind.OutcomeUnknown or ExchangeErrorKind.DuplicateClientOrderId)
            {
                ExecutionLog.ResolvingPlacement(_logger, order.ClientOrderId, order.Pair, error);
                var arrived = await ResolveAsync(tracked).ConfigureAwait(false);
                if (arrived)
                {
                    return;
                }

                if (error.Kind == ExchangeErrorKind.DuplicateClientOrderId)
                {
                    Reject(tracked, $"The exchange reports the client order id {order.ClientOrderId} as a duplicate but has no such order.");
                    return;
                }
            }
            else if (!IsRefusedBeforeExecution(error.Kind))
            {
                Reject(tracked, error.ToString());
                return;
            }

            if (attempt >= _options.MaxSendAttempts)
            {
                Reject(tracked, $"Not placed after {attempt} attempts; last error: {error}");
                return;
            }

            await DelayAsync(error.RetryAfter ?? _options.RetryDelay).ConfigureAwait(false);
        }
    }

    /// <summary>Queries until the exchange shows the order (true) or proves it never arrived (false).</summary>
    private async Task<bool> ResolveAsync(Tracked tracked)
    {
        var order = tracked.Order;
        var absentAnswers = 0;
        DateTimeOffset? firstAbsent = null;
        var delay = _options.QueryDelay;
        while (true)
        {
            await DelayAsync(delay).ConfigureAwait(false);
            var result = await CallAsync(ct => _api.GetOrderAsync(order.Pair, order.ClientOrderId, ct)).ConfigureAwait(false);
            if (result.TryGetValue(out var found))
            {
                lock (_lock)
                {
                    ApplyOrderLocked(tracked, found);
                }

                return true;
            }

            if (result.Error!.Kind == ExchangeErrorKind.UnknownOrder)
            {
                var now = _time.GetUtcNow();
                firstAbsent ??= now;
                absentAnswers++;
                if (absentAnswers >= _options.UnknownOrderConfirmations && now - firstAbsent.Value >= _options.UnknownOrderGracePeriod)
                {
                    ExecutionLog.NeverArrived(_logger, order.ClientOrderId, absentAnswers, now - firstAbsent.Value);
                    return false;
                }
            }
            else
            {
                ExecutionLog.QueryFailed(_logger, order.ClientOrderId, result.Error);
                if (result.Error.RetryAfter is { } wait && wait > delay)
                {
                    delay = wait;
                    continue;
                }
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxQueryDelay.Ticks));
        }
    }

    private async Task CancelAsync(Tracked tracked)
    {
        var order = tracked.Order;
        for (var attempt = 1; attempt <= _options.MaxSendAttempts; attempt++)
        {
            lock (_lock)
            {
                if (tracked.FinalReported || tracked.Exchange?.IsFinal == true)
                {
                    return;
                }
            }

            var result = await CallAsync(ct => _api.CancelOrderAsync(order.Pair, order.ClientOrderId, ct)).ConfigureAwait(false);
            if (result.TryGetValue(out var cancelled))
            {
                lock (_lock)
                {
                    ApplyOrderLocked(tracked, cancelled);
                }

                return;
            }

            // Whatever the error, the order's real state decides: it may have filled, or be gone.
            var query = await CallAsync(ct => _api.GetOrderAsync(order.Pair, order.ClientOrderId, ct)).ConfigureAwait(false);
            if (query.TryGetValue(out var state))
            {
                lock (_lock)
                {
                    ApplyOrderLocked(tracked, state);
                }

                if (state.IsFinal)
                {
                    return;
                }
            }
            else if (query.Error!.Kind == ExchangeErrorKind.UnknownOrder && result.Error!.Kind == ExchangeErrorKind.UnknownOrder)
            {
                lock (_lock)
                {
                    if (tracked.Exchange is null)
                    {
                        FinalLocked(tracked, ExecutionStatus.Cancelled, "The order never reached the exchange.");
                    }
                }

                return;
            }

            await DelayAsync(result.Error!.RetryAfter ?? _options.RetryDelay).ConfigureAwait(false);
        }

        ExecutionLog.CancelGaveUp(_logger, order.ClientOrderId, _options.MaxSendAttempts);
    }

    private void Reject(Tracked tracked, string reason)
    {
        ExecutionLog.Rejected(_logger, tracked.Order.ClientOrderId, tracked.Order.Pair, reason);
        lock (_lock)
        {
            FinalLocked(tracked, ExecutionStatus.Rejected, reason);
        }
    }

    private void ApplyOrderLocked(Tracked tracked, ExchangeOrder order)
    {
        tracked.Exchange = order;
        if (!string.IsNullOrEmpty(order.ExchangeOrderId) && _byExchangeId.TryAdd((order.Pair, order.ExchangeOrderId), tracked))
        {
            // The trades that arrived before the order (matched by exchange id only) were left unmatched; nothing to redo:
            // user data trades always carry the client id, and REST syncs run after this.
        }

        tracked.ExchangeFilled = Math.Max(tracked.ExchangeFilled, order.FilledQuantity);
        var now = order.UpdateTime == default ? _time.GetUtcNow() : order.UpdateTime;
        if (!tracked.AcceptedReported && order.Status != ExecutionStatus.Rejected && !tracked.FinalReported)
        {
            tracked.AcceptedReported = true;
            tracked.Sink.Report(new ExecutionReport(tracked.Order.ClientOrderId, ExecutionStatus.Accepted, now));
        }

        if (order.Status is ExecutionStatus.Cancelled or ExecutionStatus.Expired or ExecutionStatus.Rejected)
        {
            if (tracked.Booked >= tracked.ExchangeFilled)
            {
                FinalLocked(tracked, order.Status, order.Status == ExecutionStatus.Rejected ? "Rejected by the exchange." : null);
            }
            else
            {
                tracked.PendingFinal = order.Status;
            }
        }

        if (tracked.Booked < tracked.ExchangeFilled)
        {
            ScheduleFillSyncLocked(tracked);
        }
    }

    private void ApplyTradeLocked(ExchangeTrade trade)
    {
        if (!_trades.Add((trade.Pair, trade.TradeId)))
        {
            return;
        }

        _tradeOrder.Enqueue((trade.Pair, trade.TradeId));
        if (_tradeOrder.Count > _options.MaxTradesRemembered)
        {
            _trades.Remove(_tradeOrder.Dequeue());
        }

        if (long.TryParse(trade.TradeId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id > _lastTradeId.GetValueOrDefault(trade.Pair, long.MinValue))
        {
            _lastTradeId[trade.Pair] = id;
        }

        Tracked? tracked = null;
        if (trade.ClientOrderId is { } clientOrderId)
        {
            _orders.TryGetValue(clientOrderId, out tracked);
        }

        if (tracked is null && !_byExchangeId.TryGetValue((trade.Pair, trade.ExchangeOrderId), out tracked))
        {
            _unmatched.OnNext(trade);
            return;
        }

        var fill = trade.ToFill(tracked.Order.ClientOrderId) with { Sleeve = tracked.Order.Strategy };
        tracked.Booked += trade.Quantity;
        tracked.ExchangeFilled = Math.Max(tracked.ExchangeFilled, tracked.Booked);
        var complete = tracked.Booked >= tracked.Order.Quantity;
        var status = complete && !tracked.FinalReported ? ExecutionStatus.Filled : ExecutionStatus.PartiallyFilled;
        if (!tracked.AcceptedReported && !tracked.FinalReported)
        {
            tracked.AcceptedReported = true;
            tracked.Sink.Report(new ExecutionReport(tracked.Order.ClientOrderId, ExecutionStatus.Accepted, trade.Time));
        }

        tracked.Sink.Report(new ExecutionReport(tracked.Order.ClientOrderId, status, trade.Time) { Fill = fill });
        if (status == ExecutionStatus.Filled)
        {
            tracked.FinalReported = true;
            RetireIfDoneLocked(tracked);
        }
        else if (tracked.PendingFinal is { } pending && tracked.Booked >= tracked.ExchangeFilled)
        {
            FinalLocked(tracked, pending, null);
        }
    }

    private void FinalLocked(Tracked tracked, ExecutionStatus status, string? reason)
    {
        if (tracked.FinalReported)
        {
            return;
        }

        tracked.FinalReported = true;
        tracked.PendingFinal = null;
        tracked.Sink.Report(new ExecutionReport(tracked.Order.ClientOrderId, status, _time.GetUtcNow()) { Reason = reason });
        RetireIfDoneLocked(tracked);
    }

    /// <summary>Keeps a finished order for late trades and queries, forgetting the oldest beyond <see cref="OrderExecutorOptions.MaxFinishedOrdersKept"/>.</summary>
    private void RetireIfDoneLocked(Tracked tracked)
    {
        if (tracked.Retired || !tracked.FinalReported || tracked.Booked < tracked.ExchangeFilled)
        {
            return;
        }

        tracked.Retired = true;
        _finished.Enqueue(tracked);
        while (_finished.Count > _options.MaxFinishedOrdersKept)
        {
            var old = _finished.Dequeue();
            _orders.Remove(old.Order.ClientOrderId);
            _sendCounts.Remove(old.Order.ClientOrderId);
            if (old.Exchange is { } known && _byExchangeId.TryGetValue((known.Pair, known.ExchangeOrderId), out var mapped) && ReferenceEquals(mapped, old))
            {
                _byExchangeId.Remove((known.Pair, known.ExchangeOrderId));
            }
        }
    }

    private void ScheduleFillSyncLocked(Tracked tracked)
    {
        if (tracked.FillSyncScheduled)
        {
            return;
        }

        tracked.FillSyncScheduled = true;
        Busy(+1);
        _ = Task.Run(() => FillSyncAsync(tracked));
    }

    private async Task FillSyncAsync(Tracked tracked)
    {
        try
        {
            for (var round = 0; round < 5; round++)
            {
                await DelayAsync(_options.FillSyncDelay).ConfigureAwait(false);
                lock (_lock)
                {
                    if (tracked.Booked >= tracked.ExchangeFilled)
                    {
                        return;
                    }
                }

                await SyncTradesAsync(tracked.Order.Pair, _stopping.Token).ConfigureAwait(false);
            }

            ExecutionLog.FillsMissing(_logger, tracked.Order.ClientOrderId);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            lock (_lock)
            {
                tracked.FillSyncScheduled = false;
            }

            Busy(-1);
        }
    }

    private async Task SyncTradesAsync(TradingPair pair, CancellationToken cancellationToken)
    {
        // From just after the last trade seen when the oldest incomplete order of the pair was sent (trade ids grow per
        // pair), so a trade missed while later ones arrived is fetched too; with no trade ever seen, the most recent ones.
        long? from = null;
        lock (_lock)
        {
            var known = true;
            foreach (var tracked in _orders.Values)
            {
                if (tracked.Order.Pair != pair || (tracked.FinalReported && tracked.Booked >= tracked.ExchangeFilled))
                {
                    continue;
                }

                if (tracked.TradeIdAtSend is not { } mark)
                {
                    known = false;
                    break;
                }

                from = from is { } current ? Math.Min(current, mark + 1) : mark + 1;
            }

            if (!known)
            {
                from = null;
            }
            else if (from is null && _lastTradeId.TryGetValue(pair, out var last))
            {
                from = last + 1;
            }
        }

        var result = await CallAsync(ct => _api.GetTradesAsync(pair, from, ct), cancellationToken).ConfigureAwait(false);
        if (!result.TryGetValue(out var trades))
        {
            ExecutionLog.TradeSyncFailed(_logger, pair, result.Error!);
            return;
        }

        lock (_lock)
        {
            foreach (var trade in trades)
            {
                ApplyTradeLocked(trade);
            }
        }
    }

    private sealed class CompletionSink : IExecutionSink
    {
        public TaskCompletionSource<ExecutionReport> Final { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Report(ExecutionReport report)
        {
            if (report.IsFinal)
            {
                Final.TrySetResult(report);
            }
        }
    }

    private sealed class Lane
    {
        public Queue<Func<Task>> Work { get; } = new();

        public bool Running { get; set; }
    }

    private sealed class Tracked(OrderRequest order, IExecutionSink sink)
    {
        public OrderRequest Order { get; } = order;

        public IExecutionSink Sink { get; } = sink;

        public ExchangeOrder? Exchange { get; set; }

        public decimal ExchangeFilled { get; set; }

        public decimal Booked { get; set; }

        public bool AcceptedReported { get; set; }

        public bool FinalReported { get; set; }

        public ExecutionStatus? PendingFinal { get; set; }

        public bool FillSyncScheduled { get; set; }

        public long? TradeIdAtSend { get; init; }

        public bool Adopted { get; init; }

        public bool Retired { get; set; }
    }
}
