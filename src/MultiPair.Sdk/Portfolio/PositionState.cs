using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>The mutable state of one position, owned by <see cref="PortfolioManager"/>.</summary>
internal sealed class PositionState
{
    public PositionState(PositionId id, TradingPair pair, StrategyId strategy, PositionSide side, MarketType marketType, decimal leverage, DateTimeOffset openedAt)
    {
        Id = id;
        Pair = pair;
        Strategy = strategy;
        Side = side;
        MarketType = marketType;
        Leverage = leverage;
        OpenedAt = openedAt;
    }

    /// <summary>Orders positions by id, ordinally.</summary>
    public static Comparer<PositionState> IdOrder { get; } = Comparer<PositionState>.Create(static (a, b) => string.CompareOrdinal(a.Id.Value, b.Id.Value));

    /// <summary>Orders closed positions by close time, then pair name and id (ordinally): a stable sort by close time over pair-then-id order.</summary>
    public static Comparer<PositionState> CloseOrder { get; } = Comparer<PositionState>.Create(static (a, b) =>
    {
        var byTime = Nullable.Compare(a.ClosedAt, b.ClosedAt);
        if (byTime != 0)
        {
            return byTime;
        }

        var byPair = string.CompareOrdinal(a.PairState.Name, b.PairState.Name);
        return byPair != 0 ? byPair : string.CompareOrdinal(a.Id.Value, b.Id.Value);
    });

    public PositionId Id { get; }

    public TradingPair Pair { get; }

    public StrategyId Strategy { get; }

    public PositionSide Side { get; }

    public MarketType MarketType { get; }

    public decimal Leverage { get; }

    public DateTimeOffset OpenedAt { get; }

    /// <summary>Gets the ledger's state of the position's pair.</summary>
    public PortfolioManager.PairState PairState { get; init; } = null!;

    /// <summary>Gets the ledger's state of the position's strategy.</summary>
    public PortfolioManager.StrategyState StrategyState { get; init; } = null!;

    public DateTimeOffset? ClosedAt { get; set; }

    public decimal Quantity { get; set; }

    /// <summary>Entry value of the quantity held: the sum of quantity × fill price, less the cost of what left.</summary>
    public decimal CostBasis { get; set; }

    public decimal RealizedPnl { get; set; }

    public decimal FeesPaid { get; set; }

    public decimal EntryQuantity { get; set; }

    public decimal ExitQuantity { get; set; }

    public decimal HighestPrice { get; set; }

    public decimal LowestPrice { get; set; }

    /// <summary>The entry price shown once the position is closed (the average entry before the last close).</summary>
    public decimal LastEntryPrice { get; set; }

    public ExitReason? LastExitReason { get; set; }

    public bool IsOpen => ClosedAt is null;

    public decimal Direction => Side == PositionSide.Long ? 1m : -1m;

    public decimal Notional(decimal mark) => Quantity * mark;

    public decimal UnrealizedPnl(decimal mark) => Direction * ((Quantity * mark) - CostBasis);

    /// <summary>The capital the position commits: full value on spot, notional ÷ leverage on perpetuals.</summary>
    public decimal MarginUsed(decimal mark) =>
        MarketType == MarketType.Spot ? Quantity * mark : Quantity * mark / Leverage;

    /// <summary>This position's contribution to equity beyond cash: its value on spot, its unrealized P&amp;L on perpetuals.</summary>
    public decimal EquityContribution(decimal mark) =>
        MarketType == MarketType.Spot ? Quantity * mark : UnrealizedPnl(mark);

    public void Observe(decimal price)
    {
        if (price > HighestPrice)
        {
            HighestPrice = price;
        }

        if (price < LowestPrice)
        {
            LowestPrice = price;
        }
    }

    /// <summary>
    /// A closed position's view at a mark, shared while nothing it shows changed: the risk view materialises the
    /// recent closed positions on every snapshot, and they never change once closed, but their zero amounts take the
    /// mark's scale, so the view is reused only for a mark with the same bits (and the same stored amounts).
    /// </summary>
    public Position ToClosedView(decimal mark)
    {
        if (ClosedAt is null)
        {
            return ToView(mark);
        }

        var key = new ViewKey(mark, Quantity, CostBasis, RealizedPnl, FeesPaid, EntryQuantity, ExitQuantity, HighestPrice, LowestPrice, LastEntryPrice, ClosedAt.Value, LastExitReason);
        if (_closedView is { } cached && _closedViewKey.SameBits(key))
        {
            return cached;
        }

        var view = ToView(mark);
        _closedView = view;
        _closedViewKey = key;
        return view;
    }

    public Position ToView(decimal mark) => ToView(mark, out _);

    /// <summary>The equity contribution for the notional (quantity × mark): <see cref="ToView(decimal, out decimal)"/>'s, without the view.</summary>
    public decimal ContributionOf(decimal notional) => MarketType == MarketType.Spot ? notional : Direction * (notional - CostBasis);

    /// <summary>The view's <see cref="Position.MarginUsed"/> for its <see cref="Position.Notional"/> (quantity × mark), computed as the view does.</summary>
    public decimal MarginOf(decimal notional) => MarketType == MarketType.Spot ? notional : notional / Leverage;

    /// <summary>
    /// The view at a mark, and the equity contribution at that mark (<see cref="EquityContribution"/>): the same values as
    /// the separate members, with the quantity × mark product computed once and the entry price kept while the
    /// quantity and cost basis are the same (decimal arithmetic is deterministic).
    /// </summary>
    /// <param name="mark">The mark.</param>
    /// <param name="contribution">The equity contribution.</param>
    /// <returns>The view.</returns>
    public Position ToView(decimal mark, out decimal contribution)
    {
        var notional = Quantity * mark;
        var unrealized = Direction * (notional - CostBasis);
        contribution = MarketType == MarketType.Spot ? notional : unrealized;
        return new()
        {
            Id = Id,
            Pair = Pair,
            Strategy = Strategy,
            Side = Side,
            MarketType = MarketType,
            Leverage = Leverage,
            Quantity = Quantity,
            EntryPrice = EntryPrice(),
            CostBasis = CostBasis,
            CurrentPrice = mark,
            HighestPrice = HighestPrice,
            LowestPrice = LowestPrice,
            Notional = notional,
            MarginUsed = MarketType == MarketType.Spot ? notional : notional / Leverage,
            UnrealizedPnl = unrealized,
            RealizedPnl = RealizedPnl,
            FeesPaid = FeesPaid,
            EntryQuantity = EntryQuantity,
            ExitQuantity = ExitQuantity,
            OpenedAt = OpenedAt,
            ClosedAt = ClosedAt,
            ExitReason = LastExitReason,
        };
    }

    /// <summary>Gets the view's <see cref="Position.EntryPrice"/>.</summary>
    public decimal AverageEntryPrice => EntryPrice();

    /// <summary>The average entry price (cost basis / quantity, or the last entry price when nothing is held); the last division is kept for the same operands, bit for bit.</summary>
    private decimal EntryPrice()
    {
        if (Quantity == 0m)
        {
            return LastEntryPrice;
        }

        if (!_entryCached || !Same(_entryQuantity, Quantity) || !Same(_entryCostBasis, CostBasis))
        {
            _entryPrice = CostBasis / Quantity;
            _entryQuantity = Quantity;
            _entryCostBasis = CostBasis;
            _entryCached = true;
        }

        return _entryPrice;
    }

    // Same value, scale and sign: the same 128 bits (decimal equality ignores scale and the sign of zero).
    private static bool Same(decimal x, decimal y) => x == y && x.Scale == y.Scale && decimal.IsNegative(x) == decimal.IsNegative(y);

    private bool _entryCached;
    private decimal _entryQuantity;
    private decimal _entryCostBasis;
    private decimal _entryPrice;

    private Position? _closedView;
    private ViewKey _closedViewKey;

    private readonly record struct ViewKey(
        decimal Mark,
        decimal Quantity,
        decimal CostBasis,
        decimal RealizedPnl,
        decimal FeesPaid,
        decimal EntryQuantity,
        decimal ExitQuantity,
        decimal HighestPrice,
        decimal LowestPrice,
        decimal LastEntryPrice,
        DateTimeOffset ClosedAt,
        ExitReason? ExitReason)
    {
        public bool SameBits(in ViewKey other) =>
            Same(Mark, other.Mark) && Same(Quantity, other.Quantity) && Same(CostBasis, other.CostBasis)
            && Same(RealizedPnl, other.RealizedPnl) && Same(FeesPaid, other.FeesPaid) && Same(EntryQuantity, other.EntryQuantity)
            && Same(ExitQuantity, other.ExitQuantity) && Same(HighestPrice, other.HighestPrice) && Same(LowestPrice, other.LowestPrice)
            && Same(LastEntryPrice, other.LastEntryPrice) && ClosedAt.UtcTicks == other.ClosedAt.UtcTicks
            && ClosedAt.Offset == other.ClosedAt.Offset && ExitReason == other.ExitReason;

        // Same value, scale and sign: the same 128 bits (decimal equality ignores scale and the sign of zero).
        private static bool Same(decimal x, decimal y) => x == y && x.Scale == y.Scale && decimal.IsNegative(x) == decimal.IsNegative(y);
    }
}
