using System.Globalization;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Persistence;

/// <summary>
/// One change of the ledger, persisted so the ledger can be rebuilt exactly by replaying the entries in
/// <see cref="Sequence"/> order (<see cref="LedgerReplay"/>): the ledger is event-sourced.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Create entries with <see cref="Open(OpenPositionRequest, DateTimeOffset)"/>,
/// <see cref="Increase"/>, <see cref="Reduce"/>, <see cref="Close"/> and <see cref="Mark"/>, right after the
/// ledger call they describe succeeded; record only changes the ledger accepted.
/// </remarks>
public sealed record LedgerEntry
{
    /// <summary>Initializes a new entry; the factories are easier to use.</summary>
    /// <param name="kind">What the entry did.</param>
    /// <param name="positionId">The position; <c>default</c> for <see cref="LedgerEntryKind.Mark"/>.</param>
    /// <param name="pair">The pair.</param>
    /// <param name="side">The position's side.</param>
    /// <param name="sleeve">The strategy (sleeve) the position is attributed to.</param>
    /// <param name="quantity">The quantity added or closed, in base units; for <see cref="LedgerEntryKind.Close"/> the quantity closed (informational, may be 0); 0 for <see cref="LedgerEntryKind.Mark"/>.</param>
    /// <param name="price">The fill price, or the mark price.</param>
    /// <param name="fee">The fee of the fill; none for a mark.</param>
    /// <param name="exitReason">Why the position shrank, for <see cref="LedgerEntryKind.Reduce"/> and <see cref="LedgerEntryKind.Close"/> only.</param>
    /// <param name="leverage">The leverage asked on <see cref="LedgerEntryKind.Open"/> (<see langword="null"/> takes the pair's); <see langword="null"/> otherwise.</param>
    /// <param name="time">When the change happened (the ledger's clock at the time).</param>
    /// <exception cref="ArgumentException">A value does not fit the kind.</exception>
    public LedgerEntry(
        LedgerEntryKind kind,
        PositionId positionId,
        TradingPair pair,
        PositionSide side,
        StrategyId sleeve,
        decimal quantity,
        decimal price,
        Fee fee,
        ExitReason? exitReason,
        decimal? leverage,
        DateTimeOffset time)
    {
        Require(Enum.IsDefined(kind), "Undefined ledger entry kind.", nameof(kind));
        Require(!pair.IsDefault, "A ledger entry needs a pair.", nameof(pair));
        Require(Enum.IsDefined(side), "Undefined position side.", nameof(side));
        Require(!sleeve.IsDefault, "A ledger entry needs a sleeve.", nameof(sleeve));
        Require(price > 0m, Invariant($"The price must be positive: {price}."), nameof(price));
        Require(fee.Amount >= 0m && Enum.IsDefined(fee.Asset), Invariant($"The fee must not be negative and its asset must be defined: {fee}."), nameof(fee));
        Require(exitReason is null || Enum.IsDefined(exitReason.Value), "Undefined exit reason.", nameof(exitReason));
        Require(leverage is null or > 0m, Invariant($"The leverage must be positive: {leverage}."), nameof(leverage));
        switch (kind)
        {
            case LedgerEntryKind.Mark:
                Require(quantity == 0m && fee.Amount == 0m && exitReason is null && leverage is null, "A mark has a pair and a price only.", nameof(quantity));
                break;
            case LedgerEntryKind.Close:
                Require(!positionId.IsDefault, "A ledger entry needs a position id.", nameof(positionId));
                Require(quantity >= 0m, Invariant($"The quantity closed must not be negative: {quantity}."), nameof(quantity));
                Require(exitReason is not null && leverage is null, "A close needs an exit reason and takes no leverage.", nameof(exitReason));
                break;
            default:
                Require(!positionId.IsDefault, "A ledger entry needs a position id.", nameof(positionId));
                Require(quantity > 0m, Invariant($"The quantity must be positive: {quantity}."), nameof(quantity));
                Require((kind == LedgerEntryKind.Reduce) == exitReason.HasValue, "An exit reason goes with a reduce only.", nameof(exitReason));
                Require(kind == LedgerEntryKind.Open || leverage is null, "Only an open takes a leverage.", nameof(leverage));
                break;
        }

        Kind = kind;
        PositionId = positionId;
        Pair = pair;
        Side = side;
        Sleeve = sleeve;
        Quantity = quantity;
        Price = price;
        Fee = fee;
        ExitReason = exitReason;
        Leverage = leverage;
        Time = time;
    }

    /// <summary>Gets what the entry did.</summary>
    public LedgerEntryKind Kind { get; }

    /// <summary>Gets the position; <c>default</c> for a mark.</summary>
    public PositionId PositionId { get; }

    /// <summary>Gets the pair.</summary>
    public TradingPair Pair { get; }

    /// <summary>Gets the position's side.</summary>
    public PositionSide Side { get; }

    /// <summary>Gets the strategy (sleeve) the position is attributed to.</summary>
    public StrategyId Sleeve { get; }

    /// <summary>Gets the quantity added or closed, in base units (0 for a mark).</summary>
    public decimal Quantity { get; }

    /// <summary>Gets the fill price, or the mark price.</summary>
    public decimal Price { get; }

    /// <summary>Gets the fee of the fill.</summary>
    public Fee Fee { get; }

    /// <summary>Gets why the position shrank, for reduces and closes.</summary>
    public ExitReason? ExitReason { get; }

    /// <summary>Gets the leverage asked on an open; <see langword="null"/> takes the pair's.</summary>
    public decimal? Leverage { get; }

    /// <summary>Gets when the change happened.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Gets the exchange trade id of the fill that caused the change, if any: when the store finds that fill already recorded, it skips the entry too, so a fill is never booked twice.</summary>
    public string? TradeId { get; init; }

    /// <summary>Gets the entry's place in the journal, assigned by the store (strictly increasing); 0 before it is stored.</summary>
    public long Sequence { get; init; }

    /// <summary>Creates the entry for a position opened with <paramref name="request"/>.</summary>
    /// <param name="request">The request the ledger accepted.</param>
    /// <param name="time">When.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request's values are invalid.</exception>
    public static LedgerEntry Open(OpenPositionRequest request, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(LedgerEntryKind.Open, request.Id, request.Pair, request.Side, request.Strategy, request.Quantity, request.EntryPrice, request.Fee, null, request.Leverage, time);
    }

    /// <summary>Creates the entry for an add to an open position.</summary>
    /// <param name="position">The position after the add (its id, pair, side and sleeve are used).</param>
    /// <param name="quantity">The quantity added.</param>
    /// <param name="price">The fill price.</param>
    /// <param name="fee">The fee.</param>
    /// <param name="time">When.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="position"/> is null.</exception>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public static LedgerEntry Increase(Position position, decimal quantity, decimal price, Fee fee, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(position);
        return new(LedgerEntryKind.Increase, position.Id, position.Pair, position.Side, position.Strategy, quantity, price, fee, null, null, time);
    }

    /// <summary>Creates the entry for a partial (or full) close by quantity.</summary>
    /// <param name="position">The position (its id, pair, side and sleeve are used).</param>
    /// <param name="quantity">The quantity passed to <see cref="IPortfolioManager.ReducePosition"/>.</param>
    /// <param name="price">The exit fill price.</param>
    /// <param name="fee">The exit fee.</param>
    /// <param name="reason">Why.</param>
    /// <param name="time">When.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="position"/> is null.</exception>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public static LedgerEntry Reduce(Position position, decimal quantity, decimal price, Fee fee, ExitReason reason, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(position);
        return new(LedgerEntryKind.Reduce, position.Id, position.Pair, position.Side, position.Strategy, quantity, price, fee, reason, null, time);
    }

    /// <summary>Creates the entry for a whole close (<see cref="IPortfolioManager.ClosePosition"/>).</summary>
    /// <param name="reduction">What the close did.</param>
    /// <param name="fee">The exit fee as passed to the ledger (in its own asset).</param>
    /// <param name="reason">Why.</param>
    /// <param name="time">When.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reduction"/> is null.</exception>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public static LedgerEntry Close(PositionReduction reduction, Fee fee, ExitReason reason, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(reduction);
        var position = reduction.Position;
        return new(LedgerEntryKind.Close, position.Id, position.Pair, position.Side, position.Strategy, reduction.Quantity, reduction.ExitPrice, fee, reason, null, time);
    }

    /// <summary>Creates the entry for a mark of <paramref name="pair"/> at <paramref name="price"/>.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="price">The price.</param>
    /// <param name="time">When.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public static LedgerEntry Mark(TradingPair pair, decimal price, DateTimeOffset time) =>
        new(LedgerEntryKind.Mark, default, pair, PositionSide.Long, StrategyId.Default, 0m, price, Fee.None, null, null, time);

    private static void Require(bool condition, string message, string paramName)
    {
        if (!condition)
        {
            throw new ArgumentException(message, paramName);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
