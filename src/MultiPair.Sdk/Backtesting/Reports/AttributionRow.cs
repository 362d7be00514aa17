namespace MultiPair.Sdk.Backtesting;

/// <summary>One bar of an attribution chart: a pair or a sleeve with its trades and net P&amp;L.</summary>
/// <param name="Label">The pair or sleeve name (plain text; encoded when written).</param>
/// <param name="Pnl">Net P&amp;L.</param>
/// <param name="Trades">Closed trades.</param>
/// <param name="Wins">Winning trades.</param>
/// <param name="Losses">Losing trades.</param>
/// <param name="Fees">Fees paid.</param>
internal sealed record AttributionRow(string Label, decimal Pnl, int Trades, int Wins, int Losses, decimal Fees)
{
    /// <summary>Converts attribution entries, sorted by P&amp;L, best first (ties by label, ordinal).</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="attribution">The entries.</param>
    /// <returns>The rows.</returns>
    public static IReadOnlyList<AttributionRow> Sorted<TKey>(IReadOnlyList<TradeAttribution<TKey>> attribution) =>
        attribution
            .Select(a => new AttributionRow(a.Key?.ToString() ?? string.Empty, a.Pnl, a.TradeCount, a.WinningTrades, a.LosingTrades, a.Fees))
            .OrderByDescending(r => r.Pnl)
            .ThenBy(r => r.Label, StringComparer.Ordinal)
            .ToList();
}
