using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// The pre-trade risk gate: every order proposal of every pair and sleeve passes through it. It builds a snapshot of
/// the ledger plus the <b>reservations of orders still in flight</b>, runs the rule chain, applies sleeve budgets, the
/// side-conflict policy, available capital and exchange filters, and on <see cref="Submit"/> reserves what it approved
/// in the same step, so two proposals can never spend the same capital.
/// </summary>
/// <remarks>
/// <para>Order of checks: proposal validity → pair and position → trading state → (entries only) the rules in the given
/// order → sleeve budget and side conflict → available capital → exchange filters. The first reject wins; resizes
/// compose (each check sees the quantity allowed so far; a resize never increases a quantity).</para>
/// <para>Reducing proposals (reduce, close) skip the rule chain and capital checks: a risk rule never stops risk being
/// taken off. Cancels pass in every state, reductions in every state but Halted.</para>
/// <para>Not thread-safe: call it from the portfolio's event loop. <see cref="StateChanges"/> may be observed from anywhere.</para>
/// </remarks>
public sealed class RiskGate : IDisposable
{
    private const string Manual = "manual";

    /// <summary>The built-in rules that never read <see cref="PortfolioSnapshot.ClosedPositions"/> (the protections do).</summary>
    private static readonly HashSet<Type> RulesNotReadingClosed =
    [
        typeof(CorrelatedExposureRule), typeof(DailyLossLimitRule), typeof(DrawdownThrottleRule), typeof(EmergencyLiquidationRule),
        typeof(MaxGrossExposureRule), typeof(MaxPairExposureRule), typeof(MaxPositionNotionalRule), typeof(MaxPositionSizeRule),
        typeof(MaxPositionsRule), typeof(MinimumConfidenceRule), typeof(OnePositionPerPairRule), typeof(ReturnCorrelationRule),
        typeof(StopLossRule), typeof(ExchangeFilterRule),
    ];

    /// <summary>The built-in rules and protections (exact types): they read a snapshot only during the call that receives it.</summary>
    private static readonly HashSet<Type> FinishesWithSnapshots =
    [
        .. RulesNotReadingClosed,
        typeof(DailyTradeLimitProtection), typeof(DrawdownCooldownProtection), typeof(HighFrequencyCooldownProtection),
        typeof(LossStreakCooldownProtection), typeof(LowProfitPairLockProtection), typeof(QuickExitCooldownProtection),
        typeof(StopLossGuardProtection),
    ];

    private readonly IPortfolioManager _ledger;
    private readonly IRiskRule[] _rules;
    private readonly IPortfolioMonitor[] _monitors;
    private readonly RiskGateOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<TradingPair, Instrument> _instruments;
    private readonly Dictionary<StrategyId, SleeveConfig> _sleeves;
    private readonly Dictionary<string, StrategyId> _sleeveByStrategy;
    private readonly OrderedDictionary<ClientOrderId, Reservation> _reservations = [];
    private readonly Subject<TradingStateChange> _stateChanges = new();
    private readonly ExchangeFilterRule _filters = new();
    private decimal? _peakEquity;
    private decimal? _dayStartEquity;
    private DateTimeOffset _dayStart = DateTimeOffset.MinValue;

    // Registered pairs change only when one is registered: the dictionary is rebuilt then, and shared (read-only) by snapshots.
    private Dictionary<TradingPair, PairConfig>? _pairsCache;
    private int _pairsCacheCount = -1;

    // The last snapshot built from a PortfolioManager and what it was built from: while the ledger's state version,
    // the time and the closed-position choice are the same, its ledger parts are reused; while the reservations,
    // trading state and registered pairs are the same too, the snapshot itself is (it would be equal in every part).
    private PortfolioSnapshot? _lastSnapshot;
    private long _lastLedgerVersion = -1;
    private bool _lastIncludesClosed;
    private long _lastReservationsVersion = -1;
    private long _reservationsVersion;

    /// <summary>Initializes a new gate over a ledger.</summary>
    /// <param name="ledger">The portfolio ledger (pairs must be registered before the gate is built).</param>
    /// <param name="rules">The rules, in evaluation order. Rules that are also <see cref="IPortfolioMonitor"/>s are inspected by <see cref="Inspect"/>.</param>
    /// <param name="options">The gate's settings; defaults when null.</param>
    /// <param name="instruments">Exchange instruments of the pairs, for the exchange filters.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ledger"/> or <paramref name="rules"/> is null.</exception>
    /// <exception cref="OptionsValidationException">The options or a rule's settings are invalid; every problem is listed.</exception>
    public RiskGate(IPortfolioManager ledger, IEnumerable<IRiskRule> rules, RiskGateOptions? options = null, IEnumerable<Instrument>? instruments = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(rules);
        _ledger = ledger;
        _rules = [.. rules];
        _options = options ?? new RiskGateOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _instruments = (instruments ?? []).ToDictionary(i => i.Pair);
        _monitors = [.. _rules.OfType<IPortfolioMonitor>()];
        ReadsClosedPositions = _rules.Any(MayReadClosedPositions);
        DefersViews = _rules.All(r => r is not null && FinishesWithSnapshots.Contains(r.GetType()));

        var problems = new List<string>(_options.Validate());
        var context = new RuleValidationContext(ledger.Config, ledger.Pairs);
        foreach (var rule in _rules)
        {
            if (rule is null)
            {
                problems.Add("A rule is null.");
                continue;
            }

            if (rule is RiskRule validated)
            {
                problems.AddRange(validated.Validate(context));
            }
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException(nameof(RiskGate), typeof(RiskGateOptions), problems);
        }

        _sleeves = _options.Sleeves.ToDictionary(s => s.Id);
        _sleeveByStrategy = new Dictionary<string, StrategyId>(StringComparer.Ordinal);
        foreach (var sleeve in _options.Sleeves)
        {
            _sleeveByStrategy[sleeve.Id.Value] = sleeve.Id;
            foreach (var strategy in sleeve.Strategies)
            {
                _sleeveByStrategy[strategy] = sleeve.Id;
            }
        }
    }

    /// <summary>Gets the trading state.</summary>
    public TradingState State { get; private set; } = TradingState.Active;

    /// <summary>Gets the rules, in evaluation order.</summary>
    public IReadOnlyList<IRiskRule> Rules => _rules;

    /// <summary>Gets the reservations of approved orders that have not completely filled, oldest first.</summary>
    public IReadOnlyList<Reservation> Reservations => [.. _reservations.Values];

    /// <summary>Gets every change of the trading state, as it happens.</summary>
    public IObservable<TradingStateChange> StateChanges => _stateChanges.AsObservable();

    /// <summary>Gets the sleeve a strategy trades from: the sleeve that lists it (or has its id), else the strategy's own id.</summary>
    /// <param name="strategy">The strategy.</param>
    /// <returns>The sleeve id its orders and positions carry.</returns>
    public StrategyId SleeveOf(StrategyId strategy) =>
        !strategy.IsDefault && _sleeveByStrategy.TryGetValue(strategy.Value, out var sleeve) ? sleeve : strategy;

    /// <summary>
    /// Gets a value indicating whether a rule may read <see cref="PortfolioSnapshot.ClosedPositions"/>: any rule but the
    /// built-in rules that never do (protections do, and so may custom rules).
    /// </summary>
    internal bool ReadsClosedPositions { get; }

    /// <summary>
    /// Gets a value indicating whether the snapshots of this gate's own decisions may defer their positions' views
    /// (<see cref="OpenPositionList"/>): true when every rule is a built-in one, which reads a snapshot only while it
    /// decides (a custom rule could keep the snapshot and read it after the ledger changed).
    /// </summary>
    internal bool DefersViews { get; }

    /// <summary>Builds the snapshot the rules see: the ledger, reservations, prices, sleeves, state, peak and day-start equity.</summary>
    /// <returns>The snapshot.</returns>
    public PortfolioSnapshot CreateSnapshot() => CreateSnapshot(includeClosed: true);

    /// <summary>
    /// Builds a snapshot; without <paramref name="includeClosed"/> its <see cref="PortfolioSnapshot.ClosedPositions"/>
    /// is empty (for callers whose readers never look at it). Consecutive calls with nothing changed in between return
    /// the same (immutable) snapshot.
    /// </summary>
    /// <param name="includeClosed">Whether to list the recently closed positions.</param>
    /// <param name="deferViews">
    /// Whether the open positions' views may be built only if read (<see cref="OpenPositionList"/>): for a caller that
    /// finishes with the snapshot before the ledger changes and hands it to built-in readers only.
    /// </param>
    /// <returns>The snapshot.</returns>
    internal PortfolioSnapshot CreateSnapshot(bool includeClosed, bool deferViews = false)
    {
        var now = _timeProvider.GetUtcNow();
        var since = now - _options.ClosedPositionLookback;
        decimal equity, cash;
        IReadOnlyList<Position> open, closed;
        Dictionary<TradingPair, PairConfig> pairs;
        IReadOnlyDictionary<TradingPair, decimal> prices;
        IReadOnlyDictionary<PositionId, int>? index = null;
        var reusable = false;
        if (_ledger is PortfolioManager ledger
            && _lastSnapshot is { } last
            && last.Time == now
            && _lastLedgerVersion == ledger.StateVersion
            && _lastIncludesClosed == includeClosed
            && _pairsCacheCount == ledger.PairCount)
        {
            // Nothing in the ledger changed since the last snapshot: the same views, equity and prices.
            (equity, cash, open, closed, pairs, prices, index) = (last.Equity, last.Cash, last.Positions, last.ClosedPositions, _pairsCache!, last.Prices, last.PositionIndex);
            reusable = _lastReservationsVersion == _reservationsVersion && last.State == State;
            if (!deferViews)
            {
                // The ledger is at the snapshot's state: what it deferred can still be built, and is, for this caller.
                (open as OpenPositionList)?.Materialize();
                (prices as DeferredPrices)?.Materialize();
            }
        }
        else if (_ledger is PortfolioManager manager)
        {
            // The ledger's fast path: equity, open positions and the tail of its close-ordered history, without the
            // metrics' attribution or a walk over every position ever opened.
            ledger = manager;
            var view = ledger.GetRiskView(since, includeClosed, deferViews);
            (equity, cash, open, closed) = (view.Equity, view.Cash, view.Positions, view.ClosedPositions);
            pairs = PairsOf(ledger);

            // Shared, read-only and rebuilt by the ledger only when marks or positions change.
            prices = deferViews ? ledger.GetDeferredPrices() : ledger.GetPrices();
            // A short list is scanned faster than an index is built (once per open or close); a long one is indexed.
            index = open.Count > PortfolioSnapshot.ScannedPositions && open is not OpenPositionList ? ledger.GetOpenIndex() : null;
        }
        else
        {
            var metrics = _ledger.GetPortfolioMetrics();
            (equity, cash) = (metrics.TotalCapital, metrics.Cash);
            var all = _ledger.GetPositions(includeClosed: true);
            open = [.. all.Where(p => p.IsOpen)];
            closed = ClosedSince(all, since);
            pairs = _ledger.Pairs.ToDictionary(p => p.Pair);
            var copied = new Dictionary<TradingPair, decimal>();
            foreach (var pair in pairs.Keys)
            {
                if (_ledger.GetPrice(pair) is { } price)
                {
                    copied[pair] = price;
                }
            }

            prices = copied;
        }

        TrackEquity(now, equity);
        if (reusable)
        {
            // Same time and equity: the peak and day-start equity above came out unchanged as well.
            return _lastSnapshot!;
        }

        var snapshot = Snapshot(now, equity, cash, open, pairs, index, closed, prices, _options.Sleeves.Count == 0 ? [] : SleeveBudgets(equity));
        if (_ledger is PortfolioManager source)
        {
            _lastSnapshot = snapshot;
            _lastLedgerVersion = source.StateVersion;
            _lastIncludesClosed = includeClosed;
            _lastReservationsVersion = _reservationsVersion;
        }

        return snapshot;
    }

    /// <summary>
    /// The snapshot a reducing order is decided on: <see cref="Decide"/> reads nothing of it but the position being
    /// reduced, the reservations, the pairs' configuration, the instruments and the state (no rule runs for a reducing
    /// order), so only those are captured, with the exact equity — which still moves the peak and the day's start as
    /// every snapshot does — instead of a view of every open position at the latest marks. Not kept for reuse.
    /// </summary>
    private PortfolioSnapshot CreateReducingSnapshot(PortfolioManager ledger, OrderProposal proposal)
    {
        var now = _timeProvider.GetUtcNow();
        var (equity, cash) = ledger.GetEquity();
        TrackEquity(now, equity);
        var position = proposal.PositionId is { } id ? ledger.GetPosition(id) : null;
        return Snapshot(now, equity, cash, position is { IsOpen: true } ? [position] : [], PairsOf(ledger));
    }

    /// <summary>A snapshot of the given ledger figures with the gate's own state: trading state, peak and day-start equity, reservations and instruments.</summary>
    private PortfolioSnapshot Snapshot(
        DateTimeOffset now,
        decimal equity,
        decimal cash,
        IReadOnlyList<Position> positions,
        IReadOnlyDictionary<TradingPair, PairConfig> pairs,
        IReadOnlyDictionary<PositionId, int>? index = null,
        IReadOnlyList<Position>? closed = null,
        IReadOnlyDictionary<TradingPair, decimal>? prices = null,
        IReadOnlyList<SleeveBudget>? sleeves = null) => new()
        {
            Time = now,
            Config = _ledger.Config,
            State = State,
            Equity = equity,
            Cash = cash,
            PeakEquity = _peakEquity,
            DayStartEquity = _dayStartEquity,
            Positions = positions,
            PositionIndex = index,
            ClosedPositions = closed ?? [],
            Reservations = _reservations.Count == 0 ? [] : [.. _reservations.Values],
            Pairs = pairs,
            Instruments = _instruments,
            Prices = prices ?? ReadOnlyDictionary<TradingPair, decimal>.Empty,
            Sleeves = sleeves ?? [],
        };

    /// <summary>Moves the peak equity and, on a new day, the day's starting equity (every snapshot does).</summary>
    private void TrackEquity(DateTimeOffset now, decimal equity)
    {
        _peakEquity = _peakEquity is { } peak ? Math.Max(peak, equity) : equity;
        var dayStart = DayStart(now);
        if (dayStart > _dayStart || _dayStartEquity is null)
        {
            _dayStart = dayStart;
            _dayStartEquity = equity;
        }
    }

    /// <summary>The ledger's pairs by name, rebuilt only when a pair is registered.</summary>
    private Dictionary<TradingPair, PairConfig> PairsOf(PortfolioManager ledger)
    {
        if (_pairsCache is null || _pairsCacheCount != ledger.PairCount)
        {
            _pairsCache = ledger.Pairs.ToDictionary(p => p.Pair);
            _pairsCacheCount = ledger.PairCount;
        }

        return _pairsCache;
    }

    /// <summary>Decides on a proposal without reserving anything or changing the state (a dry run).</summary>
    /// <param name="proposal">The proposal.</param>
    /// <returns>The decision and every objection along the way.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="proposal"/> is null.</exception>
    public GateResult Evaluate(OrderProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return Decide(proposal, CreateSnapshot(includeClosed: true, DefersViews));
    }

    /// <summary>
    /// Decides on a proposal and, if it passes, reserves its capital and exposure under <paramref name="clientOrderId"/>
    /// in the same step; a state a rule asked for is applied.
    /// </summary>
    /// <param name="proposal">The proposal.</param>
    /// <param name="clientOrderId">The id the order will be sent with; unique among reservations.</param>
    /// <returns>The decision, with the reservation when approved.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="proposal"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="clientOrderId"/> is default.</exception>
    public GateResult Submit(OrderProposal proposal, ClientOrderId clientOrderId)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (clientOrderId.IsDefault)
        {
            throw new ArgumentException("A client order id is required.", nameof(clientOrderId));
        }

        if (_reservations.ContainsKey(clientOrderId))
        {
            var duplicate = RiskDecision.Reject(RiskReasonCode.InvalidProposal, $"Client order id '{clientOrderId}' is already reserved.") with { Rule = nameof(RiskGate) };
            return new GateResult(proposal, duplicate, [duplicate]);
        }

        var snapshot = proposal.Intent is ProposalIntent.Reduce or ProposalIntent.Close && _ledger is PortfolioManager manager
            ? CreateReducingSnapshot(manager, proposal)
            : CreateSnapshot(ReadsClosedPositions, DefersViews);
        var result = Decide(proposal, snapshot);
        if (result.Decision.RequestedState is { } requested)
        {
            Escalate(requested, result.Decision.Rule ?? nameof(RiskGate), result.Decision.Message, snapshot.Time);
        }

        if (!result.IsApproved || proposal.Intent == ProposalIntent.Cancel)
        {
            return result;
        }

        var reservation = Reserve(proposal, clientOrderId, result.Decision.Quantity, snapshot.LeverageOf(proposal.Pair), snapshot.Time);
        return result with { Reservation = reservation };
    }

    /// <summary>
    /// Counts an order that is already on the exchange without deciding on it again: an order adopted after a restart
    /// (its reservation was lost with the process). It reserves what <see cref="Submit"/> would have reserved for the
    /// proposal, so entries in flight keep counting against capital, exposure and slots, and a close in flight against
    /// its position, until the order's fills are applied (<see cref="ApplyFill"/>) or it ends (<see cref="Release"/>).
    /// </summary>
    /// <param name="proposal">The order as a proposal (pair, side, sleeve, intent, position, quantity still open, price).</param>
    /// <param name="clientOrderId">The order's client id.</param>
    /// <returns>The reservation; the existing one when the id is already reserved.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="proposal"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="clientOrderId"/> is default, or the quantity or price is not positive.</exception>
    public Reservation Adopt(OrderProposal proposal, ClientOrderId clientOrderId)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (clientOrderId.IsDefault)
        {
            throw new ArgumentException("A client order id is required.", nameof(clientOrderId));
        }

        if (proposal.Quantity <= 0m || proposal.Price <= 0m)
        {
            throw new ArgumentException($"An adopted order needs a positive quantity and price; {clientOrderId} has {proposal.Quantity} at {proposal.Price}.", nameof(proposal));
        }

        if (_reservations.TryGetValue(clientOrderId, out var existing))
        {
            return existing;
        }

        return Reserve(proposal, clientOrderId, proposal.Quantity, _ledger.GetPairConfig(proposal.Pair)?.Leverage ?? 1m, _timeProvider.GetUtcNow());
    }

    /// <summary>Holds <paramref name="quantity"/> of a proposal under its client order id.</summary>
    private Reservation Reserve(OrderProposal proposal, ClientOrderId clientOrderId, decimal quantity, decimal leverage, DateTimeOffset time)
    {
        var reservation = new Reservation(clientOrderId, proposal.Pair, proposal.Sleeve, proposal.Intent, proposal.PositionSide, quantity, proposal.Price, leverage, time)
        {
            PositionId = proposal.PositionId,
        };
        _reservations.Add(clientOrderId, reservation);
        _reservationsVersion++;
        return reservation;
    }

    /// <summary>Releases a reservation: the order was cancelled, rejected by the exchange, or fully booked in the ledger.</summary>
    /// <param name="clientOrderId">The order.</param>
    /// <returns><see langword="true"/> when a reservation was released.</returns>
    public bool Release(ClientOrderId clientOrderId)
    {
        if (!_reservations.Remove(clientOrderId))
        {
            return false;
        }

        _reservationsVersion++;
        return true;
    }

    /// <summary>Shrinks a reservation by a fill's quantity (book the fill in the ledger first); releases it when nothing is left.</summary>
    /// <param name="clientOrderId">The order.</param>
    /// <param name="filledQuantity">The quantity just filled.</param>
    /// <returns><see langword="true"/> when the order had a reservation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="filledQuantity"/> is not positive.</exception>
    public bool ApplyFill(ClientOrderId clientOrderId, decimal filledQuantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filledQuantity);
        if (!_reservations.TryGetValue(clientOrderId, out var reservation))
        {
            return false;
        }

        var left = reservation.Quantity - filledQuantity;
        _reservationsVersion++;
        if (left <= 0m)
        {
            _reservations.Remove(clientOrderId);
        }
        else
        {
            _reservations[clientOrderId] = reservation with { Quantity = left };
        }

        return true;
    }

    /// <summary>Moves the trading state by hand: an emergency stop (Halted), reduce-only, or a resume (Active).</summary>
    /// <param name="state">The new state.</param>
    /// <param name="reason">Why, for the record.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is undefined.</exception>
    public void SetTradingState(TradingState state, string reason)
    {
        if (!Enum.IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Undefined trading state.");
        }

        ChangeState(state, Manual, reason ?? string.Empty, _timeProvider.GetUtcNow());
    }

    /// <summary>
    /// Runs every monitor (daily loss, drawdown, emergency liquidation, …) over the portfolio now: their requested
    /// states are applied (escalation only) and their alerts returned, with any orders they propose.
    /// </summary>
    /// <returns>The alerts raised.</returns>
    public IReadOnlyList<MonitorAlert> Inspect()
    {
        if (_monitors.Length == 0)
        {
            return [];
        }

        var snapshot = CreateSnapshot();
        var alerts = new List<MonitorAlert>();
        foreach (var monitor in _monitors)
        {
            if (monitor.Inspect(snapshot) is not { } alert)
            {
                continue;
            }

            alerts.Add(alert);
            if (alert.RequestedState is { } requested)
            {
                Escalate(requested, monitor.Name, alert.Message, snapshot.Time);
            }
        }

        return alerts;
    }

    /// <inheritdoc />
    public void Dispose() => _stateChanges.Dispose();

    private static RiskDecision Named(RiskDecision decision, string rule) => decision with { Rule = rule };

    /// <summary>The positions closed at or after <paramref name="since"/>, oldest close first (apart from <see cref="CreateSnapshot(bool, bool)"/>: a lambda capturing its local would allocate a closure on every call).</summary>
    private static List<Position> ClosedSince(IReadOnlyList<Position> all, DateTimeOffset since) =>
        [.. all.Where(p => !p.IsOpen && p.ClosedAt >= since).OrderBy(p => p.ClosedAt)];

    /// <summary>Every sleeve's budget at an equity (apart from <see cref="CreateSnapshot(bool, bool)"/>, whose every call would otherwise allocate the lambda's closure).</summary>
    private SleeveBudget[] SleeveBudgets(decimal equity) => [.. _options.Sleeves.Select(s => new SleeveBudget(s.Id, s.BudgetAt(equity)))];

    /// <summary>Whether a rule may read the closed positions: all but the built-in rules listed in <see cref="RulesNotReadingClosed"/> (exact types, not subclasses).</summary>
    private static bool MayReadClosedPositions(IRiskRule rule) => !RulesNotReadingClosed.Contains(rule.GetType());

    /// <summary>The last resize among the steps (there is one whenever the quantity shrank).</summary>
    private static RiskDecision LastResize(List<RiskDecision> steps)
    {
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            if (steps[i].Kind == RiskDecisionKind.Resize)
            {
                return steps[i];
            }
        }

        throw new InvalidOperationException("The quantity shrank without a resize step.");
    }

    /// <summary>The most severe state any step asked for (null when none did), without LINQ.</summary>
    private static TradingState? MaxRequested(List<RiskDecision> steps)
    {
        TradingState? max = null;
        foreach (var step in steps)
        {
            if (step.RequestedState is { } requested && (max is null || requested > max.Value))
            {
                max = requested;
            }
        }

        return max;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static RiskDecision? CheckValidity(OrderProposal proposal)
    {
        if (!Enum.IsDefined(proposal.Side) || !Enum.IsDefined(proposal.Intent))
        {
            return RiskDecision.Reject(RiskReasonCode.InvalidProposal, "Undefined side or intent.");
        }

        if (proposal.Intent == ProposalIntent.Cancel)
        {
            return proposal.CancelOrderId is { IsDefault: false }
                ? null
                : RiskDecision.Reject(RiskReasonCode.InvalidProposal, "A cancel needs the client order id to cancel.");
        }

        if (proposal.Pair.IsDefault)
        {
            return RiskDecision.Reject(RiskReasonCode.InvalidProposal, "The proposal has no pair.");
        }

        if (proposal.Quantity <= 0m || proposal.Price <= 0m
            || proposal.Price > PortfolioManager.MaxAmount || proposal.Quantity > PortfolioManager.MaxAmount / proposal.Price)
        {
            return RiskDecision.Reject(RiskReasonCode.InvalidProposal, Invariant($"Quantity {proposal.Quantity} and price {proposal.Price} must be positive, with a notional of at most {PortfolioManager.MaxAmount}."));
        }

        if (double.IsNaN(proposal.Confidence) || proposal.Confidence is < 0 or > 1)
        {
            return RiskDecision.Reject(RiskReasonCode.InvalidProposal, Invariant($"Confidence {proposal.Confidence} must be in [0, 1]."));
        }

        return proposal.Intent != ProposalIntent.Open && proposal.PositionId is not { IsDefault: false }
            ? RiskDecision.Reject(RiskReasonCode.InvalidProposal, $"A {proposal.Intent} proposal needs the position id.")
            : null;
    }

    private DateTimeOffset DayStart(DateTimeOffset now)
    {
        var shifted = now.UtcDateTime.AddHours(-_options.DailyResetHourUtc);
        return new DateTimeOffset(shifted.Date.AddHours(_options.DailyResetHourUtc), TimeSpan.Zero);
    }

    private GateResult Decide(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        var steps = new List<RiskDecision>();
        GateResult Reject(RiskDecision decision, string rule)
        {
            var named = Named(decision, rule);
            steps.Add(named);
            return new GateResult(proposal, named with { RequestedState = MaxRequested(steps) }, steps);
        }

        if (CheckValidity(proposal) is { } invalid)
        {
            return Reject(invalid, nameof(RiskGate));
        }

        if (proposal.Intent == ProposalIntent.Cancel)
        {
            return new GateResult(proposal, Named(RiskDecision.Approve(proposal.Quantity), nameof(RiskGate)), steps);
        }

        if (!snapshot.Pairs.TryGetValue(proposal.Pair, out var pairConfig))
        {
            return Reject(RiskDecision.Reject(RiskReasonCode.UnknownPair, $"{proposal.Pair} is not registered with the portfolio."), nameof(RiskGate));
        }

        if (pairConfig.MarketType == MarketType.Spot && proposal.PositionSide == PositionSide.Short && !proposal.IsReducing)
        {
            return Reject(RiskDecision.Reject(RiskReasonCode.InvalidProposal, $"{proposal.Pair} is a spot market: a short position is not possible."), nameof(RiskGate));
        }

        var current = proposal;
        if (proposal.Intent != ProposalIntent.Open)
        {
            var position = CheckPosition(current, snapshot);
            if (!position.IsApproved)
            {
                return Reject(position, nameof(RiskGate));
            }

            current = Apply(current, position, nameof(RiskGate), steps);
        }

        if (snapshot.State == TradingState.Halted)
        {
            return Reject(RiskDecision.Reject(RiskReasonCode.TradingHalted, "Trading is halted: only cancels pass."), nameof(TradingState));
        }

        if (snapshot.State == TradingState.ReduceOnly && !proposal.IsReducing)
        {
            return Reject(RiskDecision.Reject(RiskReasonCode.ReduceOnly, "The portfolio is reduce-only: only orders that shrink a position pass."), nameof(TradingState));
        }

        if (!proposal.IsReducing)
        {
            foreach (var rule in _rules)
            {
                var decision = EvaluateRule(rule, current, snapshot);
                if (!decision.IsApproved)
                {
                    return Reject(decision, rule.Name);
                }

                current = Apply(current, decision, rule.Name, steps);
            }

            var sleeve = CheckSleeve(current, snapshot);
            if (!sleeve.IsApproved)
            {
                return Reject(sleeve, "SleeveBudget");
            }

            current = Apply(current, sleeve, "SleeveBudget", steps);
            var capital = CheckCapital(current, snapshot);
            if (!capital.IsApproved)
            {
                return Reject(capital, "AvailableCapital");
            }

            current = Apply(current, capital, "AvailableCapital", steps);
        }

        var filtered = _filters.Evaluate(current, snapshot);
        if (!filtered.IsApproved)
        {
            return Reject(filtered, _filters.Name);
        }

        current = Apply(current, filtered, _filters.Name, steps);
        var requestedState = MaxRequested(steps);
        // The final decision in one copy: the gate's approval named and stamped at once, or the last resize stamped.
        var final = current.Quantity == proposal.Quantity
            ? RiskDecision.Approve(current.Quantity) with { Rule = nameof(RiskGate), RequestedState = requestedState }
            : LastResize(steps) is var resize && resize.RequestedState == requestedState ? resize : resize with { RequestedState = requestedState };
        return new GateResult(proposal, final, steps);
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A failing rule must reject (fail closed), never throw through the event loop.")]
    private static RiskDecision EvaluateRule(IRiskRule rule, OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        try
        {
            return rule.Evaluate(proposal, snapshot) ?? RiskDecision.Reject(RiskReasonCode.RuleFailed, $"{rule.Name} returned no decision.");
        }
        catch (Exception ex)
        {
            return RiskDecision.Reject(RiskReasonCode.RuleFailed, $"{rule.Name} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Applies an approving decision: a resize to a smaller quantity is recorded as a step; larger quantities are ignored.</summary>
    private static OrderProposal Apply(OrderProposal current, RiskDecision decision, string rule, List<RiskDecision> steps)
    {
        if (decision.RequestedState is not null)
        {
            steps.Add(Named(decision, rule));
        }

        if (decision.Kind != RiskDecisionKind.Resize || decision.Quantity >= current.Quantity)
        {
            return current;
        }

        if (decision.RequestedState is null)
        {
            steps.Add(Named(decision, rule));
        }

        return current with { Quantity = decision.Quantity };
    }

    private static RiskDecision CheckPosition(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        var id = proposal.PositionId!.Value;
        var position = snapshot.FindPosition(id);
        if (position is null || position.Pair != proposal.Pair || position.Side != proposal.PositionSide)
        {
            return RiskDecision.Reject(RiskReasonCode.UnknownPosition, $"No open {proposal.PositionSide} position '{id}' in {proposal.Pair} for a {proposal.Side} {proposal.Intent}.");
        }

        if (proposal.Intent == ProposalIntent.Increase)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        // Summed from zero in list order, as LINQ's Sum did (the same digits), without its enumerator and closure.
        decimal pending = 0m;
        var reservations = snapshot.Reservations;
        for (var i = 0; i < reservations.Count; i++)
        {
            var reservation = reservations[i];
            if (reservation.PositionId == id && !reservation.IsEntry)
            {
                pending += reservation.Quantity;
            }
        }

        // The message is only built when the quantity does not fit (Limit approves unchanged otherwise).
        var allowedQuantity = position.Quantity - pending;
        return allowedQuantity >= proposal.Quantity
            ? RiskDecision.Approve(proposal.Quantity)
            : RiskDecision.Limit(proposal, allowedQuantity, RiskReasonCode.UnknownPosition, $"Position '{id}' holds {position.Quantity} with {pending} already being closed");
    }

    private RiskDecision CheckSleeve(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        if (_options.ConflictPolicy == SideConflictPolicy.RejectLater)
        {
            var opposite = proposal.PositionSide == PositionSide.Long ? PositionSide.Short : PositionSide.Long;
            var holder = HolderOf(snapshot, proposal.Pair, opposite);
            if (holder is { } other)
            {
                return RiskDecision.Reject(RiskReasonCode.SideConflict, $"Sleeve '{other}' holds or is entering {opposite} {proposal.Pair}; '{proposal.Sleeve}' wants {proposal.PositionSide}.");
            }
        }

        if (_sleeves.Count == 0)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        if (!_sleeves.TryGetValue(proposal.Sleeve, out var sleeve))
        {
            return RiskDecision.Reject(RiskReasonCode.SleeveBudget, $"Sleeve '{proposal.Sleeve}' is not configured.");
        }

        var budget = sleeve.BudgetAt(snapshot.Equity);
        var left = budget - snapshot.CapitalUsedBy(proposal.Sleeve);
        var allowed = left * snapshot.LeverageOf(proposal.Pair) / proposal.Price;
        // The message is only built when the quantity does not fit (Limit approves unchanged otherwise).
        var allowedQuantity = allowed;
        return allowedQuantity >= proposal.Quantity
            ? RiskDecision.Approve(proposal.Quantity)
            : RiskDecision.Limit(proposal, allowedQuantity, RiskReasonCode.SleeveBudget, Invariant($"Sleeve '{proposal.Sleeve}' has {Math.Max(left, 0m):0.########} of its {budget:0.########} budget left"));
    }

    /// <summary>The sleeve of the first position, else of the first entry in flight, on <paramref name="side"/> of the pair (no closure per call).</summary>
    private static StrategyId? HolderOf(PortfolioSnapshot snapshot, TradingPair pair, PositionSide side)
    {
        if (snapshot.Positions is OpenPositionList { IsMaterialized: false } deferred)
        {
            if (deferred.HolderOf(pair, side) is { } holder)
            {
                return holder;
            }
        }
        else
        {
            for (var positionIndex = 0; positionIndex < snapshot.Positions.Count; positionIndex++)
            {
                var position = snapshot.Positions[positionIndex];
                if (position.Pair == pair && position.Side == side)
                {
                    return position.Strategy;
                }
            }
        }

        for (var reservationIndex = 0; reservationIndex < snapshot.Reservations.Count; reservationIndex++)
        {
            var reservation = snapshot.Reservations[reservationIndex];
            if (reservation.IsEntry && reservation.Pair == pair && reservation.Side == side)
            {
                return reservation.Sleeve;
            }
        }

        return null;
    }

    private RiskDecision CheckCapital(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        var available = snapshot.AvailableCapital;
        var perUnit = (proposal.Price / snapshot.LeverageOf(proposal.Pair)) + (proposal.Price * _options.FeeReservePercent / 100m);
        // The message is only built when the quantity does not fit (Limit approves unchanged otherwise).
        var allowedQuantity = available / perUnit;
        return allowedQuantity >= proposal.Quantity
            ? RiskDecision.Approve(proposal.Quantity)
            : RiskDecision.Limit(proposal, allowedQuantity, RiskReasonCode.InsufficientCapital, Invariant($"{Math.Max(available, 0m):0.########} of capital is available after reservations"));
    }

    private void Escalate(TradingState requested, string source, string reason, DateTimeOffset time)
    {
        if (requested > State)
        {
            ChangeState(requested, source, reason, time);
        }
    }

    private void ChangeState(TradingState state, string source, string reason, DateTimeOffset time)
    {
        if (state == State)
        {
            return;
        }

        var change = new TradingStateChange(State, state, source, reason, time);
        State = state;
        _stateChanges.OnNext(change);
    }
}
