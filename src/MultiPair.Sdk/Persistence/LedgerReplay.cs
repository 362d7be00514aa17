using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Persistence;

/// <summary>Rebuilds a ledger from its journaled <see cref="LedgerEntry"/> records: the same calls in the same order give the same positions, cash, P&amp;L and metrics, to the last decimal.</summary>
public static class LedgerReplay
{
    /// <summary>
    /// Creates a ledger, registers <paramref name="pairs"/> and replays <paramref name="entries"/> with the ledger's
    /// clock pinned to each entry's time (so open and close times are the original ones); afterwards the ledger
    /// runs on <paramref name="timeProvider"/>.
    /// </summary>
    /// <param name="config">The portfolio configuration the entries were written under.</param>
    /// <param name="pairs">The pairs, registered in this order (the order the original ledger registered them, for bit-identical sums).</param>
    /// <param name="entries">The entries, in sequence order.</param>
    /// <param name="timeProvider">The clock after the replay; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The rebuilt ledger.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The configuration or a pair is invalid.</exception>
    /// <exception cref="PortfolioStoreException">An entry does not apply (<see cref="StoreErrorKind.ReplayFailed"/>).</exception>
    public static PortfolioManager Rebuild(PortfolioConfig config, IEnumerable<PairConfig> pairs, IEnumerable<LedgerEntry> entries, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(entries);
        var clock = new ReplayTimeProvider(timeProvider ?? TimeProvider.System);
        var ledger = new PortfolioManager(config, clock);
        foreach (var pair in pairs)
        {
            var registered = ledger.RegisterPair(pair);
            if (!registered.IsSuccess)
            {
                throw new ArgumentException($"Pair {pair?.Pair} cannot be registered: {registered.Error}", nameof(pairs));
            }
        }

        try
        {
            Apply(ledger, entries, clock);
        }
        finally
        {
            clock.Release();
        }

        return ledger;
    }

    /// <summary>Replays <paramref name="entries"/> onto <paramref name="ledger"/>, whose pairs must be registered. Times are stamped by the ledger's own clock; use <see cref="Rebuild"/> to keep the original times.</summary>
    /// <param name="ledger">The ledger; discard it if this throws (the entries before the failing one were applied).</param>
    /// <param name="entries">The entries, in sequence order.</param>
    /// <returns>How many entries were applied.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="PortfolioStoreException">An entry does not apply (<see cref="StoreErrorKind.ReplayFailed"/>).</exception>
    public static int Apply(IPortfolioManager ledger, IEnumerable<LedgerEntry> entries) => Apply(ledger, entries, clock: null);

    internal static int Apply(IPortfolioManager ledger, IEnumerable<LedgerEntry> entries, ReplayTimeProvider? clock)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(entries);
        var applied = 0;
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            clock?.Pin(entry.Time);
            var error = ApplyOne(ledger, entry);
            if (error is not null)
            {
                throw new PortfolioStoreException(StoreErrorKind.ReplayFailed, $"Ledger entry {entry.Sequence} ({entry.Kind} {entry.PositionId} {entry.Pair}) does not replay: {error}");
            }

            applied++;
        }

        return applied;
    }

    private static LedgerError? ApplyOne(IPortfolioManager ledger, LedgerEntry entry) => entry.Kind switch
    {
        LedgerEntryKind.Open => ledger.AddPosition(new OpenPositionRequest
        {
            Id = entry.PositionId,
            Pair = entry.Pair,
            Quantity = entry.Quantity,
            EntryPrice = entry.Price,
            Side = entry.Side,
            Strategy = entry.Sleeve,
            Fee = entry.Fee,
            Leverage = entry.Leverage,
            EnforceFunds = false, // it was accepted when it happened; the ledger mirrors it
        }).Error,
        LedgerEntryKind.Increase => ledger.IncreasePosition(entry.PositionId, entry.Quantity, entry.Price, entry.Fee, enforceFunds: false).Error,
        LedgerEntryKind.Reduce => ledger.ReducePosition(entry.PositionId, entry.Quantity, entry.Price, entry.Fee, entry.ExitReason ?? ExitReason.Signal).Error,
        LedgerEntryKind.Close => ledger.ClosePosition(entry.PositionId, entry.Price, entry.Fee, entry.ExitReason ?? ExitReason.Signal).Error,
        _ => ledger.UpdatePrice(entry.Pair, entry.Price).Error,
    };
}
