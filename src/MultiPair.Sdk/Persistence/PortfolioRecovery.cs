using System.Globalization;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Persistence;

/// <summary>
/// Restart reconciliation, before any strategy runs: brings the engine back to what the store knew (positions, exit plans,
/// trailing stops, open orders), then makes it agree with the exchange — adopts the fills that happened while the process
/// was down, resolves the orders that were in flight at the crash by client id, marks those the exchange no longer has,
/// deals with orphaned orders carrying this portfolio's client-id tag, and compares positions with the ledger. An
/// unexplained difference halts the portfolio with a typed report instead of trading on wrong numbers.
/// </summary>
public static class PortfolioRecovery
{
    /// <summary>Rebuilds the ledger from the store's journal (see <see cref="LedgerReplay.Rebuild"/>).</summary>
    /// <param name="state">What the store loaded.</param>
    /// <param name="config">The portfolio settings.</param>
    /// <param name="pairs">The pairs, in their original registration order.</param>
    /// <param name="timeProvider">The live clock the ledger keeps after the replay.</param>
    /// <returns>The ledger.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PortfolioManager RebuildLedger(StoreState state, PortfolioConfig config, IReadOnlyList<PairConfig> pairs, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(state);
        return LedgerReplay.Rebuild(config, pairs, state.LedgerEntries, timeProvider);
    }

    /// <summary>Runs the reconciliation. The engine must be built on the rebuilt ledger, trade through <paramref name="executor"/>, and not run yet.</summary>
    /// <param name="state">What the store loaded.</param>
    /// <param name="engine">The engine (not running yet).</param>
    /// <param name="executor">The executor the engine sends through (with its user data stream attached, if any).</param>
    /// <param name="orders">The exchange's order capability.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the reconciliation.</param>
    /// <returns>What was found and done.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public static async Task<ReconciliationReport> ReconcileAsync(
        StoreState state,
        PortfolioEngine engine,
        OrderExecutor executor,
        IOrderApi orders,
        RecoveryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(orders);
        options ??= new RecoveryOptions();

        // 1. The engine's view: exit plans, trailing stops, open orders as working orders.
        var open = state.OpenOrders.Where(o => o.Intent is not null).Select(o => o.Intent!.Order).ToList();
        engine.Restore(state.TrailingStops, state.ExitLevels, open);

        // 2. The executor tracks them again, fetching trades after the last one booked per pair.
        var lastTrade = new Dictionary<TradingPair, long>();
        foreach (var (pair, fill) in state.LastFills)
        {
            if (long.TryParse(fill.TradeId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                lastTrade[pair] = id;
                executor.SetLastTradeId(pair, id);
            }
        }

        foreach (var order in open)
        {
            executor.Adopt(order, engine, lastTrade.TryGetValue(order.Pair, out var last) ? last : null);
        }

        // 3. Resolve them on the exchange and book what happened while down.
        await executor.ReconcileAsync(cancellationToken).ConfigureAwait(false);
        await executor.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
        engine.ProcessPending();
        var resolved = open.Select(o => new RecoveredOrder(o.ClientOrderId, executor.GetOrder(o.ClientOrderId)?.Status)).ToList();

        // 4. Orders carrying this portfolio's tag that nothing here knows.
        var orphans = new List<ExchangeOrder>();
        var cancelled = new List<ClientOrderId>();
        var listed = await orders.GetOpenOrdersAsync(null, cancellationToken).ConfigureAwait(false);
        if (listed.TryGetValue(out var exchangeOpen))
        {
            foreach (var order in exchangeOpen)
            {
                if (!HasTag(order.ClientOrderId, options.ClientOrderIdPrefix) || executor.GetOrder(order.ClientOrderId) is not null || open.Any(o => o.ClientOrderId == order.ClientOrderId))
                {
                    continue;
                }

                orphans.Add(order);
                if (options.Orphans == OrphanPolicy.Cancel)
                {
                    var cancel = await orders.CancelOrderAsync(order.Pair, order.ClientOrderId, cancellationToken).ConfigureAwait(false);
                    if (cancel.Success || cancel.Error.Kind == ExchangeErrorKind.UnknownOrder)
                    {
                        cancelled.Add(order.ClientOrderId);
                    }
                }
            }
        }

        // 5. Positions: the exchange's against the ledger's.
        var mismatches = await ComparePositionsAsync(engine, orders, options, cancellationToken).ConfigureAwait(false);
        var report = new ReconciliationReport
        {
            Orders = resolved,
            Orphans = orphans,
            CancelledOrphans = cancelled,
            Mismatches = mismatches,
            OpenOrdersListed = listed.Success,
        };
        if (!report.IsConsistent)
        {
            engine.ProcessCommand(new EngineCommand.RestrictTrading(TradingState.Halted, "Restart reconciliation found differences: " + string.Join("; ", mismatches.Select(m => m.ToString()))));
        }

        return report;
    }

    /// <summary>Whether a client order id carries the portfolio's tag: entries <c>{prefix}-…</c>, exits and stops <c>{prefix}x-…</c>.</summary>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="prefix">The tag (<c>CoordinatorOptions.ClientOrderIdPrefix</c>).</param>
    /// <returns>True when it carries the tag.</returns>
    public static bool HasTag(ClientOrderId clientOrderId, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var value = clientOrderId.Value ?? string.Empty;
        return value.StartsWith(prefix + "-", StringComparison.Ordinal) || value.StartsWith(prefix + "x-", StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<PositionMismatch>> ComparePositionsAsync(PortfolioEngine engine, IOrderApi orders, RecoveryOptions options, CancellationToken cancellationToken)
    {
        var ledger = engine.Ledger.GetPositions()
            .Where(p => p.IsOpen)
            .GroupBy(p => p.Pair)
            .ToDictionary(g => g.Key, g => (Net: g.Sum(p => p.Side == PositionSide.Long ? p.Quantity : -p.Quantity), Market: g.First().MarketType));
        var mismatches = new List<PositionMismatch>();
        if (orders is IPositionApi positions && orders.Market != MarketType.Spot)
        {
            var read = await positions.GetPositionsAsync(cancellationToken).ConfigureAwait(false);
            if (!read.TryGetValue(out var exchange))
            {
                mismatches.Add(new PositionMismatch(default, 0m, 0m, "The exchange's positions could not be read: " + read.Error));
                return mismatches;
            }

            var net = exchange.GroupBy(p => p.Pair).ToDictionary(g => g.Key, g => g.Sum(p => p.Side == PositionSide.Long ? p.Quantity : -p.Quantity));
            foreach (var pair in ledger.Keys.Union(net.Keys))
            {
                var mine = ledger.TryGetValue(pair, out var l) ? l.Net : 0m;
                var theirs = net.GetValueOrDefault(pair);
                if (Math.Abs(mine - theirs) > options.QuantityTolerance)
                {
                    mismatches.Add(new PositionMismatch(pair, mine, theirs, "The exchange's position differs from the ledger's."));
                }
            }
        }
        else if (orders is IAccountApi account && ledger.Count > 0)
        {
            var read = await account.GetBalancesAsync(cancellationToken).ConfigureAwait(false);
            if (!read.TryGetValue(out var balances))
            {
                mismatches.Add(new PositionMismatch(default, 0m, 0m, "The exchange's balances could not be read: " + read.Error));
                return mismatches;
            }

            foreach (var (pair, held) in ledger)
            {
                var balance = balances.FirstOrDefault(b => string.Equals(b.Asset, pair.Base, StringComparison.OrdinalIgnoreCase))?.Total ?? 0m;
                if (balance + options.QuantityTolerance < held.Net)
                {
                    mismatches.Add(new PositionMismatch(pair, held.Net, balance, $"The account holds less {pair.Base} than the ledger's positions."));
                }
            }
        }

        return mismatches;
    }
}
