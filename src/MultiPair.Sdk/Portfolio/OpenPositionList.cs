using System.Collections;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>
/// The open positions of a <see cref="PortfolioManager"/> at one state, in pair-then-id order, whose <see cref="Position"/>
/// views are built only if someone reads them. The risk gate hands such a list to its own decisions when every reader
/// is built in (they finish with a snapshot before the ledger changes): most decisions read only counts and sums, which
/// the ledger gives from its positions at the same state, with the same operations in the same order as over the views.
/// </summary>
/// <remarks>
/// Once read, the views are kept and the list is an ordinary one. Reading views or sums of a list not read before is
/// only possible while the ledger is at the list's state; afterwards it throws <see cref="InvalidOperationException"/>
/// (a snapshot that can outlive a change is built with its views, see <see cref="Risk.RiskGate.CreateSnapshot()"/>).
/// </remarks>
internal sealed class OpenPositionList : IReadOnlyList<Position>
{
    private readonly PortfolioManager _ledger;
    private ChunkedList<Position>? _views;

    private (decimal Deployed, decimal Notional)? _totals;

    public OpenPositionList(PortfolioManager ledger, long version, int count)
    {
        _ledger = ledger;
        Version = version;
        Count = count;
    }

    /// <summary>Gets the ledger state the list was taken at.</summary>
    public long Version { get; }

    /// <inheritdoc />
    public int Count { get; }

    /// <summary>Gets a value indicating whether the views were built.</summary>
    public bool IsMaterialized => _views is not null;

    /// <inheritdoc />
    public Position this[int index] => Views[index];

    private ChunkedList<Position> Views => _views ??= _ledger.OpenViewsAt(Version);

    /// <summary>Builds the views now (while the ledger is at the list's state).</summary>
    public void Materialize() => _ = Views;

    // The questions below are answered by the ledger at the list's state, without views. Once the views are built the
    // list is an ordinary one and readers take their general path over it (PortfolioSnapshot, the coordinator and the
    // gate ask these only while IsMaterialized is false), so these need no second implementation over the views.

    /// <summary>Σ margin used and Σ notional, in list order (computed once: every snapshot of the state shares the list).</summary>
    public (decimal Deployed, decimal Notional) Totals() => _totals ??= _ledger.OpenTotalsAt(Version);

    /// <summary>Σ notional of a pair's positions.</summary>
    public decimal NotionalOf(TradingPair pair) => _ledger.OpenNotionalAt(Version, pair);

    /// <summary>Σ margin used by a sleeve's positions, in list order.</summary>
    public decimal MarginOf(StrategyId sleeve) => _ledger.OpenMarginAt(Version, sleeve);

    /// <summary>A pair's positions, in id order (the list's order).</summary>
    public IReadOnlyList<Position> Of(TradingPair pair) => _ledger.OpenOfAt(Version, pair);

    /// <summary>Whether a pair has a position in the list.</summary>
    public bool Holds(TradingPair pair) => _ledger.HoldsAt(Version, pair);

    /// <summary>The sleeve of the first position (list order) of a pair on a side, or null.</summary>
    public StrategyId? HolderOf(TradingPair pair, PositionSide side) => _ledger.HolderAt(Version, pair, side);

    /// <summary>The position with an id, or null.</summary>
    public Position? Find(PositionId id) => _ledger.FindOpenAt(Version, id);

    /// <inheritdoc />
    public IEnumerator<Position> GetEnumerator() => Views.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
