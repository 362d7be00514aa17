using System.Collections.ObjectModel;
using System.Globalization;
using System.Runtime.InteropServices;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>
/// The in-memory portfolio ledger: cash and positions for spot and linear perpetual markets, long and short, with
/// leverage, partial closes, average entry across adds, realized and unrealized P&amp;L, and fees in the quote or
/// the base asset. See <c>docs/ledger.md</c> for every formula.
/// </summary>
/// <remarks>
/// <para>
/// Not thread-safe: one writer (the portfolio's event loop) at a time. Every returned record is an immutable
/// snapshot that may be shared with other threads.
/// </para>
/// <para>
/// Every change is validated completely before anything is written, so a refused change (a
/// <see cref="LedgerResult{T}"/> failure) leaves the ledger exactly as it was.
/// </para>
/// </remarks>
public sealed class PortfolioManager : IPortfolioManager
{
    /// <summary>The largest price or quantity the ledger accepts (10^15); larger values are refused as invalid.</summary>
    public const decimal MaxAmount = 1_000_000_000_000_000m;

    /// <summary>Decimal places kept when a cost basis is split between the part closed and the part kept.</summary>
    internal const int CostScale = 16;

    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<TradingPair, PairState> _pairs = [];

    // Pairs in registration order (the order the funds check has always summed in, kept for bit-identical sums) and
    // in canonical-name order (the order of every view); pairs holding open positions, in registration order and in
    // name order (the sums over open positions visit only these, in the views' order).
    private readonly List<PairState> _registered = [];
    private readonly List<PairState> _sorted = [];
    private readonly List<PairState> _active = [];
    private readonly List<PairState> _activeSorted = [];

    // Correlation groups in ordinal order; a pair's GroupIndex points into it.
    private readonly List<string> _groups = [];
    private readonly Dictionary<PositionId, PositionState> _positions = [];
    private readonly Dictionary<StrategyId, StrategyState> _strategies = [];
    private readonly List<StrategyState> _sortedStrategies = [];

    // Closed positions in the order they closed: "closed since T" is a tail scan while close times never decrease.
    private readonly List<PositionState> _closedInOrder = [];
    private ReadOnlyCollection<PairConfig>? _pairConfigs;

    // What the risk view caches between snapshots: every mark, fill and registration bumps _versions.State, every
    // open or close also _versions.Membership; a cache built at the current version is reused as is.
    private readonly LedgerVersions _versions = new();
    private decimal _cash;
    private long _riskCacheVersion = -1;
    private long _viewsVersion = -1;
    private long _indexCacheVersion = -1;
    private long _layoutMembership = -1;

    // Pairs whose views changed since the views were last laid out (the totals are refreshed more often than views
    // are read), and the deferred list handed out for the current state.
    private readonly List<PairState> _viewsDirty = [];
    private OpenPositionList? _deferredOpen;
    private DeferredPrices? _deferredPrices;
    private int _markedCount;
    private decimal _cachedEquity;
    private ChunkedList<Position> _cachedOpen = ChunkedList<Position>.Empty;
    private Dictionary<PositionId, int> _cachedIndex = [];
    private PriceTable _cachedPrices = PriceTable.Empty;
    private Dictionary<TradingPair, int>? _priceSlots;
    private PairState[] _priceSlotPairs = [];

    // Running totals of every open position's equity contribution, their magnitudes, and how many have each scale;
    // valid while every step was exact (checked), so equity can be had without summing every position again.
    private readonly int[] _scaleCounts = new int[29];
    private decimal _runningSum;
    private decimal _runningAbs;
    private bool _runningValid = true;
    private DateTimeOffset _lastClosedAt = DateTimeOffset.MinValue;
    private bool _closeTimesMonotonic = true;
    private decimal _realizedPnl;
    private decimal _feesPaid;
    private int _openCount;
    private int _closedCount;
    private int _closedWinners;

    /// <summary>Initializes a new ledger holding <see cref="PortfolioConfig.TotalCapital"/> in cash.</summary>
    /// <param name="config">The portfolio configuration.</param>
    /// <param name="timeProvider">The clock that stamps positions and metrics; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="config"/> is invalid; the message lists every problem.</exception>
    public PortfolioManager(PortfolioConfig config, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid portfolio configuration: " + string.Join(" ", errors), nameof(config));
        }

        Config = config;
        Cash = config.TotalCapital;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public PortfolioConfig Config { get; }

    /// <inheritdoc />
    public decimal Cash
    {
        get => _cash;
        private set
        {
            _cash = value;
            _versions.State++;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<PairConfig> Pairs => _pairConfigs ??= BuildPairConfigs();

    /// <summary>Gets how many pairs are registered; it changes only when one is.</summary>
    internal int PairCount => _registered.Count;

    /// <inheritdoc />
    public LedgerResult<PairConfig> RegisterPair(PairConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            return Fail<PairConfig>(LedgerErrorCode.InvalidConfiguration, $"Invalid configuration for {config.Pair}: {string.Join(" ", errors)}");
        }

        if (!string.Equals(config.Pair.Quote, Config.QuoteAsset, StringComparison.OrdinalIgnoreCase))
        {
            return Fail<PairConfig>(LedgerErrorCode.QuoteAssetMismatch, $"{config.Pair} is quoted in {config.Pair.Quote}, but the portfolio keeps its cash in {Config.QuoteAsset}.");
        }

        if (_pairs.ContainsKey(config.Pair))
        {
            return Fail<PairConfig>(LedgerErrorCode.PairAlreadyRegistered, $"{config.Pair} is already registered.");
        }

        var state = new PairState(config, _registered.Count, _versions);
        _pairs.Add(config.Pair, state);
        _registered.Add(state);
        var at = _sorted.BinarySearch(state, PairState.NameOrder);
        _sorted.Insert(~at, state);
        if (config.CorrelationGroup is { } group)
        {
            var g = _groups.BinarySearch(group, StringComparer.Ordinal);
            if (g < 0)
            {
                _groups.Insert(~g, group);
                foreach (var pair in CollectionsMarshal.AsSpan(_registered))
                {
                    pair.GroupIndex = pair.Config.CorrelationGroup is { } name ? _groups.BinarySearch(name, StringComparer.Ordinal) : -1;
                }
            }
            else
            {
                state.GroupIndex = g;
            }
        }

        _pairConfigs = null;
        return LedgerResult<PairConfig>.Success(config);
    }

    /// <inheritdoc />
    public PairConfig? GetPairConfig(TradingPair pair) => _pairs.TryGetValue(pair, out var state) ? state.Config : null;

    /// <inheritdoc />
    public decimal? GetPrice(TradingPair pair) => _pairs.TryGetValue(pair, out var state) ? state.Mark : null;

    /// <inheritdoc />
    public LedgerResult<Position> AddPosition(OpenPositionRequest request) =>
        Open(request, out var position) is { } error
            ? LedgerResult<Position>.Failure(error)
            : LedgerResult<Position>.Success(position!.ToView(request.EntryPrice));

    /// <summary>
    /// Checks and opens a position: <see cref="AddPosition"/> without the result's view (the engine's booking reads the
    /// new position's state instead).
    /// </summary>
    /// <returns>The error, or null and the new position's state.</returns>
    internal LedgerError? Open(OpenPositionRequest request, out PositionState? opened)
    {
        opened = null;
        ArgumentNullException.ThrowIfNull(request);
        if (request.Id.IsDefault)
        {
            throw new ArgumentException("The request has no position id.", nameof(request));
        }

        if (!_pairs.TryGetValue(request.Pair, out var pairState))
        {
            return new LedgerError(LedgerErrorCode.UnknownPair, $"{Describe(request.Pair)} is not registered; call RegisterPair first.");
        }

        if (_positions.ContainsKey(request.Id))
        {
            return new LedgerError(LedgerErrorCode.DuplicatePositionId, $"A position with id '{request.Id}' already exists.");
        }

        var marketType = pairState.Config.MarketType;
        if (request.Side == PositionSide.Short && marketType == MarketType.Spot)
        {
            return new LedgerError(LedgerErrorCode.ShortNotAllowed, $"{request.Pair} is a spot market: short positions are not possible.");
        }

        if (!Enum.IsDefined(request.Side))
        {
            return new LedgerError(LedgerErrorCode.InvalidConfiguration, $"Side {(int)request.Side} is not a defined position side.");
        }

        var leverage = request.Leverage ?? pairState.Config.Leverage;
        if (marketType == MarketType.Spot ? leverage != 1m : leverage is < 1m or > PairConfig.MaxLeverage)
        {
            return new LedgerError(LedgerErrorCode.InvalidLeverage, $"Leverage {Format(leverage)} is not allowed on {marketType} ({(marketType == MarketType.Spot ? "must be 1" : "must be in [1, 125]")}).");
        }

        var check = CheckFill(marketType, request.Quantity, request.EntryPrice, request.Fee, leverage, addsTo: null, request.EnforceFunds);
        if (check is not null)
        {
            return check;
        }

        var now = _timeProvider.GetUtcNow();
        var strategy = request.Strategy.IsDefault ? StrategyId.Default : request.Strategy;
        var position = new PositionState(request.Id, request.Pair, strategy, request.Side, marketType, leverage, now)
        {
            HighestPrice = request.EntryPrice,
            LowestPrice = request.EntryPrice,
            PairState = pairState,
            StrategyState = StrategyOf(strategy),
        };

        _positions.Add(position.Id, position);
        pairState.AddOpen(position);
        if (pairState.Open.Count == 1)
        {
            ActivatePair(pairState);
        }

        _openCount++;
        ApplyEntry(position, pairState, request.Quantity, request.EntryPrice, request.Fee);
        opened = position;
        return null;
    }

    /// <inheritdoc />
    public LedgerResult<Position> IncreasePosition(PositionId id, decimal quantity, decimal price, Fee fee = default, bool enforceFunds = true)
    {
        if (!TryGetOpen(id, out var position, out var pairState, out var error))
        {
            return LedgerResult<Position>.Failure(error);
        }

        var check = CheckFill(position.MarketType, quantity, price, fee, position.Leverage, position, enforceFunds);
        if (check is not null)
        {
            return LedgerResult<Position>.Failure(check);
        }

        ApplyEntry(position, pairState, quantity, price, fee);
        return LedgerResult<Position>.Success(position.ToView(price));
    }

    /// <inheritdoc />
    public LedgerResult<Position> UpdatePosition(PositionId id, decimal currentPrice)
    {
        if (!TryGetOpen(id, out var position, out var pairState, out var error))
        {
            return LedgerResult<Position>.Failure(error);
        }

        if (CheckPrice(currentPrice) is { } priceError)
        {
            return LedgerResult<Position>.Failure(priceError);
        }

        pairState.SetMark(currentPrice);
        return LedgerResult<Position>.Success(position.ToView(currentPrice));
    }

    /// <summary>Finds a registered pair's state, for callers that mark the same pair often (<see cref="Mark"/>).</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The state, or null when the pair is not registered.</returns>
    internal PairState? FindPair(TradingPair pair) => _pairs.GetValueOrDefault(pair);

    /// <summary>Same as <see cref="UpdatePrice"/> for a pair found with <see cref="FindPair"/>, without the lookup or the result.</summary>
    /// <param name="pairState">The pair.</param>
    /// <param name="price">The price.</param>
    internal static void Mark(PairState pairState, decimal price)
    {
        if (CheckPrice(price) is null)
        {
            pairState.SetMark(price);
        }
    }

    /// <summary>
    /// Marks a flat pair at a close without converting it to <see cref="decimal"/> until the mark is read (the same
    /// value at the same time as <see cref="Mark"/> with the converted close, for the pairs that hold nothing, which
    /// are most pairs most of the time).
    /// </summary>
    /// <param name="pairState">The pair.</param>
    /// <param name="close">The close, finite and positive.</param>
    /// <returns><see langword="true"/> when the mark was taken; <see langword="false"/> when the pair holds a position or the close is out of the range where deferring is provably the same (mark it with <see cref="Mark"/>).</returns>
    internal static bool TryMarkFlat(PairState pairState, double close)
    {
        // Inside this range (decimal)close is positive and at most MaxAmount, so the price check would pass.
        if (pairState.OpenCount != 0 || !(close is >= 1e-20 and <= 1e17))
        {
            return false;
        }

        pairState.SetPendingClose(close);
        return true;
    }

    /// <inheritdoc />
    public LedgerResult<int> UpdatePrice(TradingPair pair, decimal price)
    {
        if (!_pairs.TryGetValue(pair, out var pairState))
        {
            return Fail<int>(LedgerErrorCode.UnknownPair, $"{Describe(pair)} is not registered.");
        }

        if (CheckPrice(price) is { } priceError)
        {
            return LedgerResult<int>.Failure(priceError);
        }

        pairState.SetMark(price);
        return LedgerResult<int>.Success(pairState.Open.Count);
    }

    /// <inheritdoc />
    public LedgerResult<PositionReduction> ClosePosition(PositionId id, decimal exitPrice, Fee fee = default, ExitReason reason = ExitReason.Signal)
    {
        if (!TryGetOpen(id, out var position, out var pairState, out var error))
        {
            return LedgerResult<PositionReduction>.Failure(error);
        }

        var quantity = fee.Asset == FeeAsset.Base ? position.Quantity - fee.Amount : position.Quantity;
        if (quantity <= 0m)
        {
            return Fail<PositionReduction>(LedgerErrorCode.FeeExceedsQuantity, $"A base-asset fee of {Format(fee.Amount)} leaves nothing of the {Format(position.Quantity)} held in position '{id}' to sell.");
        }

        return Reduce(position, pairState, quantity, exitPrice, fee, reason);
    }

    /// <inheritdoc />
    public LedgerResult<PositionReduction> ReducePosition(PositionId id, decimal quantity, decimal exitPrice, Fee fee = default, ExitReason reason = ExitReason.Signal)
    {
        if (!TryGetOpen(id, out var position, out var pairState, out var error))
        {
            return LedgerResult<PositionReduction>.Failure(error);
        }

        return Reduce(position, pairState, quantity, exitPrice, fee, reason);
    }

    /// <inheritdoc />
    public Position? GetPosition(PositionId id) =>
        _positions.TryGetValue(id, out var position) ? position.ToView(MarkOf(position)) : null;

    /// <inheritdoc />
    public IReadOnlyList<Position> GetPositions(bool includeClosed = false)
    {
        var views = new List<Position>(includeClosed ? _positions.Count : _openCount);
        List<PositionState>? scratch = null;
        foreach (var pairState in CollectionsMarshal.AsSpan(_sorted))
        {
            if (!includeClosed || pairState.ClosedCount == 0)
            {
                foreach (var position in CollectionsMarshal.AsSpan(pairState.OpenById))
                {
                    views.Add(position.ToView(MarkOf(position)));
                }

                continue;
            }

            scratch ??= [];
            scratch.Clear();
            scratch.AddRange(pairState.All);
            scratch.Sort(PositionState.IdOrder);
            foreach (var position in CollectionsMarshal.AsSpan(scratch))
            {
                views.Add(position.ToView(MarkOf(position)));
            }
        }

        return views;
    }

    /// <summary>
    /// Gets the closed positions' views ordered by close time, then id (ordinal): the order of a backtest's trade list,
    /// the same views <see cref="GetPositions"/> gives, without viewing the open positions or sorting what the ledger
    /// already holds in close order (only positions closed at the same instant are sorted, by id).
    /// </summary>
    /// <returns>The views, a new list.</returns>
    internal List<Position> GetClosedPositionsByCloseTime()
    {
        var closed = GetClosedStatesByCloseTime();
        var views = new List<Position>(closed.Length);
        foreach (var position in closed)
        {
            views.Add(position.ToView(MarkOf(position)));
        }

        return views;
    }

    /// <summary>
    /// The closed positions themselves in <see cref="GetClosedPositionsByCloseTime"/>'s order, for a caller that reads a
    /// few of their values (the backtest's trade list) rather than a view of each (<see cref="MarkOf"/> gives the view's
    /// current price).
    /// </summary>
    /// <returns>The positions; they do not change any more.</returns>
    internal PositionState[] GetClosedStatesByCloseTime()
    {
        var closed = _closedInOrder.ToArray();
        if (!_closeTimesMonotonic)
        {
            Array.Sort(closed, CloseTimeThenId);
        }
        else
        {
            for (var start = 0; start < closed.Length;)
            {
                var end = start + 1;
                while (end < closed.Length && closed[end].ClosedAt == closed[start].ClosedAt)
                {
                    end++;
                }

                if (end - start > 1)
                {
                    Array.Sort(closed, start, end - start, CloseTimeThenId);
                }

                start = end;
            }
        }

        return closed;
    }

    private static readonly Comparer<PositionState> CloseTimeThenId = Comparer<PositionState>.Create(static (a, b) =>
    {
        var byTime = Nullable.Compare(a.ClosedAt, b.ClosedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id.Value, b.Id.Value);
    });

    private LedgerResult<PositionReduction> Reduce(PositionState position, PairState pairState, decimal quantity, decimal exitPrice, Fee fee, ExitReason reason) =>
        ApplyReduction(position, pairState, quantity, exitPrice, fee, reason, out var grossPnl, out var quoteFee) is { } error
            ? LedgerResult<PositionReduction>.Failure(error)
            : LedgerResult<PositionReduction>.Success(new PositionReduction(position.ToView(exitPrice), quantity, exitPrice, grossPnl, quoteFee));

    /// <summary>
    /// <see cref="ReducePosition"/> without the result's view of the position (the engine's booking, which reads only
    /// whether the position closed): the same checks, the same change.
    /// </summary>
    /// <returns>The error, or null when the reduction was applied.</returns>
    internal LedgerError? ReduceWithoutView(PositionId id, decimal quantity, decimal exitPrice, Fee fee, ExitReason reason, out bool closed)
    {
        closed = false;
        if (!TryGetOpen(id, out var position, out var pairState, out var missing))
        {
            return missing;
        }

        var error = ApplyReduction(position, pairState, quantity, exitPrice, fee, reason, out _, out _);
        closed = error is null && !position.IsOpen;
        return error;
    }

    /// <summary>Checks and applies a reduction; on success the gross P&amp;L (with a base-asset fee's disposal) and the fee in quote.</summary>
    private LedgerError? ApplyReduction(PositionState position, PairState pairState, decimal quantity, decimal exitPrice, Fee fee, ExitReason reason, out decimal grossPnl, out decimal quoteFee)
    {
        (grossPnl, quoteFee) = (0m, 0m);
        var id = position.Id;
        var check = CheckQuantity(quantity) ?? CheckPrice(exitPrice) ?? CheckFee(position.MarketType, fee);
        if (check is not null)
        {
            return check;
        }

        if (!Enum.IsDefined(reason))
        {
            return new LedgerError(LedgerErrorCode.InvalidConfiguration, $"Exit reason {(int)reason} is not defined.");
        }

        var baseFee = fee.Asset == FeeAsset.Base ? fee.Amount : 0m;
        if (quantity + baseFee > position.Quantity)
        {
            var withFee = baseFee > 0m ? $" plus a base-asset fee of {Format(baseFee)}" : string.Empty;
            return new LedgerError(LedgerErrorCode.CloseExceedsPosition, $"Cannot close {Format(quantity)}{withFee} of position '{id}': it holds {Format(position.Quantity)}.");
        }

        // Validated: from here on the change is applied completely.
        var averageEntry = position.CostBasis / position.Quantity;
        pairState.SetMark(exitPrice);
        var removed = SplitCost(position, quantity);
        var gross = position.Direction * ((quantity * exitPrice) - removed);
        Cash += position.MarketType == MarketType.Spot ? quantity * exitPrice : gross;
        position.RealizedPnl += gross;
        _realizedPnl += gross;
        position.ExitQuantity += quantity;
        position.LastExitReason = reason;

        var feeCharge = ChargeFee(position, fee, exitPrice);
        if (position.Quantity == 0m)
        {
            position.ClosedAt = _timeProvider.GetUtcNow();
            position.LastEntryPrice = averageEntry;
            pairState.RemoveOpen(position);
            if (pairState.Open.Count == 0)
            {
                DeactivatePair(pairState);
            }

            _openCount--;
            FoldClosed(position, pairState);
        }

        (grossPnl, quoteFee) = (gross + feeCharge.BaseDisposalPnl, feeCharge.QuoteValue);
        return null;
    }

    /// <inheritdoc />
    public PortfolioMetrics GetPortfolioMetrics()
    {
        // Closed positions were folded into their pair's and strategy's totals when they closed: only open positions
        // are walked here, in pair-name then id order; every sum starts from the closed totals.
        var strategies = new Totals[_strategies.Count];
        foreach (var strategy in CollectionsMarshal.AsSpan(_sortedStrategies))
        {
            strategies[strategy.Index] = Totals.FromClosed(strategy.Closed);
        }

        var byPair = new List<PnlAttribution<TradingPair>>(_sorted.Count);
        decimal unrealized = 0m, gross = 0m, net = 0m, deployed = 0m, equity = Cash;
        var top = new TopExposures();
        foreach (var pairState in CollectionsMarshal.AsSpan(_sorted))
        {
            if (pairState.All.Count == 0)
            {
                continue;
            }

            var pair = Totals.FromClosed(pairState.Closed);
            if (pairState.OpenById.Count > 0)
            {
                var mark = pairState.Mark.GetValueOrDefault();
                foreach (var position in CollectionsMarshal.AsSpan(pairState.OpenById))
                {
                    pair.AddOpen(position, mark);
                    strategies[position.StrategyState.Index].AddOpen(position, mark);
                    var notional = position.Notional(mark);
                    unrealized += position.UnrealizedPnl(mark);
                    deployed += position.MarginUsed(mark);
                    equity += position.EquityContribution(mark);
                    gross += notional;
                    net += position.Direction * notional;
                }
            }

            if (pair.Exposure > 0m)
            {
                top.Add(pair.Exposure);
            }

            byPair.Add(pair.ToRecord(pairState.Config.Pair));
        }

        var byStrategy = new List<PnlAttribution<StrategyId>>(_sortedStrategies.Count);
        foreach (var strategy in CollectionsMarshal.AsSpan(_sortedStrategies))
        {
            byStrategy.Add(strategies[strategy.Index].ToRecord(strategy.Id));
        }

        var closed = _closedCount;
        return new PortfolioMetrics
        {
            Timestamp = _timeProvider.GetUtcNow(),
            InitialCapital = Config.TotalCapital,
            TotalCapital = equity,
            Cash = Cash,
            AvailableCapital = equity - deployed,
            DeployedCapital = deployed,
            ActivePositions = _openCount,
            ClosedPositions = closed,
            RealizedPnl = _realizedPnl,
            UnrealizedPnl = unrealized,
            FeesPaid = _feesPaid,
            TotalReturnPercent = (_realizedPnl + unrealized) * 100m / Config.TotalCapital,
            GrossExposure = gross,
            NetExposure = net,
            GrossExposurePercent = PercentOf(gross, equity),
            ConcentrationPercent = gross == 0m ? 0m : top.First * 100m / gross,
            Top3ConcentrationPercent = gross == 0m ? 0m : top.Sum() * 100m / gross,
            WinRatePercent = closed == 0 ? 0m : _closedWinners * 100m / closed,
            ByPair = byPair,
            ByStrategy = byStrategy,
        };
    }

    /// <inheritdoc />
    public bool CheckRiskLimits() => EvaluateRiskLimits(violations: null);

    /// <inheritdoc />
    public IReadOnlyList<RiskViolation> GetRiskViolations()
    {
        var violations = new List<RiskViolation>();
        _ = EvaluateRiskLimits(violations);
        return violations;
    }

    /// <inheritdoc />
    public IReadOnlyList<RebalanceAction> GetRebalanceActions()
    {
        var actions = new List<RebalanceAction>();
        var equity = Equity(out _);
        if (equity <= 0m)
        {
            return actions;
        }

        foreach (var pairState in CollectionsMarshal.AsSpan(_sorted))
        {
            var pairConfig = pairState.Config;
            foreach (var position in CollectionsMarshal.AsSpan(pairState.OpenById))
            {
                var mark = MarkOf(position);
                var notional = position.Notional(mark);
                var leverage = position.MarketType == MarketType.Spot ? 1m : position.Leverage;
                var currentPercent = position.MarginUsed(mark) * 100m / equity;

                // The most restrictive cap wins: the portfolio's max position size, then the pair's max notional.
                RebalanceReason? reason = null;
                var targetNotional = notional;
                var maxSizeNotional = Config.MaxPositionSizePercent * equity / 100m * leverage;
                if (notional > maxSizeNotional)
                {
                    reason = RebalanceReason.ExceedsMaxPositionSize;
                    targetNotional = maxSizeNotional;
                }

                if (pairConfig.MaxPositionSizeQuote is { } maxQuote && notional > maxQuote && maxQuote < targetNotional)
                {
                    reason = RebalanceReason.ExceedsPairMaxNotional;
                    targetNotional = maxQuote;
                }

                if (reason is null)
                {
                    var targetPercent = Math.Min(pairConfig.PositionSizePercent, Config.MaxPositionSizePercent);
                    var drift = Math.Abs(currentPercent - targetPercent) * 100m / targetPercent;
                    if (drift <= Config.RebalanceThresholdPercent)
                    {
                        continue;
                    }

                    reason = RebalanceReason.Drift;
                    targetNotional = targetPercent * equity / 100m * leverage;
                    if (pairConfig.MaxPositionSizeQuote is { } cap && targetNotional > cap)
                    {
                        targetNotional = cap;
                    }
                }

                actions.Add(new RebalanceAction(
                    position.Id,
                    position.Pair,
                    position.Strategy,
                    reason.Value,
                    currentPercent,
                    targetNotional / leverage * 100m / equity,
                    (targetNotional - notional) / mark));
            }
        }

        return actions;
    }

    /// <summary>
    /// What the risk gate's snapshot needs, without the metrics' attribution or the whole history: equity (exactly
    /// <see cref="PortfolioMetrics.TotalCapital"/>), cash, the open positions in pair-then-id order, and the positions
    /// closed at or after <paramref name="closedSince"/>, oldest close first (ties in pair-then-id order).
    /// </summary>
    /// <param name="closedSince">The earliest close time to include.</param>
    /// <param name="includeClosed">Whether to list the closed positions at all (an empty list otherwise).</param>
    /// <param name="deferViews">
    /// Whether the open positions may come as an <see cref="OpenPositionList"/> whose views are built only if read, and
    /// only while the ledger is unchanged (for callers that finish with the list before the ledger changes).
    /// </param>
    /// <returns>The view.</returns>
    internal RiskView GetRiskView(DateTimeOffset closedSince, bool includeClosed = true, bool deferViews = false)
    {
        if (_riskCacheVersion != _versions.State)
        {
            RefreshRiskTotals();
        }

        IReadOnlyList<Position> open = deferViews ? DeferredOpen() : OpenViews();
        var equity = _cachedEquity;
        if (!includeClosed)
        {
            return new RiskView(equity, Cash, open, []);
        }
        var recent = new List<PositionState>();
        var closed = CollectionsMarshal.AsSpan(_closedInOrder);
        for (var i = closed.Length - 1; i >= 0; i--)
        {
            var position = closed[i];
            if (position.ClosedAt >= closedSince)
            {
                recent.Add(position);
            }
            else if (_closeTimesMonotonic)
            {
                break;
            }
        }

        recent.Sort(PositionState.CloseOrder);
        var closedViews = new List<Position>(recent.Count);
        foreach (var position in CollectionsMarshal.AsSpan(recent))
        {
            closedViews.Add(position.ToClosedView(MarkOf(position)));
        }

        return new RiskView(equity, Cash, open, closedViews);
    }

    /// <summary>
    /// Gets equity, cash and gross exposure, each exactly as <see cref="GetPortfolioMetrics"/> computes it (the same
    /// sums over the open positions in the same pair-then-id order), without the metrics' attribution or any view: the
    /// backtest's equity curve reads these three once per bar time.
    /// </summary>
    /// <returns>Equity (<see cref="PortfolioMetrics.TotalCapital"/>), cash and gross exposure.</returns>
    internal (decimal Equity, decimal Cash, decimal GrossExposure) GetEquitySummary()
    {
        decimal gross = 0m, equity = Cash;
        if (_openCount > 0)
        {
            foreach (var pairState in CollectionsMarshal.AsSpan(_activeSorted))
            {
                var open = CollectionsMarshal.AsSpan(pairState.OpenById);
                var notionals = pairState.GetNotionals();
                for (var i = 0; i < open.Length; i++)
                {
                    // EquityContribution and Notional from the pair's notionals at its mark (the same values).
                    var notional = notionals[i];
                    equity += open[i].ContributionOf(notional);
                    gross += notional;
                }
            }
        }

        return (equity, Cash, gross);
    }

    /// <summary>
    /// Gets equity (exactly <see cref="PortfolioMetrics.TotalCapital"/>, as <see cref="GetRiskView"/> gives it) and cash,
    /// bringing only the changed pairs' contributions up to date.
    /// </summary>
    /// <returns>Equity and cash.</returns>
    internal (decimal Equity, decimal Cash) GetEquity()
    {
        if (_riskCacheVersion != _versions.State)
        {
            RefreshRiskTotals();
        }

        return (_cachedEquity, Cash);
    }

    /// <summary>Gets the version of marks, positions and cash: it changes whenever any of them does (the risk gate reuses a snapshot while it stays).</summary>
    internal long StateVersion => _versions.State;

    /// <summary>Gets the slot of each open position in <see cref="GetRiskView"/>'s list; rebuilt only when a position opens or closes.</summary>
    /// <returns>The index, shared and read-only.</returns>
    internal IReadOnlyDictionary<PositionId, int> GetOpenIndex()
    {
        if (_indexCacheVersion != _versions.Membership)
        {
            var views = OpenViews();
            var index = new Dictionary<PositionId, int>(views.Count);
            var i = 0;
            foreach (var position in views)
            {
                index[position.Id] = i++;
            }

            _cachedIndex = index;
            _indexCacheVersion = _versions.Membership;
        }

        return _cachedIndex;
    }

    /// <summary>Gets every registered pair's latest price, in pair-name order, as a read-only table shared until a mark changes.</summary>
    /// <returns>The prices.</returns>
    internal IReadOnlyDictionary<TradingPair, decimal> GetPrices()
    {
        RefreshPrices();
        return _cachedPrices;
    }

    /// <summary>The latest prices at the current state, read from the pairs while the ledger stays at it (see <see cref="DeferredPrices"/>).</summary>
    /// <returns>The prices.</returns>
    internal DeferredPrices GetDeferredPrices()
    {
        if (_deferredPrices is not { } deferred || deferred.Version != _versions.State)
        {
            deferred = new DeferredPrices(this, _versions.State);
            _deferredPrices = deferred;
        }

        return deferred;
    }

    /// <summary>The price table of a <see cref="DeferredPrices"/>: only at the state it was taken at.</summary>
    internal IReadOnlyDictionary<TradingPair, decimal> PricesAt(long version)
    {
        CheckVersion(version);
        return GetPrices();
    }

    /// <summary>A pair's latest price (as the price table gives it), or null.</summary>
    internal decimal? PriceAt(long version, TradingPair pair)
    {
        CheckVersion(version);
        return _pairs.TryGetValue(pair, out var pairState) ? pairState.RawMark.Value : null;
    }

    /// <summary>
    /// Brings equity and the price table up to date. A pair's equity contributions are recomputed only when its mark or
    /// positions changed (the pairs changed since the last refresh are listed). Equity is defined as the left-to-right
    /// sum of cash and every contribution in pair-then-id order; it is taken from a running total when that is provably
    /// the same value (see <see cref="TryRunningEquity"/>), else summed in that order as before. The changed pairs are
    /// remembered for the views, which are laid out only when read (<see cref="OpenViews"/>).
    /// </summary>
    private void RefreshRiskTotals()
    {
        var dirty = _versions.Dirty;
        foreach (var pairState in CollectionsMarshal.AsSpan(dirty))
        {
            pairState.InDirty = false;

            // The old contributions leave the running totals before the new ones are computed: the pair refills the
            // same array in place while its number of positions stays.
            if (_runningValid)
            {
                _runningValid = Account(pairState.Accounted, -1);
            }

            var contributions = pairState.GetContributions();
            if (_runningValid)
            {
                _runningValid = Account(contributions, +1);
            }

            pairState.Accounted = contributions;
            if (!pairState.InViewsDirty)
            {
                pairState.InViewsDirty = true;
                _viewsDirty.Add(pairState);
            }
        }

        dirty.Clear();
        if (!TryRunningEquity(out var equity))
        {
            // A flat pair's contributions are empty (the changed pairs were brought up to date above).
            equity = Cash;
            foreach (var pairState in CollectionsMarshal.AsSpan(_activeSorted))
            {
                foreach (var contribution in pairState.Accounted)
                {
                    equity += contribution;
                }
            }

            RestartRunningTotals();
        }

        _cachedEquity = equity;
        _riskCacheVersion = _versions.State;
    }

    /// <summary>
    /// The open positions' views at the current state, in pair-then-id order: a pair's views are rebuilt only when its
    /// mark or positions changed; without a position opened or closed, the last list (snapshots keep it) is copied chunk
    /// by chunk, only the chunks holding a changed pair, at the same offsets.
    /// </summary>
    private ChunkedList<Position> OpenViews()
    {
        if (_riskCacheVersion != _versions.State)
        {
            RefreshRiskTotals();
        }

        if (_viewsVersion == _versions.State)
        {
            return _cachedOpen;
        }

        Position[][] open;
        if (_layoutMembership != _versions.Membership)
        {
            // Positions opened or closed: lay the open positions out again.
            open = ChunkedList<Position>.Allocate(_openCount);
            var n = 0;
            foreach (var pairState in CollectionsMarshal.AsSpan(_activeSorted))
            {
                pairState.Offset = n;
                foreach (var view in pairState.GetViews())
                {
                    ChunkedList<Position>.At(open, n++) = view;
                }
            }

            _layoutMembership = _versions.Membership;
        }
        else
        {
            var sharedOpen = _cachedOpen.Chunks;
            open = ChunkedList<Position>.CopyOnWrite(sharedOpen);
            foreach (var pairState in CollectionsMarshal.AsSpan(_viewsDirty))
            {
                var views = pairState.GetViews();
                for (var i = 0; i < views.Length; i++)
                {
                    ChunkedList<Position>.Writable(open, sharedOpen, pairState.Offset + i) = views[i];
                }
            }
        }

        foreach (var pairState in CollectionsMarshal.AsSpan(_viewsDirty))
        {
            pairState.InViewsDirty = false;
        }

        _viewsDirty.Clear();
        _cachedOpen = new ChunkedList<Position>(open, _openCount);
        _viewsVersion = _versions.State;
        return _cachedOpen;
    }

    /// <summary>The deferred list of the open positions at the current state (one per state).</summary>
    private OpenPositionList DeferredOpen()
    {
        if (_deferredOpen is not { } deferred || deferred.Version != _versions.State)
        {
            deferred = new OpenPositionList(this, _versions.State, _openCount);
            _deferredOpen = deferred;
        }

        return deferred;
    }

    /// <summary>The views of an <see cref="OpenPositionList"/>: only at the state it was taken at.</summary>
    internal ChunkedList<Position> OpenViewsAt(long version)
    {
        CheckVersion(version);
        return OpenViews();
    }

    /// <summary>Σ margin used and Σ notional over the open positions, as the views would give them (same order, same operations).</summary>
    internal (decimal Deployed, decimal Notional) OpenTotalsAt(long version)
    {
        CheckVersion(version);
        return SumOpen(sleeve: null);
    }

    /// <summary>Σ notional of a pair's open positions (zero when it holds none), as the views would give it.</summary>
    internal decimal OpenNotionalAt(long version, TradingPair pair)
    {
        CheckVersion(version);
        decimal sum = 0m;
        if (_pairs.TryGetValue(pair, out var pairState))
        {
            foreach (var notional in pairState.GetNotionals())
            {
                sum += notional;
            }
        }

        return sum;
    }

    /// <summary>Σ margin used by a sleeve's open positions, in the views' order.</summary>
    internal decimal OpenMarginAt(long version, StrategyId sleeve)
    {
        CheckVersion(version);
        return SumOpen(sleeve).Deployed;
    }

    /// <summary>Σ margin used and Σ notional over the open positions (of one sleeve, or all), pair by pair in name order, then by id.</summary>
    private (decimal Deployed, decimal Notional) SumOpen(StrategyId? sleeve)
    {
        decimal deployed = 0m, notional = 0m;
        foreach (var pairState in CollectionsMarshal.AsSpan(_activeSorted))
        {
            var open = CollectionsMarshal.AsSpan(pairState.OpenById);
            var notionals = pairState.GetNotionals();
            for (var i = 0; i < open.Length; i++)
            {
                if (sleeve is not { } only || open[i].Strategy == only)
                {
                    deployed += open[i].MarginOf(notionals[i]);
                    notional += notionals[i];
                }
            }
        }

        return (deployed, notional);
    }

    /// <summary>The views of a pair's open positions, in id order (empty when it holds none).</summary>
    internal Position[] OpenOfAt(long version, TradingPair pair)
    {
        CheckVersion(version);
        return _pairs.TryGetValue(pair, out var pairState) && pairState.OpenById.Count > 0 ? pairState.GetViews() : [];
    }

    /// <summary>Whether a pair holds an open position.</summary>
    internal bool HoldsAt(long version, TradingPair pair)
    {
        CheckVersion(version);
        return _pairs.TryGetValue(pair, out var pairState) && pairState.OpenById.Count > 0;
    }

    /// <summary>The sleeve of a pair's first open position (id order) on a side, or null.</summary>
    internal StrategyId? HolderAt(long version, TradingPair pair, PositionSide side)
    {
        CheckVersion(version);
        if (_pairs.TryGetValue(pair, out var pairState))
        {
            foreach (var position in CollectionsMarshal.AsSpan(pairState.OpenById))
            {
                if (position.Side == side)
                {
                    return position.Strategy;
                }
            }
        }

        return null;
    }

    /// <summary>A position's state (open or closed), or null: for the engine, which reads a few of its values rather than a view.</summary>
    internal PositionState? StateOf(PositionId id) => _positions.GetValueOrDefault(id);

    /// <summary>An open position's view, or null.</summary>
    internal Position? FindOpenAt(long version, PositionId id)
    {
        CheckVersion(version);
        return _positions.TryGetValue(id, out var position) && position.IsOpen ? position.ToView(MarkOf(position)) : null;
    }

    private void CheckVersion(long version)
    {
        if (version != _versions.State)
        {
            throw new InvalidOperationException("The ledger has changed since this list of open positions was taken: its views can no longer be built.");
        }
    }

    /// <summary>
    /// Brings the price table up to date with the pairs marked since the last rebuild (listed apart from the pairs whose
    /// positions changed: a flat pair's mark changes no view). A new table shares the last one's unchanged chunks; when
    /// most pairs moved (a bar time of a backtest) every mark is copied into fresh chunks in one pass.
    /// </summary>
    private void RefreshPrices()
    {
        var moved = _versions.PriceDirty;
        var relaid = _priceSlotPairs.Length != _sorted.Count;
        if (relaid)
        {
            // A pair was registered: new slots, in name order.
            _priceSlotPairs = [.. _sorted];
            _priceSlots = new Dictionary<TradingPair, int>(_priceSlotPairs.Length);
            for (var i = 0; i < _priceSlotPairs.Length; i++)
            {
                _priceSlotPairs[i].PriceSlot = i;
                _priceSlots[_priceSlotPairs[i].Config.Pair] = i;
            }
        }
        else if (moved.Count == 0)
        {
            return;
        }

        PriceMark[][] marks;
        if (relaid || moved.Count * 2 >= _priceSlotPairs.Length)
        {
            marks = ChunkedList<PriceMark>.Allocate(_priceSlotPairs.Length);
            _markedCount = 0;
            for (var i = 0; i < _priceSlotPairs.Length; i++)
            {
                var mark = _priceSlotPairs[i].RawMark;
                ChunkedList<PriceMark>.At(marks, i) = mark;
                _markedCount += mark.HasValue ? 1 : 0;
            }

            foreach (var index in CollectionsMarshal.AsSpan(moved))
            {
                _registered[index].InPriceDirty = false;
            }
        }
        else
        {
            var shared = _cachedPrices.Marks;
            marks = ChunkedList<PriceMark>.CopyOnWrite(shared);
            foreach (var index in CollectionsMarshal.AsSpan(moved))
            {
                var pairState = _registered[index];
                pairState.InPriceDirty = false;
                ref var mark = ref ChunkedList<PriceMark>.Writable(marks, shared, pairState.PriceSlot);
                var raw = pairState.RawMark;
                _markedCount += (raw.HasValue ? 1 : 0) - (mark.HasValue ? 1 : 0);
                mark = raw;
            }
        }

        moved.Clear();
        _cachedPrices = new PriceTable(_priceSlotPairs, _priceSlots!, new ChunkedList<PriceMark>(marks, _priceSlotPairs.Length), _markedCount);
    }

    /// <summary>Adds (or removes) contributions to the running totals; false when an addition was not exact.</summary>
    private bool Account(decimal[] contributions, int sign)
    {
        foreach (var contribution in contributions)
        {
            var magnitude = Math.Abs(contribution);
            if (!ExactAdd(_runningSum, sign < 0 ? -contribution : contribution, out _runningSum)
                || !ExactAdd(_runningAbs, sign < 0 ? -magnitude : magnitude, out _runningAbs))
            {
                return false;
            }

            _scaleCounts[contribution.Scale] += sign;
        }

        return true;
    }

    /// <summary>Recomputes the running totals from every pair's contributions (after an inexact step).</summary>
    private void RestartRunningTotals()
    {
        (_runningSum, _runningAbs) = (0m, 0m);
        Array.Clear(_scaleCounts);
        _runningValid = true;
        foreach (var pairState in CollectionsMarshal.AsSpan(_activeSorted))
        {
            if (!Account(pairState.Accounted, +1))
            {
                _runningValid = false;
                return;
            }
        }
    }

    /// <summary>
    /// Equity from the running totals, when it is provably bit-identical to the ordered sum: when cash plus the sum of
    /// the contributions' magnitudes fits the decimal mantissa at the largest scale present, no partial sum of the
    /// ordered sum can round, so that sum is the exact value at that scale, which is what the running total gives once
    /// rescaled (every step of it was checked exact). Otherwise (or for a zero, whose sign could differ) false.
    /// </summary>
    private bool TryRunningEquity(out decimal equity)
    {
        equity = 0m;
        if (!_runningValid)
        {
            return false;
        }

        int scale = Cash.Scale;
        for (var s = _scaleCounts.Length - 1; s > scale; s--)
        {
            if (_scaleCounts[s] > 0)
            {
                scale = s;
                break;
            }
        }

        if (!ExactAdd(Math.Abs(Cash), _runningAbs, out var bound) || bound > new decimal(-1, -1, -1, false, (byte)scale)
            || !ExactAdd(Cash, _runningSum, out var sum))
        {
            return false;
        }

        if (sum.Scale > scale)
        {
            sum = decimal.Round(sum, scale);
        }

        if (sum.Scale != scale || sum == 0m)
        {
            return false;
        }

        equity = sum;
        return true;
    }

    /// <summary>Adds two decimals; false when the result was rounded (its scale fell below the operands').</summary>
    private static bool ExactAdd(decimal a, decimal b, out decimal result)
    {
        try
        {
            result = a + b;
        }
        catch (OverflowException)
        {
            result = 0m;
            return false;
        }

        return result.Scale == Math.Max(a.Scale, b.Scale);
    }

    /// <summary>Adds every registered pair's latest price, in pair-name order.</summary>
    /// <param name="prices">The dictionary to fill.</param>
    internal void CopyPrices(Dictionary<TradingPair, decimal> prices)
    {
        foreach (var pairState in CollectionsMarshal.AsSpan(_sorted))
        {
            if (pairState.Mark is { } mark)
            {
                prices[pairState.Config.Pair] = mark;
            }
        }
    }

    private static LedgerResult<T> Fail<T>(LedgerErrorCode code, string message) =>
        LedgerResult<T>.Failure(new LedgerError(code, message));

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a percentage for a message: 4 decimals are plenty to read; the record keeps the exact value.</summary>
    private static string FormatPercent(decimal value) => decimal.Round(value, 4).ToString(CultureInfo.InvariantCulture);

    private static string Describe(TradingPair pair) => pair == default ? "The default (empty) pair" : pair.ToString();

    private static decimal PercentOf(decimal amount, decimal equity) =>
        equity > 0m ? amount * 100m / equity : amount > 0m ? decimal.MaxValue : 0m;

    private static LedgerError? CheckPrice(decimal price) =>
        price is <= 0m or > MaxAmount
            ? new LedgerError(LedgerErrorCode.InvalidPrice, $"Price {Format(price)} must be positive and at most {Format(MaxAmount)}.")
            : null;

    private static LedgerError? CheckQuantity(decimal quantity) =>
        quantity is <= 0m or > MaxAmount
            ? new LedgerError(LedgerErrorCode.InvalidQuantity, $"Quantity {Format(quantity)} must be positive and at most {Format(MaxAmount)}.")
            : null;

    private static LedgerError? CheckFee(MarketType marketType, Fee fee)
    {
        if (!Enum.IsDefined(fee.Asset))
        {
            return new LedgerError(LedgerErrorCode.InvalidFee, $"Fee asset {(int)fee.Asset} is not defined.");
        }

        if (fee.Amount is < 0m or > MaxAmount)
        {
            return new LedgerError(LedgerErrorCode.InvalidFee, $"Fee {Format(fee.Amount)} must not be negative (rebates are not modelled) and at most {Format(MaxAmount)}.");
        }

        return fee.Asset == FeeAsset.Base && marketType != MarketType.Spot
            ? new LedgerError(LedgerErrorCode.InvalidFee, $"{marketType} fees are charged in the margin (quote) asset, not the base asset.")
            : null;
    }

    /// <summary>Splits the cost basis: removes and returns the cost of <paramref name="quantity"/> of what is held.</summary>
    private static decimal SplitCost(PositionState position, decimal quantity)
    {
        var removed = quantity == position.Quantity
            ? position.CostBasis
            : Math.Round(position.CostBasis * quantity / position.Quantity, CostScale, MidpointRounding.ToEven);
        position.CostBasis -= removed;
        position.Quantity -= quantity;
        return removed;
    }

    private LedgerError? CheckFill(MarketType marketType, decimal quantity, decimal price, Fee fee, decimal leverage, PositionState? addsTo, bool enforceFunds)
    {
        var check = CheckQuantity(quantity) ?? CheckPrice(price) ?? CheckFee(marketType, fee);
        if (check is not null)
        {
            return check;
        }

        if (fee.Asset == FeeAsset.Base && fee.Amount >= quantity + (addsTo?.Quantity ?? 0m))
        {
            return new LedgerError(LedgerErrorCode.FeeExceedsQuantity, $"A base-asset fee of {Format(fee.Amount)} would consume the whole fill of {Format(quantity)}.");
        }

        if (!enforceFunds)
        {
            return null;
        }

        var quoteFee = fee.Asset == FeeAsset.Quote ? fee.Amount : 0m;
        var required = (marketType == MarketType.Spot ? quantity * price : quantity * price / leverage) + quoteFee;
        var available = Equity(out var deployed) - deployed;
        if (required > available)
        {
            return new LedgerError(LedgerErrorCode.InsufficientFunds, $"The fill needs {Format(required)} {Config.QuoteAsset} (cost or margin plus fee) but {Format(available)} is available.");
        }

        return null;
    }

    private void ApplyEntry(PositionState position, PairState pairState, decimal quantity, decimal price, Fee fee)
    {
        pairState.SetMark(price);
        position.Quantity += quantity;
        position.CostBasis += quantity * price;
        position.EntryQuantity += quantity;
        if (position.MarketType == MarketType.Spot)
        {
            Cash -= quantity * price;
        }

        ChargeFee(position, fee, price);
    }

    /// <summary>
    /// Charges a fee. A quote fee is paid from cash. A base fee (spot) consumes base units: their cost leaves the
    /// cost basis and is realized as a loss; its quote value at <paramref name="price"/> is what "fees paid" shows.
    /// </summary>
    private (decimal QuoteValue, decimal BaseDisposalPnl) ChargeFee(PositionState position, Fee fee, decimal price)
    {
        if (fee.Amount == 0m)
        {
            return (0m, 0m);
        }

        var quoteValue = fee.QuoteValue(price);
        decimal realized;
        decimal disposalPnl = 0m;
        if (fee.Asset == FeeAsset.Quote)
        {
            Cash -= fee.Amount;
            realized = -fee.Amount;
        }
        else
        {
            var removed = SplitCost(position, fee.Amount);
            realized = -removed;
            disposalPnl = quoteValue - removed;
        }

        position.RealizedPnl += realized;
        position.FeesPaid += quoteValue;
        _realizedPnl += realized;
        _feesPaid += quoteValue;
        return (quoteValue, disposalPnl);
    }

    private bool TryGetOpen(PositionId id, out PositionState position, out PairState pairState, out LedgerError error)
    {
        if (!_positions.TryGetValue(id, out position!))
        {
            pairState = null!;
            error = new LedgerError(LedgerErrorCode.UnknownPosition, $"No position has id '{id}'.");
            return false;
        }

        pairState = position.PairState;
        if (!position.IsOpen)
        {
            error = new LedgerError(LedgerErrorCode.PositionClosed, $"Position '{id}' is already closed.");
            return false;
        }

        error = null!;
        return true;
    }

    internal static decimal MarkOf(PositionState position) => position.PairState.Mark ?? position.LastEntryPrice;

    /// <summary>
    /// Equity and deployed capital, summed over open positions pair by pair in registration order (the order these
    /// sums have always used, so every rounded digit, accept/refuse decision and message stays the same).
    /// </summary>
    private decimal Equity(out decimal deployed)
    {
        var equity = Cash;
        deployed = 0m;
        foreach (var pairState in CollectionsMarshal.AsSpan(_active))
        {
            var mark = pairState.Mark.GetValueOrDefault();
            foreach (var position in CollectionsMarshal.AsSpan(pairState.Open))
            {
                // The same expressions as EquityContribution and MarginUsed, with the product computed once.
                var value = position.Quantity * mark;
                if (position.MarketType == MarketType.Spot)
                {
                    equity += value;
                    deployed += value;
                }
                else
                {
                    equity += position.Direction * (value - position.CostBasis);
                    deployed += value / position.Leverage;
                }
            }
        }

        return equity;
    }

    /// <summary>Checks every limit; collects the violations into <paramref name="violations"/>, or without it stops at the first.</summary>
    /// <returns><see langword="true"/> when no limit is broken.</returns>
    private bool EvaluateRiskLimits(List<RiskViolation>? violations)
    {
        var equity = Equity(out var deployed);
        if (_openCount > Config.MaxPositions)
        {
            if (violations is null)
            {
                return false;
            }

            violations.Add(new RiskViolation(
                RiskViolationCode.MaxPositionsExceeded,
                $"{_openCount} positions are open; at most {Config.MaxPositions} are allowed.",
                _openCount,
                Config.MaxPositions));
        }

        // Exposure per correlation group (indexed in ordinal order of the group names), summed in position order.
        var groups = _groups.Count == 0 ? [] : new decimal[_groups.Count];
        var present = _groups.Count == 0 ? [] : new bool[_groups.Count];
        foreach (var pairState in CollectionsMarshal.AsSpan(_sorted))
        {
            var pairConfig = pairState.Config;
            foreach (var position in CollectionsMarshal.AsSpan(pairState.OpenById))
            {
                var mark = MarkOf(position);
                var sizePercent = PercentOf(position.MarginUsed(mark), equity);
                if (sizePercent > Config.MaxPositionSizePercent)
                {
                    if (violations is null)
                    {
                        return false;
                    }

                    violations.Add(new RiskViolation(
                        RiskViolationCode.PositionSizeExceeded,
                        $"Position '{position.Id}' in {position.Pair} commits {FormatPercent(sizePercent)} % of equity; the limit is {Format(Config.MaxPositionSizePercent)} %.",
                        sizePercent,
                        Config.MaxPositionSizePercent)
                    { Pair = position.Pair, PositionId = position.Id });
                }

                var notional = position.Notional(mark);
                if (pairConfig.MaxPositionSizeQuote is { } maxNotional && notional > maxNotional)
                {
                    if (violations is null)
                    {
                        return false;
                    }

                    violations.Add(new RiskViolation(
                        RiskViolationCode.PairNotionalExceeded,
                        $"Position '{position.Id}' in {position.Pair} has a notional of {Format(notional)} {Config.QuoteAsset}; the pair's limit is {Format(maxNotional)}.",
                        notional,
                        maxNotional)
                    { Pair = position.Pair, PositionId = position.Id });
                }

                if (pairState.GroupIndex >= 0)
                {
                    groups[pairState.GroupIndex] += notional;
                    present[pairState.GroupIndex] = true;
                }
            }
        }

        for (var g = 0; g < groups.Length; g++)
        {
            if (!present[g])
            {
                continue;
            }

            var percent = PercentOf(groups[g], equity);
            if (percent > Config.MaxCorrelatedExposurePercent)
            {
                if (violations is null)
                {
                    return false;
                }

                violations.Add(new RiskViolation(
                    RiskViolationCode.CorrelatedExposureExceeded,
                    $"Correlation group '{_groups[g]}' has {FormatPercent(percent)} % of equity exposed; the limit is {Format(Config.MaxCorrelatedExposurePercent)} %.",
                    percent,
                    Config.MaxCorrelatedExposurePercent)
                { CorrelationGroup = _groups[g] });
            }
        }

        var totalReturn = (equity - Config.TotalCapital) * 100m / Config.TotalCapital;
        if (totalReturn <= -Config.EmergencyLiquidationLossPercent)
        {
            if (violations is null)
            {
                return false;
            }

            violations.Add(new RiskViolation(
                RiskViolationCode.EmergencyLiquidation,
                $"The portfolio has returned {FormatPercent(totalReturn)} %; emergency liquidation starts at −{Format(Config.EmergencyLiquidationLossPercent)} %.",
                totalReturn,
                -Config.EmergencyLiquidationLossPercent));
        }

        var available = equity - deployed;
        if (available < 0m)
        {
            if (violations is null)
            {
                return false;
            }

            violations.Add(new RiskViolation(
                RiskViolationCode.InsufficientMargin,
                $"Available capital is {Format(available)} {Config.QuoteAsset}: open positions commit more than the equity.",
                available,
                0m));
        }

        return violations is null || violations.Count == 0;
    }

    private ReadOnlyCollection<PairConfig> BuildPairConfigs()
    {
        var configs = new PairConfig[_sorted.Count];
        for (var i = 0; i < configs.Length; i++)
        {
            configs[i] = _sorted[i].Config;
        }

        return Array.AsReadOnly(configs);
    }

    private StrategyState StrategyOf(StrategyId id)
    {
        if (!_strategies.TryGetValue(id, out var state))
        {
            state = new StrategyState(id, _strategies.Count);
            _strategies.Add(id, state);
            var at = _sortedStrategies.BinarySearch(state, StrategyState.IdOrder);
            _sortedStrategies.Insert(at < 0 ? ~at : at + 1, state);
        }

        return state;
    }

    /// <summary>Keeps <see cref="_active"/> and <see cref="_activeSorted"/> (pairs holding open positions) in registration and in name order.</summary>
    private void ActivatePair(PairState pairState)
    {
        var at = _active.BinarySearch(pairState, PairState.RegistrationOrder);
        if (at < 0)
        {
            _active.Insert(~at, pairState);
        }

        var sortedAt = _activeSorted.BinarySearch(pairState, PairState.NameOrder);
        if (sortedAt < 0)
        {
            _activeSorted.Insert(~sortedAt, pairState);
        }
    }

    private void DeactivatePair(PairState pairState)
    {
        var at = _active.BinarySearch(pairState, PairState.RegistrationOrder);
        if (at >= 0)
        {
            _active.RemoveAt(at);
        }

        var sortedAt = _activeSorted.BinarySearch(pairState, PairState.NameOrder);
        if (sortedAt >= 0)
        {
            _activeSorted.RemoveAt(sortedAt);
        }
    }

    /// <summary>Moves a position that has just closed into its pair's and strategy's closed totals: exactly once, since a closed position never changes again.</summary>
    private void FoldClosed(PositionState position, PairState pairState)
    {
        var winner = position.RealizedPnl > 0m;
        pairState.Closed.Add(position.RealizedPnl, position.FeesPaid, winner);
        position.StrategyState.Closed.Add(position.RealizedPnl, position.FeesPaid, winner);
        _closedCount++;
        _closedWinners += winner ? 1 : 0;
        var closedAt = position.ClosedAt.GetValueOrDefault();
        if (closedAt < _lastClosedAt)
        {
            _closeTimesMonotonic = false;
        }
        else
        {
            _lastClosedAt = closedAt;
        }

        _closedInOrder.Add(position);
    }

    /// <summary>The ledger's state of one pair.</summary>
    internal sealed class PairState
    {
        private readonly LedgerVersions _versions;
        private Position[] _views = [];
        private decimal[] _contributions = [];
        private bool _viewsStale = true;
        private bool _contributionsStale = true;
        private decimal[] _notionals = [];
        private bool _notionalsStale = true;
        private decimal? _mark;

        // A close marked while the pair holds no position, not yet converted (NaN when none): see SetPendingClose.
        private double _pendingClose = double.NaN;

        /// <summary>Gets or sets the contributions the ledger's running totals hold for this pair.</summary>
        public decimal[] Accounted { get; set; } = [];

        /// <summary>Gets or sets where the pair's open positions start in the risk view's list (set at each full layout).</summary>
        public int Offset { get; set; }

        /// <summary>Gets or sets the pair's slot in the price table (its place in name order).</summary>
        public int PriceSlot { get; set; }

        /// <summary>Gets or sets a value indicating whether the pair is listed as changed since the last rebuild.</summary>
        public bool InDirty { get; set; }

        /// <summary>Gets or sets a value indicating whether the pair is listed as marked since the last rebuild.</summary>
        public bool InPriceDirty { get; set; }

        /// <summary>Gets or sets a value indicating whether the pair is listed as changed since the views were last laid out.</summary>
        public bool InViewsDirty { get; set; }

        public PairState(PairConfig config, int index, LedgerVersions versions)
        {
            Config = config;
            Index = index;
            Name = config.Pair.ToString();
            _versions = versions;
            versions.State++;
        }

        /// <summary>Orders pairs by canonical name, ordinally: the order of every view.</summary>
        public static Comparer<PairState> NameOrder { get; } = Comparer<PairState>.Create(static (a, b) => string.CompareOrdinal(a.Name, b.Name));

        /// <summary>Orders pairs by registration.</summary>
        public static Comparer<PairState> RegistrationOrder { get; } = Comparer<PairState>.Create(static (a, b) => a.Index.CompareTo(b.Index));

        public PairConfig Config { get; }

        /// <summary>Gets the registration index.</summary>
        public int Index { get; }

        /// <summary>Gets the pair's canonical name (<see cref="TradingPair.ToString"/>), computed once.</summary>
        public string Name { get; }

        /// <summary>Gets or sets the index of the pair's correlation group in the ledger's ordinal list; −1 when none.</summary>
        public int GroupIndex { get; set; } = -1;

        /// <summary>
        /// Gets the pair's mark. A close marked with <see cref="SetPendingClose"/> is converted to <see cref="decimal"/>
        /// here, on the first read: the same conversion of the same double, so the same value as marking at once.
        /// </summary>
        /// <summary>Gets the mark as the price table holds it, without converting a pending close.</summary>
        public PriceMark RawMark =>
            !double.IsNaN(_pendingClose) ? PriceMark.FromClose(_pendingClose) : _mark is { } mark ? PriceMark.FromPrice(mark) : default;

        public decimal? Mark
        {
            get
            {
                // Read once: two readers converting the same close at once write the same value.
                var pending = _pendingClose;
                if (!double.IsNaN(pending))
                {
                    _mark = (decimal)pending;
                    _pendingClose = double.NaN;
                }

                return _mark;
            }
        }

        /// <summary>Gets the open positions in the order they opened.</summary>
        public List<PositionState> Open { get; } = [];

        /// <summary>Gets the open positions in ordinal id order.</summary>
        public List<PositionState> OpenById { get; } = [];

        /// <summary>Gets every position ever opened in the pair, in the order they opened.</summary>
        public List<PositionState> All { get; } = [];

        /// <summary>Gets the totals of the pair's closed positions.</summary>
        public ClosedTotals Closed { get; } = new();

        public int ClosedCount => Closed.Count;

        /// <summary>Gets the open positions' equity contributions at the mark (id order), recomputed after a change.</summary>
        public decimal[] GetContributions()
        {
            if (_contributionsStale)
            {
                // Read only by the ledger's refresh, which takes the old values out of its totals first: the array is
                // refilled in place while the number of positions stays.
                var open = CollectionsMarshal.AsSpan(OpenById);
                var contributions = _contributions.Length == open.Length ? _contributions : open.Length == 0 ? [] : new decimal[open.Length];
                var notionals = GetNotionals();
                for (var i = 0; i < open.Length; i++)
                {
                    contributions[i] = open[i].ContributionOf(notionals[i]);
                }

                (_contributions, _contributionsStale) = (contributions, false);
            }

            return _contributions;
        }

        /// <summary>
        /// Gets the open positions' notionals (quantity × mark, id order), recomputed after a change: the product every
        /// sum over open positions starts from, computed once per change for all of them.
        /// </summary>
        public decimal[] GetNotionals()
        {
            if (_notionalsStale)
            {
                // Read only right after they are computed (no caller keeps them across a change): the array is
                // refilled in place while the number of positions stays.
                var open = CollectionsMarshal.AsSpan(OpenById);
                var notionals = _notionals.Length == open.Length ? _notionals : open.Length == 0 ? [] : new decimal[open.Length];
                if (open.Length > 0)
                {
                    // A flat pair's mark is not read (it may be a close not converted yet).
                    var mark = Mark.GetValueOrDefault();
                    for (var i = 0; i < open.Length; i++)
                    {
                        notionals[i] = open[i].Quantity * mark;
                    }
                }

                (_notionals, _notionalsStale) = (notionals, false);
            }

            return _notionals;
        }

        /// <summary>Gets the open positions' views at the mark (id order), rebuilt after a change.</summary>
        public Position[] GetViews()
        {
            if (_viewsStale && OpenById.Count == 0)
            {
                // A flat pair (most pairs, most of the time): nothing to allocate, and its mark is not read.
                (_views, _viewsStale) = ([], false);
            }
            else if (_viewsStale)
            {
                var mark = Mark.GetValueOrDefault();
                var open = CollectionsMarshal.AsSpan(OpenById);
                var views = new Position[open.Length];
                for (var i = 0; i < open.Length; i++)
                {
                    views[i] = open[i].ToView(mark);
                }

                (_views, _viewsStale) = (views, false);
            }

            return _views;
        }

        /// <summary>Gets the number of open positions (kept apart from the lists: a flat pair's mark reads only this).</summary>
        public int OpenCount { get; private set; }

        public void AddOpen(PositionState position)
        {
            Changed(membership: true);
            Open.Add(position);
            OpenCount = Open.Count;
            All.Add(position);
            var at = OpenById.BinarySearch(position, PositionState.IdOrder);
            OpenById.Insert(at < 0 ? ~at : at + 1, position);
        }

        public void RemoveOpen(PositionState position)
        {
            Changed(membership: true);
            _ = Open.Remove(position);
            OpenCount = Open.Count;
            var at = OpenById.BinarySearch(position, PositionState.IdOrder);
            if (at >= 0)
            {
                OpenById.RemoveAt(at);
            }
        }

        /// <summary>Lists the pair as marked since the last rebuild (the price table reads its mark again).</summary>
        private void PriceChanged()
        {
            if (!InPriceDirty)
            {
                InPriceDirty = true;
                _versions.PriceDirty.Add(Index);
            }
        }

        /// <summary>Marks the pair's cached views stale: every change of a position happens after a mark (fills mark their price first).</summary>
        public void Changed(bool membership)
        {
            _viewsStale = true;
            _contributionsStale = true;
            _notionalsStale = true;
            _versions.State++;
            if (!InDirty)
            {
                InDirty = true;
                _versions.Dirty.Add(this);
            }

            if (membership)
            {
                _versions.Membership++;
            }
        }

        /// <summary>
        /// Marks a flat pair at a bar's close without converting it yet: the versions change as for any mark, and
        /// <see cref="Mark"/> converts it when someone reads it. Only valid while the pair holds no position (a mark
        /// of a held pair moves its positions' watermarks at once) and for a close that passes the price check.
        /// </summary>
        /// <param name="close">The close.</param>
        public void SetPendingClose(double close)
        {
            // A flat pair's views (none) and contributions (none) do not depend on its mark: only the prices change.
            _versions.State++;
            PriceChanged();
            _pendingClose = close;
        }

        public void SetMark(decimal price)
        {
            Changed(membership: false);
            PriceChanged();
            _pendingClose = double.NaN;
            _mark = price;
            foreach (var position in CollectionsMarshal.AsSpan(Open))
            {
                position.Observe(price);
            }
        }
    }

    /// <summary>Version counters the risk view's caches are keyed by.</summary>
    internal sealed class LedgerVersions
    {
        /// <summary>Gets or sets the version of marks, positions and cash.</summary>
        public long State { get; set; }

        /// <summary>Gets or sets the version of the set of open positions.</summary>
        public long Membership { get; set; }

        /// <summary>Gets the pairs whose positions or held marks changed since the risk view was last rebuilt.</summary>
        public List<PairState> Dirty { get; } = [];

        /// <summary>
        /// Gets the pairs (their registration indices) marked since the price table was last rebuilt: integers, so that
        /// listing a pair on each of its marks stores no reference (no GC write barrier on the per-bar path).
        /// </summary>
        public List<int> PriceDirty { get; } = [];
    }

    /// <summary>A strategy (sleeve) known to the ledger: it has opened at least one position.</summary>
    internal sealed class StrategyState(StrategyId id, int index)
    {
        /// <summary>Orders strategies by id, ordinally.</summary>
        public static Comparer<StrategyState> IdOrder { get; } = Comparer<StrategyState>.Create(static (a, b) => string.CompareOrdinal(a.Id.Value, b.Id.Value));

        public StrategyId Id { get; } = id;

        /// <summary>Gets the index in creation order (a slot in per-call arrays).</summary>
        public int Index { get; } = index;

        /// <summary>Gets the totals of the strategy's closed positions.</summary>
        public ClosedTotals Closed { get; } = new();
    }

    /// <summary>Realized P&amp;L, fees, count and winners of closed positions, accumulated in close order.</summary>
    internal sealed class ClosedTotals
    {
        public decimal Realized { get; private set; }

        public decimal Fees { get; private set; }

        public int Count { get; private set; }

        public int Winners { get; private set; }

        public void Add(decimal realized, decimal fees, bool winner)
        {
            Realized += realized;
            Fees += fees;
            Count++;
            Winners += winner ? 1 : 0;
        }
    }

    /// <summary>One key's attribution being summed: the closed totals, then each open position.</summary>
    private struct Totals
    {
        private int _active;
        private int _closed;
        private int _winners;
        private decimal _realized;
        private decimal _unrealized;
        private decimal _fees;
        private decimal _margin;

        public decimal Exposure { get; private set; }

        public static Totals FromClosed(ClosedTotals closed) => new()
        {
            _closed = closed.Count,
            _winners = closed.Winners,
            _realized = closed.Realized,
            _fees = closed.Fees,
        };

        public void AddOpen(PositionState position, decimal mark)
        {
            _realized += position.RealizedPnl;
            _fees += position.FeesPaid;
            _active++;
            _unrealized += position.UnrealizedPnl(mark);
            _margin += position.MarginUsed(mark);
            Exposure += position.Notional(mark);
        }

        public readonly PnlAttribution<TKey> ToRecord<TKey>(TKey key) =>
            new(key, _active, _closed, _realized, _unrealized, _fees, Exposure, _margin, _winners);
    }

    /// <summary>The three largest pair exposures, largest first; among equal ones, the first seen first (a stable sort).</summary>
    private struct TopExposures
    {
        private int _count;
        private decimal _second;
        private decimal _third;

        public decimal First { get; private set; }

        public void Add(decimal exposure)
        {
            if (_count == 0 || exposure > First)
            {
                (_third, _second, First) = (_second, First, exposure);
            }
            else if (_count == 1 || exposure > _second)
            {
                (_third, _second) = (_second, exposure);
            }
            else if (_count == 2 || exposure > _third)
            {
                _third = exposure;
            }

            _count = Math.Min(_count + 1, 3);
        }

        public readonly decimal Sum()
        {
            var sum = 0m;
            if (_count > 0)
            {
                sum += First;
            }

            if (_count > 1)
            {
                sum += _second;
            }

            if (_count > 2)
            {
                sum += _third;
            }

            return sum;
        }
    }
}
