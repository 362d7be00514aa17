namespace MultiPair.Sdk.Portfolio;

/// <summary>P&amp;L and exposure attributed to one key: a pair or a strategy (sleeve).</summary>
/// <typeparam name="TKey">The key type: a <see cref="Markets.TradingPair"/> or a <see cref="StrategyId"/>.</typeparam>
/// <remarks>Immutable and thread-safe. Over all keys, every amount sums exactly to the portfolio's.</remarks>
/// <param name="Key">The pair or strategy.</param>
/// <param name="ActivePositions">Open positions.</param>
/// <param name="ClosedPositions">Closed positions.</param>
/// <param name="RealizedPnl">Realized P&amp;L net of fees.</param>
/// <param name="UnrealizedPnl">Unrealized P&amp;L of open positions.</param>
/// <param name="FeesPaid">Fees paid, in the quote asset.</param>
/// <param name="Exposure">Notional of open positions (gross, always positive).</param>
/// <param name="MarginUsed">Capital committed by open positions.</param>
/// <param name="WinningPositions">Closed positions with positive realized P&amp;L.</param>
public sealed record PnlAttribution<TKey>(
    TKey Key,
    int ActivePositions,
    int ClosedPositions,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    decimal FeesPaid,
    decimal Exposure,
    decimal MarginUsed,
    int WinningPositions)
{
    /// <summary>Gets realized plus unrealized P&amp;L.</summary>
    public decimal TotalPnl => RealizedPnl + UnrealizedPnl;

    /// <summary>Gets winning closed positions as a percentage of closed positions (0 when none closed).</summary>
    public decimal WinRatePercent => ClosedPositions == 0 ? 0m : WinningPositions * 100m / ClosedPositions;
}
