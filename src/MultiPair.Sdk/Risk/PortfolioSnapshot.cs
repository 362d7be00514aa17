using System.Collections.ObjectModel;
using System.Runtime.InteropServices;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// Everything a risk rule may read about the portfolio at one instant: capital, open positions, recent closed
/// trades, <b>reservations for orders still in flight</b>, pair settings, instruments, sleeves and the trading state.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. The <see cref="RiskGate"/> builds one per decision; tests of custom rules can build
/// their own with an object initializer. Derived amounts (exposure, available capital) are computed on each call.
/// </remarks>
public sealed record PortfolioSnapshot
{
    /// <summary>Gets the decision time.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Gets the portfolio configuration.</summary>
    public required PortfolioConfig Config { get; init; }

    /// <summary>Gets the trading state.</summary>
    /// <value>The default value is <see cref="TradingState.Active"/>.</value>
    public TradingState State { get; init; } = TradingState.Active;

    /// <summary>Gets the equity: cash plus spot value plus perpetual unrealized P&amp;L.</summary>
    public required decimal Equity { get; init; }

    /// <summary>Gets the quote-asset balance.</summary>
    public required decimal Cash { get; init; }

    /// <summary>Gets the highest equity seen (for drawdown); defaults to <see cref="Equity"/> when not set.</summary>
    public decimal? PeakEquity { get; init; }

    /// <summary>Gets the equity at the last daily reset (for the daily loss limit); defaults to <see cref="Equity"/> when not set.</summary>
    public decimal? DayStartEquity { get; init; }

    private readonly IReadOnlyList<Position> _positions = [];

    /// <summary>Gets the open positions.</summary>
    public IReadOnlyList<Position> Positions
    {
        get => _positions;
        init
        {
            _positions = value;

            // An index built for other positions would be wrong: a copy with new positions finds by scanning.
            PositionIndex = null;
        }
    }

    // Sums over the open positions, computed once per snapshot on first use (see Derived). Excluded from equality.
    private DerivedSlot _derived;

    /// <summary>How many open positions <see cref="FindPosition"/> scans without an index (the gate indexes longer lists).</summary>
    internal const int ScannedPositions = 16;

    /// <summary>Gets the slot of each open position in <see cref="Positions"/> (the gate's snapshots of more than <see cref="ScannedPositions"/> positions; null otherwise).</summary>
    internal IReadOnlyDictionary<PositionId, int>? PositionIndex { get; init; }

    /// <summary>Gets recently closed positions, oldest close first (protections look back over them).</summary>
    public IReadOnlyList<Position> ClosedPositions { get; init; } = [];

    /// <summary>Gets reservations for approved orders that have not filled yet.</summary>
    public IReadOnlyList<Reservation> Reservations { get; init; } = [];

    /// <summary>Gets the registered pairs' settings.</summary>
    public IReadOnlyDictionary<TradingPair, PairConfig> Pairs { get; init; } = ReadOnlyDictionary<TradingPair, PairConfig>.Empty;

    /// <summary>Gets the exchange instruments (filters) known for the pairs.</summary>
    public IReadOnlyDictionary<TradingPair, Instrument> Instruments { get; init; } = ReadOnlyDictionary<TradingPair, Instrument>.Empty;

    /// <summary>Gets the latest price of each pair.</summary>
    public IReadOnlyDictionary<TradingPair, decimal> Prices { get; init; } = ReadOnlyDictionary<TradingPair, decimal>.Empty;

    /// <summary>Gets the sleeves and their budgets in the quote asset.</summary>
    public IReadOnlyList<SleeveBudget> Sleeves { get; init; } = [];

    /// <summary>Gets the capital committed by open positions (spot value, perpetual margin).</summary>
    public decimal DeployedCapital => Derive().Deployed;

    /// <summary>Gets the capital held for entry orders in flight.</summary>
    public decimal ReservedCapital
    {
        get
        {
            decimal sum = 0m;
            var reservations = Reservations;
            for (var i = 0; i < reservations.Count; i++)
            {
                sum += reservations[i].Margin;
            }

            return sum;
        }
    }

    /// <summary>Gets equity less deployed and reserved capital: what a new entry may spend.</summary>
    public decimal AvailableCapital => Equity - DeployedCapital - ReservedCapital;

    /// <summary>Gets the notional of open positions plus entry orders in flight.</summary>
    public decimal GrossExposure => Derive().Notional + ReservedNotional(null);

    /// <summary>Gets the number of open positions.</summary>
    public int OpenPositionCount => Positions.Count;

    /// <summary>Gets the number of orders in flight that open a new position.</summary>
    public int PendingOpenCount
    {
        get
        {
            var count = 0;
            var reservations = Reservations;
            for (var i = 0; i < reservations.Count; i++)
            {
                if (reservations[i].Intent == ProposalIntent.Open)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Gets the drawdown from <see cref="PeakEquity"/>, in percent (0 at or above the peak).</summary>
    public decimal DrawdownPercent =>
        PeakEquity is { } peak && peak > 0m && Equity < peak ? (peak - Equity) * 100m / peak : 0m;

    /// <summary>Gets the change of equity since <see cref="DayStartEquity"/>, in percent (negative for a loss).</summary>
    public decimal DailyReturnPercent =>
        DayStartEquity is { } start && start > 0m ? (Equity - start) * 100m / start : 0m;

    /// <summary>Gets a pair's exposure: notional of its open positions plus its entry orders in flight.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The exposure, in the quote asset.</returns>
    public decimal ExposureOf(TradingPair pair) => Derive().NotionalOf(pair) + ReservedNotional(pair);

    /// <summary>Gets a correlation group's exposure: the sum of its pairs' exposures.</summary>
    /// <param name="group">The correlation group.</param>
    /// <returns>The exposure, in the quote asset.</returns>
    public decimal ExposureOfGroup(string group) =>
        group is null
            ? Pairs.Values.Where(c => c.CorrelationGroup is null).Sum(c => ExposureOf(c.Pair))
            : Derive().GroupExposure(this, group);

    /// <summary>Gets the capital a sleeve has committed and reserved.</summary>
    /// <param name="sleeve">The sleeve.</param>
    /// <returns>Margin of its open positions plus margin reserved for its entry orders.</returns>
    public decimal CapitalUsedBy(StrategyId sleeve)
    {
        decimal reserved = 0m;
        var reservations = Reservations;
        for (var i = 0; i < reservations.Count; i++)
        {
            var reservation = reservations[i];
            if (reservation.Sleeve == sleeve)
            {
                reserved += reservation.Margin;
            }
        }

        return Derive().MarginOf(sleeve) + reserved;
    }

    /// <summary>Gets the leverage positions in <paramref name="pair"/> use (1 when the pair is unknown or spot).</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The leverage.</returns>
    public decimal LeverageOf(TradingPair pair) => Pairs.TryGetValue(pair, out var config) ? config.Leverage : 1m;

    /// <summary>Finds an open position.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The position, or <see langword="null"/>.</returns>
    public Position? FindPosition(PositionId id)
    {
        if (_positions is OpenPositionList { IsMaterialized: false } deferred)
        {
            return deferred.Find(id);
        }

        if (PositionIndex is { } index)
        {
            return index.TryGetValue(id, out var slot) && slot < _positions.Count && _positions[slot] is { } found && found.Id == id ? found : null;
        }

        for (var positionIndex = 0; positionIndex < Positions.Count; positionIndex++)
        {
            var position = Positions[positionIndex];
            if (position.Id == id)
            {
                return position;
            }
        }

        return null;
    }

    /// <summary>The notional of entry reservations (of one pair, or all when null), summed in order from zero as LINQ's Sum did.</summary>
    private decimal ReservedNotional(TradingPair? pair)
    {
        decimal sum = 0m;
        var reservations = Reservations;
        for (var i = 0; i < reservations.Count; i++)
        {
            var reservation = reservations[i];
            if (reservation.IsEntry && (pair is not { } only || reservation.Pair == only))
            {
                sum += reservation.Notional;
            }
        }

        return sum;
    }

    /// <summary>The sums over <see cref="Positions"/>, computed in one pass the first time one is needed (again if a copy changed the positions or pairs).</summary>
    private Derived Derive()
    {
        var derived = Volatile.Read(ref _derived.Value);
        if (derived is null || !ReferenceEquals(derived.Positions, Positions) || !ReferenceEquals(derived.Reservations, Reservations) || !ReferenceEquals(derived.Pairs, Pairs))
        {
            derived = new Derived(Positions, Reservations, Pairs);
            Volatile.Write(ref _derived.Value, derived);
        }

        return derived;
    }

    /// <summary>
    /// Sums over the open positions. Every sum adds the same values in the same order as the LINQ definition it
    /// replaces (positions in list order, starting from zero), so every digit is the same. Immutable once built; a
    /// snapshot publishes it with one reference write, so concurrent readers at worst build it twice.
    /// </summary>
    private sealed class Derived
    {
        // Correlation groups' exposures, created on the first question (most snapshots are never asked one).
        private Dictionary<string, decimal>? _groups;
        private Dictionary<TradingPair, decimal>? _notionalByPair;
        private Dictionary<StrategyId, decimal>? _marginBySleeve;

        public Derived(IReadOnlyList<Position> positions, IReadOnlyList<Reservation> reservations, IReadOnlyDictionary<TradingPair, PairConfig> pairs)
        {
            (Positions, Reservations, Pairs) = (positions, reservations, pairs);
            if (positions is OpenPositionList { IsMaterialized: false } deferred)
            {
                // The same sums from the ledger's positions, without building their views.
                (Deployed, Notional) = deferred.Totals();
                return;
            }

            decimal deployed = 0m, notional = 0m;
            for (var positionIndex = 0; positionIndex < positions.Count; positionIndex++)
            {
                var position = positions[positionIndex];
                deployed += position.MarginUsed;
                notional += position.Notional;
            }

            (Deployed, Notional) = (deployed, notional);
        }

        public IReadOnlyList<Position> Positions { get; }

        public IReadOnlyList<Reservation> Reservations { get; }

        public IReadOnlyDictionary<TradingPair, PairConfig> Pairs { get; }

        public decimal Deployed { get; }

        public decimal Notional { get; }

        public decimal NotionalOf(TradingPair pair)
        {
            if (Positions is OpenPositionList { IsMaterialized: false } deferred)
            {
                return deferred.NotionalOf(pair);
            }

            var byPair = Volatile.Read(ref _notionalByPair);
            if (byPair is null)
            {
                byPair = new Dictionary<TradingPair, decimal>(Math.Min(Positions.Count, Pairs.Count));
                for (var positionIndex = 0; positionIndex < Positions.Count; positionIndex++)
                {
                    var position = Positions[positionIndex];
                    CollectionsMarshal.GetValueRefOrAddDefault(byPair, position.Pair, out _) += position.Notional;
                }

                Volatile.Write(ref _notionalByPair, byPair);
            }

            return byPair.GetValueOrDefault(pair);
        }

        public decimal MarginOf(StrategyId sleeve)
        {
            if (Positions is OpenPositionList { IsMaterialized: false } deferred)
            {
                return deferred.MarginOf(sleeve);
            }

            var bySleeve = Volatile.Read(ref _marginBySleeve);
            if (bySleeve is null)
            {
                bySleeve = [];
                for (var positionIndex = 0; positionIndex < Positions.Count; positionIndex++)
                {
                    var position = Positions[positionIndex];
                    CollectionsMarshal.GetValueRefOrAddDefault(bySleeve, position.Strategy, out _) += position.MarginUsed;
                }

                Volatile.Write(ref _marginBySleeve, bySleeve);
            }

            return bySleeve.GetValueOrDefault(sleeve);
        }

        /// <summary>A correlation group's exposure: its pairs' exposures summed in <see cref="Pairs"/> order, once per group.</summary>
        public decimal GroupExposure(PortfolioSnapshot snapshot, string group)
        {
            var groups = Volatile.Read(ref _groups);
            if (groups is null)
            {
                _ = Interlocked.CompareExchange(ref _groups, new Dictionary<string, decimal>(StringComparer.Ordinal), null);
                groups = _groups;
            }

            lock (groups)
            {
                if (groups.TryGetValue(group, out var cached))
                {
                    return cached;
                }
            }

            decimal sum = 0m;
            foreach (var config in Pairs.Values)
            {
                if (string.Equals(config.CorrelationGroup, group, StringComparison.Ordinal))
                {
                    sum += snapshot.ExposureOf(config.Pair);
                }
            }

            lock (groups)
            {
                groups[group] = sum;
            }

            return sum;
        }
    }

    /// <summary>Holds the cached sums; every slot equals every other, so the cache never affects the record's equality.</summary>
    private struct DerivedSlot : IEquatable<DerivedSlot>
    {
        public Derived? Value;

        public readonly bool Equals(DerivedSlot other) => true;

        public override readonly bool Equals(object? obj) => obj is DerivedSlot;

        public override readonly int GetHashCode() => 0;
    }
}
