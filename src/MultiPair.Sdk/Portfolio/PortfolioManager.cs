using System.Globalization;
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
    private readonly Dictionary<PositionId, PositionState> _positions = [];
    private decimal _realizedPnl;
    private decimal _feesPaid;
    private int _openCount;

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
    public decimal Cash { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<PairConfig> Pairs =>
        [.. _pairs.Values.Select(p => p.Config).OrderBy(c => c.Pair.ToString(), StringComparer.Ordinal)];

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

        _pairs.Add(config.Pair, new PairState(config));
        return LedgerResult<PairConfig>.Success(config);
    }

    /// <inheritdoc />
    public PairConfig? GetPairConfig(TradingPair pair) => _pairs.TryGetValue(pair, out var state) ? state.Config : null;

    /// <inheritdoc />
    public decimal? GetPrice(TradingPair pair) => _pairs.TryGetValue(pair, out var state) ? state.Mark : null;

    /// <inheritdoc />
    public LedgerResult<Position> AddPosition(OpenPositionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Id.IsDefault)
        {
            throw new ArgumentException("The request has no position id.", nameof(request));
        }

        if (!_pairs.TryGetValue(request.Pair, out var pairState))
        {
            return Fail<Position>(LedgerErrorCode.UnknownPair, $"{Describe(request.Pair)} is not registered; call RegisterPair first.");
        }

        if (_positions.ContainsKey(request.Id))
        {
            return Fail<Position>(LedgerErrorCode.DuplicatePositionId, $"A position with id '{request.Id}' already exists.");
        }

        var marketType = pairState.Config.MarketType;
        if (request.Side == PositionSide.Short && marketType == MarketType.Spot)
        {
            return Fail<Position>(LedgerErrorCode.ShortNotAllowed, $"{request.Pair} is a spot market: short positions are not possible.");
        }

        if (!Enum.IsDefined(request.Side))
        {
            return Fail<Position>(LedgerErrorCode.InvalidConfiguration, $"Side {(int)request.Side} is not a defined position side.");
        }

        var leverage = request.Leverage ?? pairState.Config.Leverage;
        if (marketType == MarketType.Spot ? leverage != 1m : leverage is < 1m or > PairConfig.MaxLeverage)
        {
            return Fail<Position>(LedgerErrorCode.InvalidLeverage, $"Leverage {Format(leverage)} is not allowed on {marketType} ({(marketType == MarketType.Spot ? "must be 1" : "must be in [1, 125]")}).");
        }

        var check = CheckFill(marketType, request.Quantity, request.EntryPrice, request.Fee, leverage, addsTo: null);
        if (check is not null)
        {
            return LedgerResult<Position>.Failure(check);
        }

        var now = _timeProvider.GetUtcNow();
        var position = new PositionState(request.Id, request.Pair, request.Strategy.IsDefault ? StrategyId.Default : request.Strategy, request.Side, marketType, leverage, now)
        {
            HighestPrice = request.EntryPrice,
            LowestPrice = request.EntryPrice,
        };

        _positions.Add(position.Id, position);
        pairState.Open.Add(position);
        _openCount++;
        ApplyEntry(position, pairState, request.Quantity, request.EntryPrice, request.Fee);
        return LedgerResult<Position>.Success(position.ToView(request.EntryPrice));
    }

    /// <inheritdoc />
    public LedgerResult<Position> IncreasePosition(PositionId id, decimal quantity, decimal price, Fee fee = default)
    {
        if (!TryGetOpen(id, out var position, out var pairState, out var error))
        {
            return LedgerResult<Position>.Failure(error);
        }

        var check = CheckFill(position.MarketType, quantity, price, fee, position.Leverage, position);
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
        if (!TryGetOpen(id, out var position, out _, out var error))
        {
            return LedgerResult<PositionReduction>.Failure(error);
        }

        var quantity = fee.Asset == FeeAsset.Base ? position.Quantity - fee.Amount : position.Quantity;
        if (quantity <= 0m)
        {
            return Fail<PositionReduction>(LedgerErrorCode.FeeExceedsQuantity, $"A base-asset fee of {Format(fee.Amount)} leaves nothing of the {Format(position.Quantity)} held in position '{id}' to sell.");
        }

        return ReducePosition(id, quantity, exitPrice, fee, reason);
    }

    /// <inheritdoc />
    public LedgerResult<PositionReduction> ReducePosition(PositionId id, decimal quantity, decimal exitPrice, Fee fee = default, ExitReason reason = ExitReason.Signal)
    {
        if (!TryGetOpen(id, out var position, out var pairState, out var error))
        {
            return LedgerResult<PositionReduction>.Failure(error);
        }

        var check = CheckQuantity(quantity) ?? CheckPrice(exitPrice) ?? CheckFee(position.MarketType, fee);
        if (check is not null)
        {
            return LedgerResult<PositionReduction>.Failure(check);
        }

        if (!Enum.IsDefined(reason))
        {
            return Fail<PositionReduction>(LedgerErrorCode.InvalidConfiguration, $"Exit reason {(int)reason} is not defined.");
        }

        var baseFee = fee.Asset == FeeAsset.Base ? fee.Amount : 0m;
        if (quantity + baseFee > position.Quantity)
        {
            var withFee = baseFee > 0m ? $" plus a base-asset fee of {Format(baseFee)}" : string.Empty;
            return Fail<PositionReduction>(LedgerErrorCode.CloseExceedsPosition, $"Cannot close {Format(quantity)}{withFee} of position '{id}': it holds {Format(position.Quantity)}.");
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
            pairState.Open.Remove(position);
            _openCount--;
        }

        return LedgerResult<PositionReduction>.Success(
            new PositionReduction(position.ToView(exitPrice), quantity, exitPrice, gross + feeCharge.BaseDisposalPnl, feeCharge.QuoteValue));
    }

    /// <inheritdoc />
    public Position? GetPosition(PositionId id) =>
        _positions.TryGetValue(id, out var position) ? position.ToView(MarkOf(position)) : null;

    /// <inheritdoc />
    public IReadOnlyList<Position> GetPositions(bool includeClosed = false) =>
        [.. Ordered(includeClosed).Select(p => p.ToView(MarkOf(p)))];

    /// <inheritdoc />
    public PortfolioMetrics GetPortfolioMetrics()
    {
        var byPair = new SortedDictionary<string, Attribution<TradingPair>>(StringComparer.Ordinal);
        var byStrategy = new SortedDictionary<string, Attribution<StrategyId>>(StringComparer.Ordinal);
        decimal unrealized = 0m, gross = 0m, net = 0m, deployed = 0m, equity = Cash;
        int closed = 0, winners = 0;
        foreach (var position in _positions.Values)
        {
            var mark = MarkOf(position);
            var pairAttribution = GetOrAdd(byPair, position.Pair.ToString(), position.Pair);
            var strategyAttribution = GetOrAdd(byStrategy, position.Strategy.Value, position.Strategy);
            pairAttribution.Add(position, mark);
            strategyAttribution.Add(position, mark);
            if (position.IsOpen)
            {
                var notional = position.Notional(mark);
                unrealized += position.UnrealizedPnl(mark);
                deployed += position.MarginUsed(mark);
                equity += position.EquityContribution(mark);
                gross += notional;
                net += position.Direction * notional;
            }
            else
            {
                closed++;
                winners += position.RealizedPnl > 0m ? 1 : 0;
            }
        }

        var pairExposures = byPair.Values.Select(a => a.Exposure).Where(e => e > 0m).OrderDescending().ToArray();
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
            ConcentrationPercent = gross == 0m ? 0m : pairExposures[0] * 100m / gross,
            Top3ConcentrationPercent = gross == 0m ? 0m : pairExposures.Take(3).Sum() * 100m / gross,
            WinRatePercent = closed == 0 ? 0m : winners * 100m / closed,
            ByPair = [.. byPair.Values.Select(a => a.ToRecord())],
            ByStrategy = [.. byStrategy.Values.Select(a => a.ToRecord())],
        };
    }

    /// <inheritdoc />
    public bool CheckRiskLimits() => GetRiskViolations().Count == 0;

    /// <inheritdoc />
    public IReadOnlyList<RiskViolation> GetRiskViolations()
    {
        var violations = new List<RiskViolation>();
        var equity = Equity(out var deployed);
        if (_openCount > Config.MaxPositions)
        {
            violations.Add(new RiskViolation(
                RiskViolationCode.MaxPositionsExceeded,
                $"{_openCount} positions are open; at most {Config.MaxPositions} are allowed.",
                _openCount,
                Config.MaxPositions));
        }

        var groups = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var position in Ordered(includeClosed: false))
        {
            var pairConfig = _pairs[position.Pair].Config;
            var mark = MarkOf(position);
            var sizePercent = PercentOf(position.MarginUsed(mark), equity);
            if (sizePercent > Config.MaxPositionSizePercent)
            {
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
                violations.Add(new RiskViolation(
                    RiskViolationCode.PairNotionalExceeded,
                    $"Position '{position.Id}' in {position.Pair} has a notional of {Format(notional)} {Config.QuoteAsset}; the pair's limit is {Format(maxNotional)}.",
                    notional,
                    maxNotional)
                { Pair = position.Pair, PositionId = position.Id });
            }

            if (pairConfig.CorrelationGroup is { } group)
            {
                groups[group] = groups.GetValueOrDefault(group) + notional;
            }
        }

        foreach (var (group, exposure) in groups)
        {
            var percent = PercentOf(exposure, equity);
            if (percent > Config.MaxCorrelatedExposurePercent)
            {
                violations.Add(new RiskViolation(
                    RiskViolationCode.CorrelatedExposureExceeded,
                    $"Correlation group '{group}' has {FormatPercent(percent)} % of equity exposed; the limit is {Format(Config.MaxCorrelatedExposurePercent)} %.",
                    percent,
                    Config.MaxCorrelatedExposurePercent)
                { CorrelationGroup = group });
            }
        }

        var totalReturn = (equity - Config.TotalCapital) * 100m / Config.TotalCapital;
        if (totalReturn <= -Config.EmergencyLiquidationLossPercent)
        {
            violations.Add(new RiskViolation(
                RiskViolationCode.EmergencyLiquidation,
                $"The portfolio has returned {FormatPercent(totalReturn)} %; emergency liquidation starts at −{Format(Config.EmergencyLiquidationLossPercent)} %.",
                totalReturn,
                -Config.EmergencyLiquidationLossPercent));
        }

        var available = equity - deployed;
        if (available < 0m)
        {
            violations.Add(new RiskViolation(
                RiskViolationCode.InsufficientMargin,
                $"Available capital is {Format(available)} {Config.QuoteAsset}: open positions commit more than the equity.",
                available,
                0m));
        }

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

        foreach (var position in Ordered(includeClosed: false))
        {
            var pairConfig = _pairs[position.Pair].Config;
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

        return actions;
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

    private static Attribution<TKey> GetOrAdd<TKey>(SortedDictionary<string, Attribution<TKey>> map, string key, TKey value)
    {
        if (!map.TryGetValue(key, out var attribution))
        {
            attribution = new Attribution<TKey>(value);
            map.Add(key, attribution);
        }

        return attribution;
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

    private LedgerError? CheckFill(MarketType marketType, decimal quantity, decimal price, Fee fee, decimal leverage, PositionState? addsTo)
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

        pairState = _pairs[position.Pair];
        if (!position.IsOpen)
        {
            error = new LedgerError(LedgerErrorCode.PositionClosed, $"Position '{id}' is already closed.");
            return false;
        }

        error = null!;
        return true;
    }

    private decimal MarkOf(PositionState position) => _pairs[position.Pair].Mark ?? position.LastEntryPrice;

    private decimal Equity(out decimal deployed)
    {
        var equity = Cash;
        deployed = 0m;
        foreach (var pairState in _pairs.Values)
        {
            foreach (var position in pairState.Open)
            {
                var mark = pairState.Mark!.Value;
                equity += position.EquityContribution(mark);
                deployed += position.MarginUsed(mark);
            }
        }

        return equity;
    }

    private IEnumerable<PositionState> Ordered(bool includeClosed) =>
        _positions.Values
            .Where(p => includeClosed || p.IsOpen)
            .OrderBy(p => p.Pair.ToString(), StringComparer.Ordinal)
            .ThenBy(p => p.Id.Value, StringComparer.Ordinal);

    private sealed class PairState(PairConfig config)
    {
        public PairConfig Config { get; } = config;

        public decimal? Mark { get; private set; }

        public List<PositionState> Open { get; } = [];

        public void SetMark(decimal price)
        {
            Mark = price;
            foreach (var position in Open)
            {
                position.Observe(price);
            }
        }
    }

    private sealed class Attribution<TKey>(TKey key)
    {
        private int _active;
        private int _closed;
        private int _winners;
        private decimal _realized;
        private decimal _unrealized;
        private decimal _fees;
        private decimal _margin;

        public decimal Exposure { get; private set; }

        public void Add(PositionState position, decimal mark)
        {
            _realized += position.RealizedPnl;
            _fees += position.FeesPaid;
            if (position.IsOpen)
            {
                _active++;
                _unrealized += position.UnrealizedPnl(mark);
                _margin += position.MarginUsed(mark);
                Exposure += position.Notional(mark);
            }
            else
            {
                _closed++;
                _winners += position.RealizedPnl > 0m ? 1 : 0;
            }
        }

        public PnlAttribution<TKey> ToRecord() =>
            new(key, _active, _closed, _realized, _unrealized, _fees, Exposure, _margin, _winners);
    }
}
