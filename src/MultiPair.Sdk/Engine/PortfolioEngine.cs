using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reactive.Concurrency;
using System.Runtime.CompilerServices;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Engine;

/// <summary>
/// The portfolio's event loop: market data of many pairs in, orders out. Bars are aggregated per pair and timeframe,
/// strategies run on closed primary bars, signals of the same close time across pairs are decided together
/// (ranking, allocation, the risk gate), stops, take-profits, trailing stops and time exits are managed per position,
/// and fills are booked in the ledger. The same engine runs live (<see cref="RunAsync"/> over thread-safe inbound
/// channels) and in a backtest (the <c>Process*</c> methods and <see cref="AdvanceTo"/> on a virtual clock).
/// </summary>
/// <remarks>
/// <para>One logical thread: all ledger and reservation changes happen in the loop. Use either <see cref="RunAsync"/>
/// (live; post with <see cref="PostTick"/>, <see cref="PostBarAsync"/>, <see cref="Report"/>, <see cref="Post"/>) or the
/// <c>Process*</c> methods (backtest, tests), not both.</para>
/// <para>Back-pressure: market data waits in a bounded channel; when it is full, ticks are conflated per pair to the
/// latest, and bar producers wait. Executions and commands go through an unbounded channel and are never dropped;
/// the loop always drains them first.</para>
/// <para>Observers: every public stream is delivered through <c>ObserveOn</c> the notification scheduler, so the loop
/// only enqueues and a slow subscriber never stalls it (its own queue grows instead; throttle or sample high-rate
/// streams such as <see cref="Ticks"/>). Nothing is published, and nothing allocated for it, while a stream has no
/// subscriber.</para>
/// </remarks>
public sealed class PortfolioEngine : IExecutionSink, IStalenessSink, IDisposable
{
    private readonly PortfolioEngineOptions _options;
    private readonly IPortfolioManager _ledger;

    // The ledger when it is the built-in one: answers a position's quantity or identity without building its view.
    private readonly PortfolioManager? _manager;
    private readonly RiskGate _gate;
    private readonly EntryCoordinator _coordinator;
    private readonly IOrderGateway _gateway;
    private readonly TimeProvider _timeProvider;
    private readonly IScheduler _scheduler;
    private readonly SignalConfirmationGate? _confirmation;
    private readonly Dictionary<TradingPair, PairRuntime> _pairs = [];
    private readonly Channel<object> _control = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<MarketEvent> _market;
    private readonly ConcurrentDictionary<TradingPair, PriceTick> _conflated = new();
    private readonly Dictionary<ClientOrderId, WorkingOrder> _orders = [];

    // What the current event changed, for the journal (empty and unused without one).
    private readonly List<OrderStateRecord> _journalStates = [];
    private readonly List<Fill> _journalFills = [];
    private readonly List<LedgerEntry> _journalEntries = [];
    private readonly List<Position> _journalPositions = [];
    private readonly List<TrailingStopState> _journalTrails = [];
    private readonly List<PositionId> _journalCleared = [];
    private readonly List<ExitLevelsState> _journalLevels = [];
    private readonly List<PositionId> _journalLevelsCleared = [];
    private IEngineJournal? _journal;

    // True while ProcessBars runs: closed bars go into their histories with streaming stores (fenced when it returns).
    private bool _streamingHistory;

    // The runtimes of the last time step, by place in the step (see ProcessBars).
    private PairRuntime?[] _stepRuntimes = [];

    // Orders that ended (cancelled, expired, rejected) recently: an exchange may still report a trade of them, which counts.
    private readonly Dictionary<ClientOrderId, WorkingOrder> _finished = [];
    private readonly Queue<ClientOrderId> _finishedOrder = new();
    private readonly Dictionary<PositionId, ExitPlan> _plans = [];
    private List<Signal> _batch = [];
    private List<Signal> _spareBatch = [];
    private readonly Subject<PriceTick> _ticks = new();
    private readonly Subject<Bar> _bars = new();
    private readonly Subject<Signal> _signals = new();
    private readonly Subject<GateResult> _decisions = new();
    private readonly Subject<OrderEvent> _orderEvents = new();
    private readonly Subject<Fill> _fills = new();
    private readonly Subject<PortfolioMetrics> _metrics = new();
    private readonly Subject<EngineAlert> _alerts = new();
    private readonly IDisposable _stateSubscription;
    private readonly IDisposable _rejectionSubscription;
    private readonly MarketDataGuard _guard;
    private readonly StalenessMonitor _staleness;
    private DateTimeOffset? _batchTime;
    private int _batchExpected;
    private string? _haltWhenFlat;

    // Pairs that reported at the pending decision point: a runtime reported when its ReportedBatch equals _batchId.
    private long _batchId = 1;
    private int _batchReportedCount;

    // Counts the engine's own ledger writes (bookings), so a bar's second mark can be skipped when nothing moved it.
    private long _ledgerWrites;
    private string? _exitPrefix;
    private long _exitPrefixSecond;
    private long _exitSequence;
    private long _conflatedCount;
    private int _controlPending;

    // True while WarmUp feeds history: closed bars then only fill histories and strategies (no mark, signal or order).
    private bool _warming;

    /// <summary>Initializes a new engine.</summary>
    /// <param name="ledger">The portfolio ledger (pairs registered).</param>
    /// <param name="gate">The risk gate over the same ledger.</param>
    /// <param name="coordinator">The coordinator over the same gate.</param>
    /// <param name="gateway">Where orders go.</param>
    /// <param name="pairs">The pairs to run.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="timeProvider">The clock (a virtual one in backtests); <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="notificationScheduler">Where stream notifications are delivered; <see cref="TaskPoolScheduler.Default"/> when null (use a virtual-time scheduler in tests).</param>
    /// <param name="confirmation">An optional expensive confirmer for the top entry candidates of each decision point (exits bypass it). A confirmer that completes asynchronously defers the decision to when its answers arrive; backtests that need determinism should use one that answers synchronously or from its cache.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="OptionsValidationException">The options or a pair setup are invalid; every problem is listed.</exception>
    public PortfolioEngine(
        IPortfolioManager ledger,
        RiskGate gate,
        EntryCoordinator coordinator,
        IOrderGateway gateway,
        IEnumerable<PairSetup> pairs,
        PortfolioEngineOptions? options = null,
        TimeProvider? timeProvider = null,
        IScheduler? notificationScheduler = null,
        SignalConfirmationGate? confirmation = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(pairs);
        _ledger = ledger;
        _manager = ledger as PortfolioManager;
        _gate = gate;
        _coordinator = coordinator;
        _gateway = gateway;
        _confirmation = confirmation;
        _options = options ?? new PortfolioEngineOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _scheduler = notificationScheduler ?? TaskPoolScheduler.Default;
        var problems = new List<string>(_options.Validate());
        var setups = pairs.ToList();
        foreach (var setup in setups)
        {
            problems.AddRange(ValidateSetup(setup));
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException(nameof(PortfolioEngine), typeof(PortfolioEngineOptions), problems);
        }

        _guard = new MarketDataGuard(setups.Select(s => s.Pair), _timeProvider, OnDataRejected);
        _staleness = new StalenessMonitor(TimeSpan.FromHours(1), this);
        _market = Channel.CreateBounded<MarketEvent>(new BoundedChannelOptions(_options.MarketDataCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        foreach (var setup in setups)
        {
            AddRuntime(setup);
        }

        _stateSubscription = _gate.StateChanges.Subscribe(change =>
            Alert(EngineAlertKind.TradingStateChanged, null, $"{change.From} → {change.To} ({change.Source}): {change.Reason}", change.Time));
        _rejectionSubscription = _coordinator.Rejections.Subscribe(rejection =>
        {
            if (_decisions.HasObservers && rejection.Proposal is { } proposal)
            {
                _decisions.OnNext(new GateResult(proposal, RiskDecision.Reject(rejection.Code, rejection.Message) with { Rule = rejection.Rule }, []));
            }
        });
    }

    /// <summary>Gets every accepted tick, all pairs.</summary>
    public IObservable<PriceTick> Ticks => _ticks.ObserveOn(_scheduler);

    /// <summary>Gets every closed bar, all pairs and timeframes.</summary>
    public IObservable<Bar> Bars => _bars.ObserveOn(_scheduler);

    /// <summary>Gets every signal a strategy produced on a primary bar.</summary>
    public IObservable<Signal> Signals => _signals.ObserveOn(_scheduler);

    /// <summary>Gets every risk decision (approved, resized, rejected) with its reason code.</summary>
    public IObservable<GateResult> Decisions => _decisions.ObserveOn(_scheduler);

    /// <summary>Gets every order sent and every report about it.</summary>
    public IObservable<OrderEvent> Orders => _orderEvents.ObserveOn(_scheduler);

    /// <summary>Gets every fill booked in the ledger.</summary>
    public IObservable<Fill> Fills => _fills.ObserveOn(_scheduler);

    /// <summary>Gets a metrics snapshot after every decision point and every fill.</summary>
    public IObservable<PortfolioMetrics> Metrics => _metrics.ObserveOn(_scheduler);

    /// <summary>Gets alerts: stale and recovered pairs, disabled pairs, rejected data, booking failures, state changes.</summary>
    public IObservable<EngineAlert> Alerts => _alerts.ObserveOn(_scheduler);

    /// <summary>Gets the pairs the engine runs.</summary>
    public IReadOnlyCollection<TradingPair> PairsRunning => _pairs.Keys;

    /// <summary>Gets how many ticks were conflated because the inbound channel was full.</summary>
    public long ConflatedTicks => Interlocked.Read(ref _conflatedCount);

    /// <summary>Gets how many inbound ticks and bars were rejected as bad data, per pair and reason.</summary>
    public DataRejectionCounts RejectedData => _guard.GetCounts();

    /// <summary>Gets the ticks of one pair.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The stream.</returns>
    public IObservable<PriceTick> TicksOf(TradingPair pair) => Ticks.Where(t => t.Pair == pair);

    /// <summary>Gets the closed bars of one pair and timeframe.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The timeframe.</param>
    /// <returns>The stream.</returns>
    public IObservable<Bar> BarsOf(TradingPair pair, Timeframe timeframe) => Bars.Where(b => b.Pair == pair && b.Timeframe == timeframe);

    /// <summary>Returns whether a pair is enabled and not stale.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns><see langword="true"/> when the pair may propose entries.</returns>
    public bool CanEnter(TradingPair pair) => _pairs.TryGetValue(pair, out var runtime) && runtime.Enabled && !_staleness.IsStale(pair);

    /// <summary>Posts a tick from any thread. When the inbound channel is full the tick is conflated (the latest per pair wins).</summary>
    /// <param name="tick">The tick.</param>
    public void PostTick(in PriceTick tick)
    {
        if (!_market.Writer.TryWrite(new MarketEvent(tick)))
        {
            _conflated[tick.Pair] = tick;
            Interlocked.Increment(ref _conflatedCount);
            WriteControl(ConflatedMarker.Instance);
        }
    }

    /// <summary>Posts a bar from any thread; waits while the inbound channel is full (bars are never dropped).</summary>
    /// <param name="bar">The bar.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the bar is queued.</returns>
    public ValueTask PostBarAsync(Bar bar, CancellationToken cancellationToken = default) =>
        _market.Writer.WriteAsync(new MarketEvent(bar), cancellationToken);

    /// <summary>Gets the ledger the engine books into.</summary>
    public IPortfolioManager Ledger => _ledger;

    /// <summary>
    /// Sends what every event changes to <paramref name="journal"/> (a durable store): order states, fills with the ledger
    /// entries they caused, position views and trailing-stop states, one batch per event. Attach before the engine runs.
    /// </summary>
    /// <param name="journal">The journal.</param>
    /// <exception cref="ArgumentNullException"><paramref name="journal"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A journal is already attached.</exception>
    public void AttachJournal(IEngineJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (_journal is not null)
        {
            throw new InvalidOperationException("A journal is already attached.");
        }

        _journal = journal;
    }

    /// <summary>
    /// Restores the engine's view after a restart, before it runs: every open position of the (rebuilt) ledger on a
    /// configured pair gets its exit plan back (stop loss and take-profit from the engine's defaults relative to the
    /// entry; the trailing stop resumed from <paramref name="trailingStops"/>, its persisted extreme and trigger), and every
    /// order still open when the process stopped becomes a working order again, so its fills are booked (resting stops and
    /// take-profits are recognised and kept instead of being placed twice).
    /// </summary>
    /// <param name="trailingStops">The persisted trailing-stop states.</param>
    /// <param name="openOrders">The orders sent and not known to be final before the restart.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void Restore(IEnumerable<TrailingStopState> trailingStops, IEnumerable<OrderRequest> openOrders) =>
        Restore(trailingStops, [], openOrders);

    /// <summary>
    /// Restores the engine's view after a restart, before it runs, as <see cref="Restore(IEnumerable{TrailingStopState}, IEnumerable{OrderRequest})"/>
    /// does, with each open position's stop loss and take-profit taken from <paramref name="exitLevels"/> when it has
    /// persisted levels (the signal's own levels, or the defaults computed when the position opened), so a restart
    /// resumes the same exits; a position without persisted levels gets the engine's defaults relative to its entry.
    /// </summary>
    /// <param name="trailingStops">The persisted trailing-stop states.</param>
    /// <param name="exitLevels">The persisted exit levels (<see cref="StoreState.ExitLevels"/>).</param>
    /// <param name="openOrders">The orders sent and not known to be final before the restart.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void Restore(IEnumerable<TrailingStopState> trailingStops, IEnumerable<ExitLevelsState> exitLevels, IEnumerable<OrderRequest> openOrders)
    {
        ArgumentNullException.ThrowIfNull(trailingStops);
        ArgumentNullException.ThrowIfNull(exitLevels);
        ArgumentNullException.ThrowIfNull(openOrders);
        var trails = trailingStops.ToDictionary(t => t.PositionId);
        var levels = new Dictionary<PositionId, ExitLevelsState>();
        foreach (var saved in exitLevels)
        {
            levels[saved.PositionId] = saved;
        }

        foreach (var position in _ledger.GetPositions())
        {
            if (!position.IsOpen || _plans.ContainsKey(position.Id) || !_pairs.ContainsKey(position.Pair))
            {
                continue;
            }

            var proposal = new OrderProposal
            {
                Pair = position.Pair,
                Side = position.Side == PositionSide.Long ? OrderSide.Buy : OrderSide.Sell,
                Quantity = position.Quantity,
                Price = position.EntryPrice,
                Intent = ProposalIntent.Open,
                PositionId = position.Id,
                Sleeve = position.Strategy,
            };
            var journal = _journal;
            _journal = null; // restoring is not a change to journal
            StartPlan(position, proposal, position.OpenedAt, levels.GetValueOrDefault(position.Id));
            _journal = journal;
            if (_plans.TryGetValue(position.Id, out var plan) && plan.Trailing is { } trailing && trails.TryGetValue(position.Id, out var saved))
            {
                trailing.Restore(saved.Extreme, saved.Trigger);
                plan.Trailing = trailing;
            }
        }

        foreach (var order in openOrders)
        {
            AdoptOrder(order, levels.GetValueOrDefault(order.PositionId ?? new PositionId(order.ClientOrderId.Value)));
        }

        foreach (var (id, plan) in _plans)
        {
            SyncRestingExits(id, plan, _timeProvider.GetUtcNow());
        }

        DrainControl();
    }

    /// <summary>Posts a command from any thread.</summary>    /// <summary>Posts a command from any thread.</summary>
    /// <param name="command">The command.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public void Post(EngineCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        WriteControl(command);
    }

    /// <inheritdoc />
    public void Report(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        WriteControl(report);
    }

    /// <summary>Runs the live loop until cancelled: drains executions and commands first, then market data; ticks the clock every <see cref="PortfolioEngineOptions.TimerInterval"/>.</summary>
    /// <param name="cancellationToken">Stops the loop; the task then completes normally after draining executions and commands.</param>
    /// <returns>A task that completes when the loop stops.</returns>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var timer = _timeProvider.CreateTimer(_ => WriteControl(ClockMarker.Instance), null, _options.TimerInterval, _options.TimerInterval);
        Task<bool>? control = null;
        Task<bool>? market = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            DrainControl();
            if (_market.Reader.TryRead(out var next))
            {
                Dispatch(next);
                DrainControl();
                continue;
            }

            // Each wait is kept until it completes, so an idle channel never piles up waiters.
            if (control is null || control.IsCompleted)
            {
                control = _control.Reader.WaitToReadAsync(cancellationToken).AsTask();
            }

            if (market is null || market.IsCompleted)
            {
                market = _market.Reader.WaitToReadAsync(cancellationToken).AsTask();
            }

            await Task.WhenAny(control, market).ConfigureAwait(false);
        }

        // Whatever was already accepted (executions above all) is processed before the loop returns.
        DrainControl();
    }

    /// <summary>Processes everything reported or posted so far (executions, commands) on the calling thread (backtests: book fills at the current virtual time).</summary>
    public void ProcessPending() => DrainControl();

    /// <summary>Processes a tick on the calling thread (backtests and tests).</summary>
    /// <param name="tick">The tick.</param>
    public void ProcessTick(in PriceTick tick)
    {
        OnTick(tick);
        DrainControl();
    }

    /// <summary>Processes a bar of a pair's input timeframe on the calling thread (backtests and tests).</summary>
    /// <param name="bar">The bar.</param>
    public void ProcessBar(in Bar bar)
    {
        OnBar(bar);
        DrainControl();
    }

    /// <summary>
    /// Feeds one closed historical bar before the engine runs (warm start), on the calling thread: the bar fills the pair's
    /// history and its strategy sees it (so indicators are ready), but the strategy's signal is discarded, nothing is
    /// marked, no exit is checked, no order is sent and nothing is published. A bar of the pair's
    /// <see cref="PairSetup.InputTimeframe"/> goes through the pair's aggregator (so the windows still forming at the end
    /// of the history continue with the live bars); a bar of another strategy timeframe goes straight to its history. A
    /// bar whose open time is not after the latest of its history (already fed, or built by the aggregator) is skipped.
    /// Feed each pair's bars in close-time order; call before <see cref="RunAsync"/>.
    /// </summary>
    /// <param name="bar">A closed bar of one of the pair's strategy timeframes or of its input timeframe.</param>
    /// <returns><see langword="true"/> when the bar was used.</returns>
    public bool WarmUp(in Bar bar)
    {
        if (!_pairs.TryGetValue(bar.Pair, out var runtime))
        {
            return false;
        }

        _warming = true;
        try
        {
            if (runtime.Setup.InputTimeframe == bar.Timeframe)
            {
                return runtime.Aggregator.OnBar(bar) == DataRejection.None;
            }

            return runtime.Histories.ContainsKey(bar.Timeframe) && WarmClosedBar(runtime, bar);
        }
        finally
        {
            _warming = false;
        }
    }

    /// <summary>
    /// Processes the bars of one time step in order, the same as <see cref="ProcessBar"/> for each (backtests: a pair's
    /// runtime is looked up once per place in the step while the pairs come in the same order).
    /// </summary>
    /// <param name="bars">The bars.</param>
    internal void ProcessBars(ReadOnlySpan<Bar> bars)
    {
        if (_stepRuntimes.Length < bars.Length)
        {
            Array.Resize(ref _stepRuntimes, bars.Length);
        }

        // Histories are written with streaming stores while a step runs (each row is written once and rarely read, and
        // 100 pairs × 500 rows would otherwise cycle through the cache); the fence after the step publishes them.
        _streamingHistory = true;
        try
        {
            for (var i = 0; i < bars.Length; i++)
            {
                ref readonly var bar = ref bars[i];
                var runtime = _stepRuntimes[i];
                if (runtime is null || runtime.Pair != bar.Pair)
                {
                    // A pair added later (AddPair) is found here; an unknown pair is not cached and is ignored as in OnBar.
                    runtime = _pairs.GetValueOrDefault(bar.Pair);
                    _stepRuntimes[i] = runtime;
                }

                if (runtime is not null)
                {
                    OnBar(runtime, bar);
                }

                DrainControl();
            }
        }
        finally
        {
            _streamingHistory = false;
            BarHistory.FenceStreamingWrites();
        }
    }

    /// <summary>Processes a command on the calling thread.</summary>
    /// <param name="command">The command.</param>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public void ProcessCommand(EngineCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        OnCommand(command);
        DrainControl();
    }

    /// <summary>Moves the engine's clock: closes bars of quiet pairs on time, marks stale pairs, and decides a batch whose delay passed.</summary>
    /// <param name="now">The current time (virtual in backtests).</param>
    public void AdvanceTo(DateTimeOffset now)
    {
        OnClock(now);
        DrainControl();
    }

    /// <summary>Decides the pending batch of signals now (at the end of a backtest, or when all pairs are known to have reported).</summary>
    public void Flush()
    {
        FlushBatch();
        DrainControl();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stateSubscription.Dispose();
        _rejectionSubscription.Dispose();
        _ticks.Dispose();
        _bars.Dispose();
        _signals.Dispose();
        _decisions.Dispose();
        _orderEvents.Dispose();
        _fills.Dispose();
        _metrics.Dispose();
        _alerts.Dispose();
    }

    private static IEnumerable<string> ValidateSetup(PairSetup setup)
    {
        if (setup.Strategy is null)
        {
            yield return $"Pair {setup.Pair} has no strategy.";
            yield break;
        }

        var timeframes = setup.Strategy.Timeframes;
        if (timeframes is null || timeframes.Count == 0)
        {
            yield return $"The strategy of {setup.Pair} declares no timeframe.";
            yield break;
        }

        if (setup.InputTimeframe is { } input)
        {
            foreach (var timeframe in timeframes.Where(t => t.Duration.Ticks % input.Duration.Ticks != 0))
            {
                yield return $"The input timeframe {input} of {setup.Pair} does not divide its strategy timeframe {timeframe}.";
            }
        }

        if (setup.StalenessLimit is { } limit && limit <= TimeSpan.Zero)
        {
            yield return $"The staleness limit of {setup.Pair} must be positive.";
        }
    }

    private void Dispatch(in MarketEvent next)
    {
        if (next.IsBar)
        {
            OnBar(next.Bar);
        }
        else
        {
            OnTick(next.Tick);
        }
    }

    /// <summary>Marks the pair's price in the ledger (directly in a <see cref="PortfolioManager"/>'s pair state when it has one).</summary>
    private void Mark(PairRuntime runtime, decimal price)
    {
        if (runtime.LedgerPair is { } pairState)
        {
            PortfolioManager.Mark(pairState, price);
        }
        else
        {
            _ledger.UpdatePrice(runtime.Setup.Pair, price);
        }
    }

    /// <summary>Queues an execution, command or marker for the loop; counted first, so the loop never misses one it could read.</summary>
    private void WriteControl(object item)
    {
        Interlocked.Increment(ref _controlPending);
        if (!_control.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _controlPending);
        }
    }

    private void DrainControl()
    {
        // Most calls find nothing: one read of a counter instead of a channel read per bar and tick.
        if (Volatile.Read(ref _controlPending) == 0)
        {
            return;
        }

        while (_control.Reader.TryRead(out var item))
        {
            Interlocked.Decrement(ref _controlPending);
            switch (item)
            {
                case ExecutionReport report:
                    OnExecution(report);
                    break;
                case EngineCommand command:
                    OnCommand(command);
                    break;
                case ConfirmedBatch confirmed:
                    Decide(Confirmed(confirmed.Task));
                    break;
                case ClockMarker:
                    OnClock(_timeProvider.GetUtcNow());
                    break;
                case ConflatedMarker:
                    foreach (var pair in _conflated.Keys)
                    {
                        if (_conflated.TryRemove(pair, out var tick))
                        {
                            OnTick(tick);
                        }
                    }

                    break;
            }
        }
    }

    private void OnTick(in PriceTick tick)
    {
        if (!_pairs.TryGetValue(tick.Pair, out var runtime))
        {
            return;
        }

        if (_guard.Validate(tick) != DataRejection.None)
        {
            return;
        }

        Touch(runtime, tick.Time);
        if (Rejected(runtime, runtime.Aggregator.OnTick(tick), tick.Time))
        {
            return;
        }

        var price = (decimal)tick.Mid;
        Mark(runtime, price);
        if (_ticks.HasObservers)
        {
            _ticks.OnNext(tick);
        }

        CheckExits(runtime, price, tick.Time);
    }

    private void OnBar(in Bar bar)
    {
        if (_pairs.TryGetValue(bar.Pair, out var runtime))
        {
            OnBar(runtime, bar);
        }
    }

    private void OnBar(PairRuntime runtime, in Bar bar)
    {
        if ((runtime.GuardState is { } guardState ? _guard.Validate(bar, guardState) : _guard.Validate(bar)) != DataRejection.None)
        {
            return;
        }

        var closeTime = bar.CloseTime;
        Touch(runtime, closeTime);
        runtime.MarkedClose = double.NaN;

        // A bar that passes through the aggregator unchanged (the input is the strategy's timeframe) is handled here
        // rather than called back through the aggregator's sink.
        var passedThrough = runtime.Aggregator.TryPassThrough(bar, out var rejection);
        if (passedThrough)
        {
            if (rejection == DataRejection.None)
            {
                runtime.OnBarClosed(bar);
            }
        }
        else
        {
            rejection = runtime.Aggregator.OnBar(bar);
        }

        if (Rejected(runtime, rejection, closeTime))
        {
            return;
        }

        // After a pass-through nothing is forming, so there is nothing to close on time.
        if (!passedThrough)
        {
            runtime.Aggregator.AdvanceTo(closeTime);
        }

        // A closed bar of this input already marked this price, and no booking has touched the ledger since: marking
        // again would change nothing (the same mark, the same watermarks).
        if (runtime.MarkedClose != bar.Close || runtime.MarkedAtWrite != _ledgerWrites)
        {
            MarkClose(runtime, bar.Close);
        }

        // Exits are checked per managed position: a pair without one needs no decimal price.
        if (runtime.HasPositions)
        {
            CheckExits(runtime, runtime.PriceOf(bar.Close), closeTime);
        }
    }

    /// <summary>Marks a bar's close: deferred in a flat pair of a <see cref="PortfolioManager"/> (converted when read), else converted now.</summary>
    private void MarkClose(PairRuntime runtime, double close)
    {
        if (runtime.LedgerPair is not { } pairState || !PortfolioManager.TryMarkFlat(pairState, close))
        {
            Mark(runtime, runtime.PriceOf(close));
        }
    }

    /// <inheritdoc />
    void IStalenessSink.OnStale(TradingPair pair, DateTimeOffset lastDataTime, DateTimeOffset now) =>
        Alert(EngineAlertKind.PairStale, pair, $"{pair} has had no data since {lastDataTime:O} (limit {_staleness.GetLimit(pair)}); no entry is proposed from it.", now);

    /// <inheritdoc />
    void IStalenessSink.OnFresh(TradingPair pair, DateTimeOffset lastDataTime, DateTimeOffset now) =>
        Alert(EngineAlertKind.PairRecovered, pair, $"{pair} has data again (last {lastDataTime:O}).", now);

    private void OnDataRejected(DataRejectionEvent rejection) =>
        Alert(EngineAlertKind.DataRejected, rejection.Pair, $"Dropped {rejection.Reason} data for {rejection.Pair} at {rejection.DataTime:O} (first of a burst; {rejection.Count} so far).", rejection.DetectedAt);

    /// <summary>Reports data the aggregator refused after the guard let it through (for example misaligned bars).</summary>
    private bool Rejected(PairRuntime runtime, DataRejection rejection, DateTimeOffset time)
    {
        if (rejection == DataRejection.None)
        {
            return false;
        }

        Alert(EngineAlertKind.DataRejected, runtime.Setup.Pair, $"The aggregator dropped {rejection} data for {runtime.Setup.Pair} at {time:O}.", time);
        return true;
    }

    private void Touch(PairRuntime runtime, DateTimeOffset time)
    {
        var wasStale = _staleness.IsStaleAt(runtime.StalenessSlot);
        _staleness.OnDataAt(runtime.StalenessSlot, time);
        if (wasStale)
        {
            _staleness.Check(time);
        }
    }

    private void AddRuntime(PairSetup setup)
    {
        var runtime = new PairRuntime(this, setup, _options.HistoryLength);
        _pairs.Add(setup.Pair, runtime);
        _guard.AddPair(setup.Pair);
        _staleness.AddPair(setup.Pair, setup.StalenessLimit ?? StalenessMonitor.LimitFor(setup.Strategy.Timeframes[0]));
        runtime.StalenessSlot = _staleness.IndexOf(setup.Pair);
        runtime.LedgerPair = (_ledger as PortfolioManager)?.FindPair(setup.Pair);
        runtime.GuardState = _guard.StateOf(setup.Pair);
    }

    /// <summary>A closed bar of one of the pair's timeframes (called back by its aggregator).</summary>
    private void OnClosedBar(PairRuntime runtime, in Bar bar)
    {
        if (_warming)
        {
            _ = WarmClosedBar(runtime, bar);
            return;
        }

        var closeTime = bar.CloseTime;
        if (_batchTime is { } pending && closeTime > pending)
        {
            FlushBatch();
        }

        // A closed bar's close is the pair's latest accepted price: mark it before anything decides on it.
        MarkClose(runtime, bar.Close);
        runtime.MarkedClose = bar.Close;
        runtime.MarkedAtWrite = _ledgerWrites;
        var history = runtime.HistoryOf(bar.Timeframe);
        if (_streamingHistory)
        {
            history.AddStreaming(bar);
        }
        else
        {
            history.Add(bar);
        }

        if (_bars.HasObservers)
        {
            _bars.OnNext(bar);
        }

        if (!runtime.Enabled)
        {
            return;
        }

        var primary = bar.Timeframe == runtime.Primary;
        if (primary && runtime.TracksRegime)
        {
            runtime.Context.Regime = runtime.Regime.Update(bar.High, bar.Low, bar.Close);
        }

        var signal = RunStrategy(runtime, bar, closeTime, out var threw);
        if (threw || !primary)
        {
            return;
        }

        if (runtime.ReportedBatch != _batchId)
        {
            runtime.ReportedBatch = _batchId;
            _batchReportedCount++;
        }

        if (signal is not null && !_staleness.IsStaleAt(runtime.StalenessSlot))
        {
            if (_signals.HasObservers)
            {
                _signals.OnNext(signal);
            }

            _batch.Add(signal);
        }

        if (_batchTime is null)
        {
            _batchTime = closeTime;
            _batchExpected = ExpectedReporters(closeTime);
        }

        if (_batchReportedCount >= _batchExpected)
        {
            FlushBatch();
        }
    }

    /// <summary>A closed history bar during <see cref="WarmUp"/>: history and strategy only, the signal discarded.</summary>
    private bool WarmClosedBar(PairRuntime runtime, in Bar bar)
    {
        var history = runtime.HistoryOf(bar.Timeframe);
        if (history.Count > 0 && history.LatestOpenTicks >= bar.OpenTime.UtcTicks)
        {
            return false;
        }

        history.Add(bar);
        if (!runtime.Enabled)
        {
            return true;
        }

        if (bar.Timeframe == runtime.Primary && runtime.TracksRegime)
        {
            runtime.Context.Regime = runtime.Regime.Update(bar.High, bar.Low, bar.Close);
        }

        _ = RunStrategy(runtime, bar, bar.CloseTime, out _);
        return true;
    }

    /// <summary>Runs the pair's strategy on a closed bar; a strategy that throws disables its pair (kept apart from the per-bar path, whose frame stays small).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Signal? RunStrategy(PairRuntime runtime, in Bar bar, DateTimeOffset closeTime, out bool threw)
    {
        threw = false;
        try
        {
            runtime.Context.Time = closeTime;
            runtime.Context.Position = PositionOf(runtime);
            return runtime.Setup.Strategy.OnBar(bar, runtime.Context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            threw = true;
            runtime.Enabled = false;
            Alert(EngineAlertKind.PairDisabled, runtime.Setup.Pair, $"The strategy {runtime.Setup.Strategy.Name} of {runtime.Setup.Pair} threw {ex.GetType().Name}: {ex.Message}; the pair is disabled.", closeTime);
            return null;
        }
    }

    /// <summary>
    /// How many pairs a decision point waits for: enabled pairs, not stale (a pair that never had data is still
    /// expected), whose primary timeframe closes at <paramref name="time"/>. Counted once per decision point.
    /// </summary>
    private int ExpectedReporters(DateTimeOffset time)
    {
        var expected = 0;
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

        // Pairs usually share a primary timeframe: one division per distinct duration in a row, not one per pair.
        long duration = 0;
        var closes = false;
        foreach (var runtime in _pairs.Values)
        {
            var primary = runtime.Primary.Duration.Ticks;
            if (primary != duration)
            {
                duration = primary;
                closes = ticks % primary == 0;
            }

            var slot = runtime.StalenessSlot;
            if (runtime.Enabled && closes && (!_staleness.HasDataAt(slot) || !_staleness.IsStaleAt(slot)))
            {
                expected++;
            }
        }

        return expected;
    }

    private PositionSide? PositionOf(PairRuntime runtime)
    {
        if (!runtime.HasPositions)
        {
            return null;
        }

        foreach (var plan in runtime.Positions)
        {
            if (_plans.TryGetValue(plan, out var exit))
            {
                return exit.Side;
            }
        }

        return null;
    }

    private void FlushBatch()
    {
        _batchId++;
        _batchReportedCount = 0;
        var time = _batchTime;
        _batchTime = null;
        if (_batch.Count == 0 || time is null)
        {
            _batch.Clear();
            return;
        }

        if (_confirmation is null)
        {
            // Decided now: the batch's own list goes to the coordinator (which keeps no reference to it), and signals
            // of the next decision point collect in the spare list meanwhile.
            var batch = _batch;
            _batch = _spareBatch;
            try
            {
                Decide(batch);
            }
            finally
            {
                // Also when deciding threw: the two lists never become one.
                batch.Clear();
                _spareBatch = batch;
            }

            return;
        }

        var signals = _batch.ToArray();
        _batch.Clear();
        var confirming = _confirmation.ConfirmAsync(signals);
        if (!confirming.IsCompleted)
        {
            // Answers arrive later: the decision is made on the loop when they do.
            _ = confirming.ContinueWith(t => WriteControl(new ConfirmedBatch(t)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return;
        }

        Decide(Confirmed(confirming));
    }

    private static Signal[] Confirmed(Task<ConfirmationResult> confirming) =>
        confirming.IsCompletedSuccessfully ? [.. confirming.Result.Signals] : [];

    private void Decide(IReadOnlyList<Signal> signals)
    {
        if (signals.Count == 0)
        {
            return;
        }

        var result = _coordinator.Coordinate(signals);
        foreach (var intent in result.Approved)
        {
            if (_decisions.HasObservers)
            {
                _decisions.OnNext(intent.Result);
            }

            Send(intent.ClientOrderId, intent.Proposal, intent.Signal, ExitReason.Signal);
        }

        PublishMetrics();
    }

    private void OnClock(DateTimeOffset now)
    {
        _staleness.Check(now);
        foreach (var runtime in _pairs.Values)
        {
            runtime.Aggregator.AdvanceTo(now);
            if (_options.MaxHoldingTime is not null && _ledger.GetPrice(runtime.Setup.Pair) is { } price)
            {
                CheckExits(runtime, price, now);
            }
        }

        if (_batchTime is { } pending && now >= pending + _options.DecisionDelay)
        {
            FlushBatch();
        }
    }

    private void CheckExits(PairRuntime runtime, decimal price, DateTimeOffset now)
    {
        for (var i = runtime.Positions.Count - 1; i >= 0; i--)
        {
            var id = runtime.Positions[i];
            if (!_plans.TryGetValue(id, out var plan) || plan.Closing)
            {
                continue;
            }

            if (plan.Trailing is { } trailing)
            {
                var ratcheted = trailing.Update(price);
                plan.Trailing = trailing;
                if (ratcheted)
                {
                    JournalTrail(id, plan, now);
                    SyncRestingExits(id, plan, now);
                }
            }

            if (plan.Check(price, now, _options.MaxHoldingTime) is not { } reason)
            {
                continue;
            }

            if (!TryGetOpen(id, out var pair, out var sleeve, out var side, out var quantity))
            {
                continue;
            }

            var proposal = new OrderProposal
            {
                Pair = pair,
                Side = side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy,
                Quantity = quantity,
                Price = price,
                Intent = ProposalIntent.Close,
                PositionId = id,
                Sleeve = sleeve,
                Reason = reason.ToString(),
            };
            var clientOrderId = new ClientOrderId(string.Concat(ExitIdPrefix(now), (++_exitSequence).ToString(CultureInfo.InvariantCulture)));
            var result = _gate.Submit(proposal, clientOrderId);
            if (_decisions.HasObservers)
            {
                _decisions.OnNext(result);
            }

            if (result.Approved is { } approved)
            {
                plan.Closing = true;
                Send(clientOrderId, approved, null, reason);
            }
        }

        FlushJournal();
    }

    /// <summary>An open position's pair, sleeve, side and quantity: from a <see cref="PortfolioManager"/>'s state without a view.</summary>
    private bool TryGetOpen(PositionId id, out TradingPair pair, out StrategyId sleeve, out PositionSide side, out decimal quantity)
    {
        (pair, sleeve, side, quantity) = (default, default, default, 0m);
        if (_manager is not null)
        {
            if (_manager.StateOf(id) is not { IsOpen: true } state)
            {
                return false;
            }

            (pair, sleeve, side, quantity) = (state.Pair, state.Strategy, state.Side, state.Quantity);
            return true;
        }

        if (_ledger.GetPosition(id) is not { IsOpen: true } view)
        {
            return false;
        }

        (pair, sleeve, side, quantity) = (view.Pair, view.Strategy, view.Side, view.Quantity);
        return true;
    }

    /// <summary>"{prefix}x-yyMMddHHmmss-" (default "mpx-…") for <paramref name="now"/>; formatted once per second.</summary>
    private string ExitIdPrefix(DateTimeOffset now)
    {
        var second = now.UtcTicks / TimeSpan.TicksPerSecond;
        if (second != _exitPrefixSecond || _exitPrefix is null)
        {
            _exitPrefix = string.Create(CultureInfo.InvariantCulture, $"{_coordinator.ClientOrderIdPrefix}x-{now.UtcDateTime:yyMMddHHmmss}-");
            _exitPrefixSecond = second;
        }

        return _exitPrefix;
    }

    private void Send(ClientOrderId clientOrderId, OrderProposal proposal, Signal? signal, ExitReason reason)
    {
        // A market order (as OrderRequest.Market makes it) with its position and sleeve, built as one object.
        var order = new OrderRequest(clientOrderId, proposal.Pair, proposal.Side, OrderType.Market, proposal.Quantity, reduceOnly: proposal.IsReducing)
        {
            PositionId = proposal.PositionId ?? new PositionId(clientOrderId.Value),
            Strategy = proposal.Sleeve,
        };
        _orders[clientOrderId] = new WorkingOrder(order, proposal, signal, reason);
        if (_orderEvents.HasObservers)
        {
            _orderEvents.OnNext(new OrderEvent(order, proposal.Intent, null, _timeProvider.GetUtcNow()));
        }

        if (_journal is not null && proposal.Intent == ProposalIntent.Open && (proposal.StopLoss > 0m || proposal.TakeProfit > 0m))
        {
            // The entry's own exit levels, kept before it goes out: a fill that happens while the process is down
            // starts its plan after the restart with them (the plan's final levels replace them when it starts).
            _journalLevels.Add(new ExitLevelsState(order.PositionId!.Value, proposal.StopLoss > 0m ? proposal.StopLoss : null, proposal.TakeProfit > 0m ? proposal.TakeProfit : null, _timeProvider.GetUtcNow()));
            FlushJournal();
        }

        _gateway.Send(order, this);
    }

    private void OnExecution(ExecutionReport report)
    {
        if (!_orders.TryGetValue(report.ClientOrderId, out var working))
        {
            // A late trade of an order that already ended (a fill racing its cancel) is booked all the same.
            if (report.Fill is { } late && _finished.TryGetValue(report.ClientOrderId, out var ended))
            {
                ended.Filled += late.Quantity;
                Book(ended, late);
                JournalState(ended, report);
                FlushJournal();
            }

            return;
        }

        if (_orderEvents.HasObservers)
        {
            _orderEvents.OnNext(new OrderEvent(working.Order, working.Proposal.Intent, report, report.Time));
        }

        if (working.Resting is { } resting)
        {
            OnRestingExitReport(working, resting, report);
        }

        if (report.Fill is { } fill && report.Status is ExecutionStatus.Filled or ExecutionStatus.PartiallyFilled)
        {
            working.Filled += fill.Quantity;
            Book(working, fill);
        }

        JournalState(working, report);

        if (report.IsFinal)
        {
            _gate.Release(report.ClientOrderId);
            _orders.Remove(report.ClientOrderId);
            RememberFinished(report.ClientOrderId, working);
            if (working.Resting is null && working.Proposal.PositionId is { } closing && report.Status != ExecutionStatus.Filled && _plans.TryGetValue(closing, out var plan))
            {
                plan.Closing = false;
            }

            if (_journal is not null && working.Filled == 0m && working.Proposal.Intent == ProposalIntent.Open && (working.Proposal.StopLoss > 0m || working.Proposal.TakeProfit > 0m))
            {
                _journalLevelsCleared.Add(working.Order.PositionId!.Value); // the entry ended unfilled: no plan will start
            }
        }

        FlushJournal();
    }

    /// <summary>
    /// Remembers an order that ended before it filled completely (cancelled, expired, rejected) so a trade racing its
    /// final report is still booked. A completely filled order can have no further trade (an exchange never fills more
    /// than the order's quantity), so it is not kept: in a backtest nearly every order fills, and keeping them made
    /// thousands of order graphs live long enough to be promoted and collected in the older generations.
    /// </summary>
    private void RememberFinished(ClientOrderId id, WorkingOrder working)
    {
        const int Kept = 1024;
        if (working.Filled < working.Order.Quantity && _finished.TryAdd(id, working))
        {
            _finishedOrder.Enqueue(id);
            if (_finishedOrder.Count > Kept)
            {
                _finished.Remove(_finishedOrder.Dequeue());
            }
        }
    }

    private void Book(WorkingOrder working, Fill fill)
    {
        _ledgerWrites++;
        var proposal = working.Proposal;
        var positionId = working.Order.PositionId!.Value;
        string? failure = null;
        switch (proposal.Intent)
        {
            case ProposalIntent.Open when !(_manager is not null ? _manager.StateOf(positionId) is not null : _ledger.GetPosition(positionId) is not null):
                var request = new OpenPositionRequest
                {
                    Id = positionId,
                    Pair = fill.Pair,
                    Quantity = fill.Quantity,
                    EntryPrice = fill.Price,
                    Side = proposal.PositionSide,
                    Strategy = proposal.Sleeve,
                    Fee = fill.Fee,
                    EnforceFunds = false, // the fill happened: the ledger mirrors it
                };
                if (_journal is null && _manager is not null)
                {
                    // Nothing to journal: the built-in ledger opens the position without building a view of it.
                    failure = _manager.Open(request, out var added)?.ToString();
                    if (added is not null)
                    {
                        StartPlan(added.Id, added.Pair, added.Side, added.AverageEntryPrice, proposal, fill.Time);
                    }
                }
                else
                {
                    var opened = _ledger.AddPosition(request);
                    if (opened.IsSuccess)
                    {
                        if (_journal is not null)
                        {
                            Journal(fill, LedgerEntry.Open(request with { Leverage = opened.Value.Leverage }, fill.Time), opened.Value);
                        }

                        StartPlan(opened.Value, proposal, fill.Time);
                    }
                    else
                    {
                        failure = opened.Error.ToString();
                    }
                }

                if (failure is null && _plans.TryGetValue(positionId, out var started))
                {
                    SyncRestingExits(positionId, started, fill.Time);
                }

                break;
            case ProposalIntent.Open:
            case ProposalIntent.Increase:
                var grown = _ledger.IncreasePosition(positionId, fill.Quantity, fill.Price, fill.Fee, enforceFunds: false);
                failure = grown.Error?.ToString();
                if (grown.IsSuccess && _journal is not null)
                {
                    Journal(fill, LedgerEntry.Increase(grown.Value, fill.Quantity, fill.Price, fill.Fee, fill.Time), grown.Value);
                }

                if (failure is null && _plans.TryGetValue(positionId, out var increased))
                {
                    SyncRestingExits(positionId, increased, fill.Time); // the exits cover the larger position
                }

                break;
            case ProposalIntent.Reduce:
            case ProposalIntent.Close:
                bool closed;
                if (_journal is null && _manager is not null)
                {
                    // Nothing to journal: the built-in ledger reduces without building views of the position.
                    var reducedBy = Math.Min(fill.Quantity, _manager.StateOf(positionId)?.Quantity ?? 0m);
                    failure = _manager.ReduceWithoutView(positionId, reducedBy, fill.Price, fill.Fee, working.Reason, out closed)?.ToString();
                }
                else
                {
                    var before = _ledger.GetPosition(positionId);
                    var reducedBy = Math.Min(fill.Quantity, before?.Quantity ?? 0m);
                    var reduced = _ledger.ReducePosition(positionId, reducedBy, fill.Price, fill.Fee, working.Reason);
                    failure = reduced.Error?.ToString();
                    if (_journal is not null && reduced.IsSuccess && before is not null && _ledger.GetPosition(positionId) is { } after)
                    {
                        Journal(fill, LedgerEntry.Reduce(before, reducedBy, fill.Price, fill.Fee, working.Reason, fill.Time), after);
                    }

                    closed = reduced.IsSuccess && reduced.Value.IsFullClose;
                }

                if (closed)
                {
                    EndPlan(positionId, fill.Pair, fill.ClientOrderId);
                    HaltIfFlat();
                }

                break;
        }

        _gate.ApplyFill(fill.ClientOrderId, fill.Quantity);
        if (failure is not null)
        {
            Alert(EngineAlertKind.BookingFailed, fill.Pair, $"The ledger refused fill {fill.TradeId} of {fill.ClientOrderId}: {failure}", fill.Time);
            return;
        }

        if (_fills.HasObservers)
        {
            _fills.OnNext(fill);
        }

        PublishMetrics();
    }

    private void AdoptOrder(OrderRequest order, ExitLevelsState? levels)
    {
        if (_orders.ContainsKey(order.ClientOrderId))
        {
            return;
        }

        var positionId = order.PositionId ?? new PositionId(order.ClientOrderId.Value);
        var held = _ledger.GetPosition(positionId);
        var closing = held is { IsOpen: true } && (held.Side == PositionSide.Long) == (order.Side == OrderSide.Sell);
        var proposal = new OrderProposal
        {
            Pair = order.Pair,
            Side = order.Side,
            Quantity = order.Quantity,
            Price = order.Price ?? order.StopPrice ?? _ledger.GetPrice(order.Pair) ?? held?.EntryPrice ?? 1m,
            Intent = closing ? ProposalIntent.Close : ProposalIntent.Open,
            PositionId = positionId,
            Sleeve = order.Strategy,
            Reason = "adopted after a restart",

            // An entry's own exit levels, kept when it was sent: its plan starts with them when it fills.
            StopLoss = closing ? null : levels?.StopLoss,
            TakeProfit = closing ? null : levels?.TakeProfit,
        };
        RestingKind? resting = null;
        var reason = ExitReason.Signal;
        if (closing && _plans.TryGetValue(positionId, out var plan))
        {
            if (order.Type == OrderType.StopMarket && plan.Stop.Active is null)
            {
                resting = RestingKind.Stop;
                reason = plan.StopReason;
                plan.Stop.Active = order.ClientOrderId;
                plan.Stop.ActivePrice = order.StopPrice!.Value;
                plan.Stop.ActiveQuantity = order.Quantity;
            }
            else if (order.Type == OrderType.Limit && plan.Target.Active is null)
            {
                resting = RestingKind.Target;
                reason = ExitReason.TakeProfit;
                plan.Target.Active = order.ClientOrderId;
                plan.Target.ActivePrice = order.Price!.Value;
                plan.Target.ActiveQuantity = order.Quantity;
            }
            else
            {
                plan.Closing = true;
            }
        }

        _orders[order.ClientOrderId] = new WorkingOrder(order with { PositionId = positionId }, proposal, null, reason) { Resting = resting };
        if (resting is null)
        {
            // Sent through the gate before the restart: its reservation went with the process. Until its fills and
            // final report arrive, an entry counts against capital and slots again, a close against its position.
            _ = _gate.Adopt(proposal, order.ClientOrderId);
        }
    }

    private void Journal(Fill fill, LedgerEntry entry, Position view)
    {
        if (_journal is null)
        {
            return;
        }

        _journalFills.Add(fill);
        _journalEntries.Add(entry with { TradeId = fill.TradeId });
        _journalPositions.Add(view);
    }

    private void JournalState(WorkingOrder working, ExecutionReport report)
    {
        if (_journal is not null)
        {
            _journalStates.Add(new OrderStateRecord(report.ClientOrderId, report.Status, report.Time) { FilledQuantity = working.Filled, Reason = report.Reason });
        }
    }

    private void JournalTrail(PositionId id, ExitPlan plan, DateTimeOffset time)
    {
        if (_journal is not null && plan.Trailing is { } trailing && trailing.Trigger > 0m && trailing.Extreme > 0m)
        {
            _journalTrails.Add(new TrailingStopState(id, plan.Side, trailing.Extreme, trailing.Trigger, time));
        }
    }

    /// <summary>Hands what the current event changed to the journal as one batch.</summary>
    private void FlushJournal()
    {
        if (_journal is null
            || (_journalStates.Count == 0 && _journalFills.Count == 0 && _journalTrails.Count == 0 && _journalCleared.Count == 0
                && _journalLevels.Count == 0 && _journalLevelsCleared.Count == 0))
        {
            return;
        }

        var batch = new StoreBatch
        {
            OrderStates = [.. _journalStates],
            Fills = [.. _journalFills],
            LedgerEntries = [.. _journalEntries],
            Positions = [.. _journalPositions],
            TrailingStops = [.. _journalTrails],
            ClearedTrailingStops = [.. _journalCleared],
            ExitLevels = [.. _journalLevels],
            ClearedExitLevels = [.. _journalLevelsCleared],
        };
        _journalStates.Clear();
        _journalFills.Clear();
        _journalEntries.Clear();
        _journalPositions.Clear();
        _journalTrails.Clear();
        _journalCleared.Clear();
        _journalLevels.Clear();
        _journalLevelsCleared.Clear();
        _journal.Append(batch);
    }

    private void StartPlan(Position position, OrderProposal proposal, DateTimeOffset time, ExitLevelsState? saved = null) =>
        StartPlan(position.Id, position.Pair, position.Side, position.EntryPrice, proposal, time, saved);

    private void StartPlan(PositionId id, TradingPair pair, PositionSide side, decimal entry, OrderProposal proposal, DateTimeOffset time, ExitLevelsState? saved = null)
    {
        if (!_pairs.TryGetValue(pair, out var runtime))
        {
            return;
        }

        var trail = _ledger.GetPairConfig(pair)?.TrailingStopPercent;
        var sign = side == PositionSide.Long ? 1m : -1m;
        var plan = new ExitPlan(side, time)
        {
            StopLoss = saved is not null ? saved.StopLoss : proposal.StopLoss ?? (_options.DefaultStopLossPercent is { } stop ? entry * (1m - (sign * stop / 100m)) : null),
            TakeProfit = saved is not null ? saved.TakeProfit : proposal.TakeProfit ?? (_options.DefaultTakeProfitPercent is { } target ? entry * (1m + (sign * target / 100m)) : null),
            Trailing = trail is { } percent ? new TrailingStop(side, percent, _options.MinimumRatchetPercent, entry) : null,
        };
        _plans[id] = plan;
        runtime.AddPosition(id);
        JournalTrail(id, plan, time);
        if (_journal is not null && (plan.StopLoss is not null || plan.TakeProfit is not null))
        {
            // A level at or below zero can never trigger: kept as none (the store accepts only positive prices).
            _journalLevels.Add(new ExitLevelsState(id, plan.StopLoss > 0m ? plan.StopLoss : null, plan.TakeProfit > 0m ? plan.TakeProfit : null, time));
        }
    }

    private void EndPlan(PositionId id, TradingPair pair, ClientOrderId closedBy)
    {
        if (_plans.Remove(id, out var plan))
        {
            if (_journal is not null && plan.Trailing is not null)
            {
                _journalCleared.Add(id);
            }

            if (_journal is not null && (plan.StopLoss is not null || plan.TakeProfit is not null))
            {
                _journalLevelsCleared.Add(id);
            }

            // Stops resting on the exchange for a position that no longer exists must go (on spot they would sell coins the portfolio does not hold).
            foreach (var stop in (ReadOnlySpan<ClientOrderId?>)[plan.Stop.Active, plan.Stop.Pending, plan.Target.Active, plan.Target.Pending])
            {
                if (stop is { } resting && resting != closedBy && _orders.ContainsKey(resting))
                {
                    _gateway.Cancel(resting, this);
                }
            }
        }

        if (_pairs.TryGetValue(pair, out var runtime))
        {
            runtime.RemovePosition(id);
        }
    }

    /// <summary>Rests the position's stop (and, on perpetuals, its take-profit) on the exchange, or moves them there.</summary>
    private void SyncRestingExits(PositionId id, ExitPlan plan, DateTimeOffset now)
    {
        if (!_options.UseExchangeExitOrders || plan.Closing || _ledger.GetPosition(id) is not { IsOpen: true } position)
        {
            return;
        }

        if (plan.EffectiveStop is { } stop)
        {
            SyncResting(position, plan, plan.Stop, RestingKind.Stop, stop, now);
        }

        // Spot has no reduce-only orders: a resting take-profit and a resting stop would each hold the whole balance.
        if (plan.TakeProfit is { } target && position.MarketType != MarketType.Spot)
        {
            SyncResting(position, plan, plan.Target, RestingKind.Target, target, now);
        }
    }

    /// <summary>Sends a resting exit at <paramref name="price"/> for the position's quantity unless one is there or on its way; a replacement goes out first and the old order is cancelled once it is accepted.</summary>
    private void SyncResting(Position position, ExitPlan plan, RestingExit slot, RestingKind kind, decimal price, DateTimeOffset now)
    {
        var quantity = position.Quantity;
        if (slot.WatchLocally || slot.Matches(price, quantity))
        {
            return;
        }

        if (slot.Pending is { } superseded && _orders.ContainsKey(superseded))
        {
            _gateway.Cancel(superseded, this); // a newer level replaces a replacement that is not accepted yet
        }

        var side = position.Side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy;
        var clientOrderId = new ClientOrderId(string.Concat(ExitIdPrefix(now), (++_exitSequence).ToString(CultureInfo.InvariantCulture)));
        var reduceOnly = position.MarketType != MarketType.Spot;
        var order = (kind == RestingKind.Stop
            ? new OrderRequest(clientOrderId, position.Pair, side, OrderType.StopMarket, quantity, stopPrice: price, reduceOnly: reduceOnly)
            : new OrderRequest(clientOrderId, position.Pair, side, OrderType.Limit, quantity, price, reduceOnly: reduceOnly)) with
        {
            PositionId = position.Id,
            Strategy = position.Strategy,
        };
        var proposal = new OrderProposal
        {
            Pair = position.Pair,
            Side = side,
            Quantity = quantity,
            Price = price,
            Intent = ProposalIntent.Close,
            PositionId = position.Id,
            Sleeve = position.Strategy,
            Reason = kind == RestingKind.Stop ? "resting stop" : "resting take-profit",
        };
        slot.Pending = clientOrderId;
        slot.PendingPrice = price;
        slot.PendingQuantity = quantity;
        var reason = kind == RestingKind.Stop ? plan.StopReason : ExitReason.TakeProfit;
        _orders[clientOrderId] = new WorkingOrder(order, proposal, null, reason) { Resting = kind };
        if (_orderEvents.HasObservers)
        {
            _orderEvents.OnNext(new OrderEvent(order, ProposalIntent.Close, null, now));
        }

        _gateway.Send(order, this);
    }

    private void OnRestingExitReport(WorkingOrder working, RestingKind kind, ExecutionReport report)
    {
        var positionId = working.Order.PositionId!.Value;
        if (!_plans.TryGetValue(positionId, out var plan))
        {
            return;
        }

        var slot = kind == RestingKind.Stop ? plan.Stop : plan.Target;
        var id = report.ClientOrderId;
        if (report.Status == ExecutionStatus.Accepted && slot.Pending == id)
        {
            var replaced = slot.Active;
            slot.Active = id;
            slot.ActivePrice = slot.PendingPrice;
            slot.ActiveQuantity = slot.PendingQuantity;
            slot.Pending = null;
            if (replaced is { } old && _orders.ContainsKey(old))
            {
                _gateway.Cancel(old, this); // only now: the new order is on the book
            }
        }
        else if (report.IsFinal && report.Status != ExecutionStatus.Filled)
        {
            if (slot.Pending == id)
            {
                slot.Pending = null;
                if (report.Status == ExecutionStatus.Rejected && slot.Active is null)
                {
                    slot.WatchLocally = true;
                    var what = kind == RestingKind.Stop ? "stop" : "take-profit";
                    Alert(EngineAlertKind.ExchangeExitRefused, working.Order.Pair, $"The exchange refused {what} order {id} ({report.Reason}); the engine watches the {what} of {positionId} itself.", report.Time);
                }
            }
            else if (slot.Active == id)
            {
                slot.Active = null; // cancelled or expired on the exchange: the engine watches it again
            }
        }
    }

    private void OnCommand(EngineCommand command)
    {
        var now = _timeProvider.GetUtcNow();
        switch (command)
        {
            case EngineCommand.DisablePair disable when _pairs.TryGetValue(disable.Pair, out var runtime):
                runtime.Enabled = false;
                Alert(EngineAlertKind.PairDisabled, disable.Pair, $"{disable.Pair} disabled: {disable.Reason}", now);
                break;
            case EngineCommand.EnablePair enable when _pairs.TryGetValue(enable.Pair, out var runtime):
                runtime.Enabled = true;
                Alert(EngineAlertKind.PairEnabled, enable.Pair, $"{enable.Pair} enabled.", now);
                break;
            case EngineCommand.EmergencyStop stop:
                EmergencyStop(stop, now);
                break;
            case EngineCommand.RestrictTrading restrict when restrict.State != TradingState.Active:
                // Never loosens: a halted portfolio stays halted when a milder restriction arrives.
                if (_gate.State == TradingState.Active || restrict.State == TradingState.Halted)
                {
                    _gate.SetTradingState(restrict.State, restrict.Reason);
                }

                break;
            case EngineCommand.ResumeTrading resume:
                _haltWhenFlat = null;
                _gate.SetTradingState(TradingState.Active, resume.Reason);
                break;
            case EngineCommand.AddPair add:
                AddPair(add, now);
                break;
        }
    }

    private void EmergencyStop(EngineCommand.EmergencyStop stop, DateTimeOffset now)
    {
        _gate.SetTradingState(stop.Flatten ? TradingState.ReduceOnly : TradingState.Halted, stop.Reason);
        _haltWhenFlat = stop.Flatten ? stop.Reason : null;
        foreach (var id in _orders.Keys.ToList())
        {
            _gateway.Cancel(id, this);
        }

        DrainControl();
        if (!stop.Flatten)
        {
            return;
        }

        foreach (var position in _ledger.GetPositions())
        {
            if (_plans.TryGetValue(position.Id, out var plan))
            {
                plan.Closing = false;
                plan.ForceExit = true;
            }
        }

        foreach (var runtime in _pairs.Values)
        {
            if (_ledger.GetPrice(runtime.Setup.Pair) is { } price)
            {
                CheckExits(runtime, price, now);
            }
        }

        DrainControl();
        HaltIfFlat();
    }

    /// <summary>After an emergency stop with flatten, moves to Halted once the last position is closed.</summary>
    private void HaltIfFlat()
    {
        if (_haltWhenFlat is { } reason && _ledger.GetPositions().Count == 0)
        {
            _haltWhenFlat = null;
            _gate.SetTradingState(TradingState.Halted, $"{reason} (flattened)");
        }
    }

    private void AddPair(EngineCommand.AddPair add, DateTimeOffset now)
    {
        var problems = ValidateSetup(add.Setup).ToList();
        if (_pairs.ContainsKey(add.Setup.Pair))
        {
            problems.Add($"{add.Setup.Pair} is already running.");
        }

        if (problems.Count == 0 && _ledger.GetPairConfig(add.Setup.Pair) is null && _ledger.RegisterPair(add.Config).Error is { } error)
        {
            problems.Add(error.ToString());
        }

        if (problems.Count > 0)
        {
            Alert(EngineAlertKind.PairDisabled, add.Setup.Pair, $"{add.Setup.Pair} was not added: {string.Join(" ", problems)}", now);
            return;
        }

        AddRuntime(add.Setup);
        Alert(EngineAlertKind.PairAdded, add.Setup.Pair, $"{add.Setup.Pair} added with {add.Setup.Strategy.Name}.", now);
    }

    private void PublishMetrics()
    {
        if (_metrics.HasObservers)
        {
            _metrics.OnNext(_ledger.GetPortfolioMetrics());
        }
    }

    private void Alert(EngineAlertKind kind, TradingPair? pair, string message, DateTimeOffset time)
    {
        if (_alerts.HasObservers)
        {
            _alerts.OnNext(new EngineAlert(kind, pair, message, time));
        }
    }

    private readonly struct MarketEvent
    {
        public MarketEvent(in PriceTick tick)
        {
            Tick = tick;
        }

        public MarketEvent(in Bar bar)
        {
            Bar = bar;
            IsBar = true;
        }

        public bool IsBar { get; }

        public PriceTick Tick { get; }

        public Bar Bar { get; }
    }

    private sealed record ConfirmedBatch(Task<ConfirmationResult> Task);

    private sealed class ClockMarker
    {
        public static readonly ClockMarker Instance = new();
    }

    private sealed class ConflatedMarker
    {
        public static readonly ConflatedMarker Instance = new();
    }

    private enum RestingKind
    {
        Stop,
        Target,
    }

    private sealed record WorkingOrder(OrderRequest Order, OrderProposal Proposal, Signal? Signal, ExitReason Reason)
    {
        /// <summary>Gets which exit of its position this order rests on the exchange for, or null for an ordinary order.</summary>
        public RestingKind? Resting { get; init; }

        /// <summary>Gets or sets the quantity filled so far.</summary>
        public decimal Filled { get; set; }
    }

    /// <summary>An exit order of one position resting on the exchange, and its replacement on its way.</summary>
    private sealed class RestingExit
    {
        public ClientOrderId? Active { get; set; }

        public decimal ActivePrice { get; set; }

        public decimal ActiveQuantity { get; set; }

        public ClientOrderId? Pending { get; set; }

        public decimal PendingPrice { get; set; }

        public decimal PendingQuantity { get; set; }

        /// <summary>Gets or sets a value indicating whether the exchange refused this exit: the engine watches it.</summary>
        public bool WatchLocally { get; set; }

        public bool Matches(decimal price, decimal quantity) => Pending is not null
            ? PendingPrice == price && PendingQuantity == quantity
            : Active is not null && ActivePrice == price && ActiveQuantity == quantity;
    }

    /// <summary>The exits managed for one position.</summary>
    private sealed class ExitPlan(PositionSide side, DateTimeOffset openedAt)
    {
        public PositionSide Side { get; } = side;

        public decimal? StopLoss { get; init; }

        public decimal? TakeProfit { get; init; }

        public TrailingStop? Trailing { get; set; }

        public bool Closing { get; set; }

        public bool ForceExit { get; set; }

        /// <summary>Gets the stop (stop loss or trailing stop) resting on the exchange, if any.</summary>
        public RestingExit Stop { get; } = new();

        /// <summary>Gets the take-profit resting on the exchange, if any (perpetuals).</summary>
        public RestingExit Target { get; } = new();

        /// <summary>The tighter of the stop loss and the trailing trigger, or null.</summary>
        public decimal? EffectiveStop
        {
            get
            {
                var isLong = Side == PositionSide.Long;
                decimal? stop = StopLoss;
                if (Trailing is { } trailing)
                {
                    stop = stop is { } s ? (isLong ? Math.Max(s, trailing.Trigger) : Math.Min(s, trailing.Trigger)) : trailing.Trigger;
                }

                return stop;
            }
        }

        public ExitReason StopReason => Trailing is { } trailing && EffectiveStop == trailing.Trigger && StopLoss != trailing.Trigger ? ExitReason.TrailingStop : ExitReason.StopLoss;

        public ExitReason? Check(decimal price, DateTimeOffset now, TimeSpan? maxHolding)
        {
            var isLong = Side == PositionSide.Long;
            if (ForceExit)
            {
                return ExitReason.Liquidation;
            }

            // An exit resting on the exchange fires there; watching it here too would send a second exit.
            var exchangeHoldsStop = Stop.Active is not null;
            if (!exchangeHoldsStop && StopLoss is { } stop && (isLong ? price <= stop : price >= stop))
            {
                return ExitReason.StopLoss;
            }

            if (!exchangeHoldsStop && Trailing is { } trailing && trailing.IsHit(price))
            {
                return ExitReason.TrailingStop;
            }

            if (Target.Active is null && TakeProfit is { } target && (isLong ? price >= target : price <= target))
            {
                return ExitReason.TakeProfit;
            }

            return maxHolding is { } limit && now - openedAt >= limit ? ExitReason.TimeLimit : null;
        }
    }

    /// <summary>Per-pair state: aggregator, histories, strategy context, flags.</summary>
    private sealed class PairRuntime : IBarSink
    {
        private readonly PortfolioEngine _engine;
        private readonly Timeframe[] _timeframes;
        private readonly BarHistory[] _histories;
        private readonly Timeframe? _input;
        private readonly bool _inputHasHistory;
        private readonly BarHistory _primaryHistory;
        private double _lastClose = double.NaN;
        private decimal _lastPrice;
        private int _positionCount;

        [SuppressMessage("Reliability", "CA2214:Do not call overridable methods in constructors", Justification = "Sealed type.")]
        public PairRuntime(PortfolioEngine engine, PairSetup setup, int historyLength)
        {
            _engine = engine;
            Setup = setup;
            Pair = setup.Pair;
            Enabled = setup.Enabled;
            TracksRegime = setup.Strategy is not PairStrategyBase { ReadsRegime: false };
            var timeframes = setup.Strategy.Timeframes;
            Primary = timeframes[0];
            Histories = timeframes.Distinct().ToDictionary(t => t, t => new BarHistory(setup.Pair, t, Math.Max(historyLength, setup.Strategy.WarmupBars + 1)));
            _timeframes = [.. Histories.Keys];
            _histories = [.. Histories.Values];
            _primaryHistory = Histories[Primary];
            _input = setup.InputTimeframe;
            _inputHasHistory = _input is { } inputTimeframe && Histories.ContainsKey(inputTimeframe);
            Context = new StrategyContext(setup.Pair, setup.StrategyId, Histories);
            var targets = timeframes.Distinct().ToList();
            if (setup.InputTimeframe is { } input && !targets.Contains(input))
            {
                targets.Add(input);
            }

            Aggregator = new BarAggregator(setup.Pair, targets, this);
        }

        public PairSetup Setup { get; }

        /// <summary>Gets the pair (the setup's, kept here: the bar path compares it on every bar).</summary>
        public TradingPair Pair { get; }

        public Timeframe Primary { get; }

        /// <summary>Gets a value indicating whether the pair has managed positions (without reaching the list).</summary>
        public bool HasPositions => _positionCount > 0;

        public Dictionary<Timeframe, BarHistory> Histories { get; }

        public StrategyContext Context { get; }

        public BarAggregator Aggregator { get; }

        public List<PositionId> Positions { get; } = [];

        public void AddPosition(PositionId id)
        {
            Positions.Add(id);
            _positionCount = Positions.Count;
        }

        public void RemovePosition(PositionId id)
        {
            _ = Positions.Remove(id);
            _positionCount = Positions.Count;
        }

        public RegimeDetector Regime { get; } = new();

        /// <summary>
        /// Gets a value indicating whether the pair's regime is tracked: always, unless the strategy is a built-in one
        /// whose regime filter is <see cref="RegimeFilter.Any"/> (it never reads the regime, so nothing could observe it).
        /// </summary>
        public bool TracksRegime { get; }

        public bool Enabled { get; set; }

        /// <summary>Gets or sets the pair's slot in the engine's staleness monitor.</summary>
        public int StalenessSlot { get; set; } = -1;

        /// <summary>Gets or sets the pair's state in the ledger, when the ledger is a <see cref="PortfolioManager"/> that had it registered.</summary>
        public PortfolioManager.PairState? LedgerPair { get; set; }

        /// <summary>Gets or sets the pair's state in the data guard.</summary>
        public object? GuardState { get; set; }

        /// <summary>Gets or sets the decision point this pair last reported at.</summary>
        public long ReportedBatch { get; set; }

        /// <summary>Gets or sets the close a closed bar marked during the current input bar (NaN when none did); the same close converts to the same price.</summary>
        public double MarkedClose { get; set; } = double.NaN;

        /// <summary>Gets or sets the engine's ledger-write count when <see cref="MarkedClose"/> was marked.</summary>
        public long MarkedAtWrite { get; set; }

        /// <summary>
        /// Converts a close to the ledger's decimal price; the last conversion is kept, because an input bar's close is
        /// converted again when the bars it completes close (the same double gives the same decimal).
        /// </summary>
        public decimal PriceOf(double close)
        {
            if (close != _lastClose)
            {
                _lastPrice = (decimal)close;
                _lastClose = close;
            }

            return _lastPrice;
        }

        /// <summary>Gets a timeframe's history (one of the strategy's timeframes) without a dictionary lookup.</summary>
        public BarHistory HistoryOf(Timeframe timeframe)
        {
            if (timeframe == Primary)
            {
                return _primaryHistory;
            }

            var timeframes = _timeframes;
            for (var i = 0; i < timeframes.Length; i++)
            {
                if (timeframes[i] == timeframe)
                {
                    return _histories[i];
                }
            }

            return Histories[timeframe];
        }

        public void OnBarClosed(in Bar bar)
        {
            if (!_inputHasHistory && _input is { } input && bar.Timeframe == input)
            {
                return;
            }

            _engine.OnClosedBar(this, bar);
        }
    }
}
