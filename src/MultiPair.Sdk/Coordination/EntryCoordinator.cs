using System.Globalization;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Coordination;

/// <summary>
/// Coordinated entry: takes every signal of one decision point (all pairs, all sleeves), turns exits into close
/// proposals, skips held pairs, ranks the entries (confidence, then pair name), allocates capital to the free slots,
/// and passes each proposal through the <see cref="RiskGate"/> in one step on the portfolio's state, so the batch
/// sees its own reservations. Approved proposals become order intents with deterministic client order ids; the rest
/// are reported with reason codes, in the result and on <see cref="Rejections"/>.
/// </summary>
/// <remarks>Not thread-safe: call it from the portfolio's event loop. <see cref="Rejections"/> may be observed from anywhere.</remarks>
public sealed class EntryCoordinator : IDisposable
{
    private const string Name = "Coordinator";
    private readonly RiskGate _gate;
    private readonly IAllocationStrategy _allocation;
    private readonly IMarketStatistics? _statistics;
    private readonly CoordinatorOptions _options;
    private readonly Subject<RejectedProposal> _rejections = new();

    // Built-in allocations never read the snapshot's closed positions; a custom one (or a rule) may.
    private readonly bool _allocationReadsClosed;

    // A built-in allocation finishes with its snapshot within the decision: its positions' views may be deferred.
    private readonly bool _allocationDefersViews;
    private HashSet<(TradingPair, StrategyId)>? _spareSeen;
    private (int Slots, int Max, int Entries, string? Text) _noFreeSlot;
    private long _sequence;
    private string? _idPrefix;
    private long _idPrefixSecond;

    /// <summary>Initializes a new coordinator.</summary>
    /// <param name="gate">The risk gate every proposal passes.</param>
    /// <param name="allocation">How capital is shared among the entries.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="statistics">Market statistics for volatility-aware allocation, if any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="gate"/> or <paramref name="allocation"/> is null.</exception>
    /// <exception cref="OptionsValidationException">The options or the allocation's settings are invalid; every problem is listed.</exception>
    public EntryCoordinator(RiskGate gate, IAllocationStrategy allocation, CoordinatorOptions? options = null, IMarketStatistics? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(allocation);
        _gate = gate;
        _allocation = allocation;
        _statistics = statistics;
        _options = options ?? new CoordinatorOptions();
        _allocationReadsClosed = gate.ReadsClosedPositions || allocation.GetType().Assembly != typeof(EntryCoordinator).Assembly;
        _allocationDefersViews = gate.DefersViews && allocation.GetType().Assembly == typeof(EntryCoordinator).Assembly;
        var problems = _options.Validate().Concat(allocation is AllocationStrategy validated ? validated.Validate() : []).ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(nameof(EntryCoordinator), typeof(CoordinatorOptions), problems);
        }
    }

    /// <summary>Gets the portfolio's client-order-id tag: entries are <c>{prefix}-…</c> and the engine's exits and stops <c>{prefix}x-…</c>, so orders of this portfolio can be told apart on the exchange.</summary>
    public string ClientOrderIdPrefix => _options.ClientOrderIdPrefix;

    /// <summary>Gets every rejected signal or proposal, as decisions are made.</summary>
    public IObservable<RejectedProposal> Rejections => _rejections.AsObservable();

    /// <summary>Gets how many client order ids the coordinator has issued (the next id's sequence number).</summary>
    public long Sequence => _sequence;

    /// <summary>Decides on every signal of one decision point.</summary>
    /// <param name="signals">The signals of all pairs and strategies produced at this decision point.</param>
    /// <returns>The approved order intents and the rejections.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signals"/> is null.</exception>
    public CoordinationResult Coordinate(IReadOnlyList<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        // The gate's own choice, so its first Submit reuses this snapshot when nothing changed in between.
        var snapshot = _gate.CreateSnapshot(_gate.ReadsClosedPositions, _gate.DefersViews);
        var time = snapshot.Time;
        var approved = new List<OrderIntent>();
        var rejected = new List<RejectedProposal>();

        List<Signal>? candidates = null;
        for (var i = 0; i < signals.Count; i++)
        {
            var signal = signals[i];
            if (signal is null)
            {
                continue;
            }

            if (signal.Direction != SignalDirection.Exit)
            {
                (candidates ??= new List<Signal>(signals.Count - i)).Add(signal);
                continue;
            }

            var sleeve = _gate.SleeveOf(signal.Strategy);
            var held = snapshot.Positions is OpenPositionList { IsMaterialized: false } deferred ? deferred.Of(signal.Pair) : snapshot.Positions;
            for (var positionIndex = 0; positionIndex < held.Count; positionIndex++)
            {
                var position = held[positionIndex];
                if (position.Pair != signal.Pair || position.Strategy != sleeve)
                {
                    continue;
                }

                var close = new OrderProposal
                {
                    Pair = position.Pair,
                    Side = position.Side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy,
                    Quantity = position.Quantity,
                    Price = snapshot.Prices.TryGetValue(position.Pair, out var mark) ? mark : position.CurrentPrice,
                    Intent = ProposalIntent.Close,
                    PositionId = position.Id,
                    Sleeve = sleeve,
                    Confidence = signal.Confidence,
                    Reason = signal.Reason,
                };
                Submit(close, signal, approved, rejected, time);
            }
        }

        var entries = new List<Signal>();

        // The set of (pair, sleeve) seen is reused between decisions (taken while in use, should a rejection's
        // subscriber call back in).
        HashSet<(TradingPair, StrategyId)>? seen = null;
        var ranked = candidates is null ? [] : SignalRanking.RankInPlace(candidates);
        if (ranked.Count > 1)
        {
            seen = _spareSeen ?? [];
            _spareSeen = null;
            seen.Clear();
        }

        for (var rankIndex = 0; rankIndex < ranked.Count; rankIndex++)
        {
            var signal = ranked[rankIndex];
            var sleeve = _gate.SleeveOf(signal.Strategy);
            if (!snapshot.Pairs.ContainsKey(signal.Pair))
            {
                Reject(rejected, signal, null, RiskReasonCode.UnknownPair, $"{signal.Pair} is not registered with the portfolio.", time);
            }
            else if (seen is not null && !seen.Add((signal.Pair, sleeve)))
            {
                Reject(rejected, signal, null, RiskReasonCode.OnePositionPerPair, $"A higher-ranked signal of sleeve '{sleeve}' for {signal.Pair} is already in this batch.", time);
            }
            else if (_options.SkipHeldPairs && IsHeldOrEntering(snapshot, signal.Pair))
            {
                Reject(rejected, signal, null, RiskReasonCode.OnePositionPerPair, $"{signal.Pair} is already held or being entered.", time);
            }
            else
            {
                entries.Add(signal);
            }
        }

        if (seen is not null)
        {
            _spareSeen = seen;
        }

        if (entries.Count > 0)
        {
            AllocateAndSubmit(entries, approved, rejected, time);
        }

        return new CoordinationResult(time, approved, rejected);
    }

    /// <inheritdoc />
    public void Dispose() => _rejections.Dispose();

    /// <summary>Whether a pair has an open position or an entry order in flight (loops, no closure per signal).</summary>
    private static bool IsHeldOrEntering(PortfolioSnapshot snapshot, TradingPair pair)
    {
        if (snapshot.Positions is OpenPositionList { IsMaterialized: false } deferred)
        {
            if (deferred.Holds(pair))
            {
                return true;
            }
        }
        else
        {
            for (var positionIndex = 0; positionIndex < snapshot.Positions.Count; positionIndex++)
            {
                if (snapshot.Positions[positionIndex].Pair == pair)
                {
                    return true;
                }
            }
        }

        for (var reservationIndex = 0; reservationIndex < snapshot.Reservations.Count; reservationIndex++)
        {
            var reservation = snapshot.Reservations[reservationIndex];
            if (reservation.IsEntry && reservation.Pair == pair)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The target of a signal: the allocation returns at most one per signal (the signals are distinct by pair and sleeve).</summary>
    private static AllocationTarget? TargetOf(IReadOnlyList<AllocationTarget> targets, Signal signal)
    {
        foreach (var target in targets)
        {
            if (ReferenceEquals(target.Signal, signal) || EqualityComparer<Signal>.Default.Equals(target.Signal, signal))
            {
                return target;
            }
        }

        return null;
    }

    private void AllocateAndSubmit(List<Signal> entries, List<OrderIntent> approved, List<RejectedProposal> rejected, DateTimeOffset time)
    {
        // The snapshot after the exits: their reservations do not free capital, but are visible to the allocation.
        var snapshot = _gate.CreateSnapshot(_allocationReadsClosed, _allocationDefersViews);
        var slots = Math.Max(0, snapshot.Config.MaxPositions - snapshot.OpenPositionCount - snapshot.PendingOpenCount);
        var request = new AllocationRequest
        {
            Signals = entries,
            Snapshot = snapshot,
            AvailableSlots = slots,
            Statistics = _statistics,
            MinimumNotional = _options.MinimumNotional,
        };

        // A custom strategy gets the same contract the built-in ones enforce (slots, capital, dust, order).
        var targets = _allocation is AllocationStrategy
            ? _allocation.Allocate(request)
            : AllocationContract.Enforce(request, _allocation.Allocate(request));
        for (var rank = 0; rank < entries.Count; rank++)
        {
            var signal = entries[rank];
            if (TargetOf(targets, signal) is not { } target)
            {
                var (code, text) = rank >= slots
                    ? (RiskReasonCode.MaxPositions, NoFreeSlotText(slots, snapshot.Config.MaxPositions, entries.Count))
                    : (RiskReasonCode.InsufficientCapital, $"{_allocation.Name} allocated nothing to {signal.Pair} (no capital left, below the minimum notional, or no statistics).");
                Reject(rejected, signal, null, code, text, time);
                continue;
            }

            if (!snapshot.Prices.TryGetValue(signal.Pair, out var price) || price <= 0m)
            {
                Reject(rejected, signal, null, RiskReasonCode.InvalidProposal, $"{signal.Pair} has no price yet.", time);
                continue;
            }

            var proposal = new OrderProposal
            {
                Pair = signal.Pair,
                Side = signal.Direction == SignalDirection.Long ? OrderSide.Buy : OrderSide.Sell,
                Quantity = target.Notional / price,
                Price = price,
                Intent = ProposalIntent.Open,
                Sleeve = _gate.SleeveOf(signal.Strategy),
                Confidence = signal.Confidence,
                StopLoss = signal.StopLoss,
                TakeProfit = signal.TakeProfit,
                Reason = signal.Reason,
            };
            Submit(proposal, signal, approved, rejected, time);
        }
    }

    /// <summary>The no-free-slot message, formatted again only when one of its numbers changed (most decisions repeat it).</summary>
    private string NoFreeSlotText(int slots, int maxPositions, int entries)
    {
        if (_noFreeSlot.Text is null || _noFreeSlot.Slots != slots || _noFreeSlot.Max != maxPositions || _noFreeSlot.Entries != entries)
        {
            _noFreeSlot = (slots, maxPositions, entries, string.Create(CultureInfo.InvariantCulture, $"No free slot: {slots} of {maxPositions} positions were free for {entries} entries."));
        }

        return _noFreeSlot.Text;
    }

    private void Submit(OrderProposal proposal, Signal signal, List<OrderIntent> approved, List<RejectedProposal> rejected, DateTimeOffset time)
    {
        var id = NextClientOrderId(time);
        var result = _gate.Submit(proposal, id);
        if (result.Approved is { } order)
        {
            approved.Add(new OrderIntent(id, order, result, signal));
        }
        else
        {
            Reject(rejected, signal, proposal, result.Decision.Code, result.Decision.Message, time, result.Decision.Rule);
        }
    }

    private void Reject(List<RejectedProposal> rejected, Signal signal, OrderProposal? proposal, RiskReasonCode code, string message, DateTimeOffset time, string? rule = Name)
    {
        var rejection = new RejectedProposal(signal, proposal, code, message, rule, time);
        rejected.Add(rejection);
        _rejections.OnNext(rejection);
    }

    /// <summary>Deterministic ids: prefix, decision time (UTC, to the second) and a sequence, e.g. <c>mp-210301120000-17</c>.</summary>
    private ClientOrderId NextClientOrderId(DateTimeOffset time)
    {
        // The "prefix-yyMMddHHmmss-" part is formatted once per second of decision time.
        var second = time.UtcTicks / TimeSpan.TicksPerSecond;
        if (second != _idPrefixSecond || _idPrefix is null)
        {
            _idPrefix = string.Create(CultureInfo.InvariantCulture, $"{_options.ClientOrderIdPrefix}-{time.UtcDateTime:yyMMddHHmmss}-");
            _idPrefixSecond = second;
        }

        return new(string.Concat(_idPrefix, (++_sequence).ToString(CultureInfo.InvariantCulture)));
    }
}
