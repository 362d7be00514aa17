using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Backtesting;

/// <summary>One closed round trip of a backtest (or a live run): a position from entry to full exit.</summary>
/// <remarks>Immutable and thread-safe. Prices in the quote asset, quantity in base units, money in the portfolio's quote asset.</remarks>
/// <param name="PositionId">The position's id in the ledger.</param>
/// <param name="Pair">The pair.</param>
/// <param name="Sleeve">The strategy or sleeve that opened the position.</param>
/// <param name="Side">Long or short.</param>
/// <param name="EntryTime">When the position opened.</param>
/// <param name="EntryPrice">The average entry price.</param>
/// <param name="ExitTime">When the position was fully closed.</param>
/// <param name="ExitPrice">The average exit price.</param>
/// <param name="Quantity">The quantity traded, in base units.</param>
/// <param name="Fees">Every fee the position paid, in the quote asset.</param>
/// <param name="Pnl">The realized P&amp;L, net of <paramref name="Fees"/>.</param>
/// <param name="ExitReason">Why the position was closed, when known.</param>
public sealed record TradeRecord(
    PositionId PositionId,
    TradingPair Pair,
    StrategyId Sleeve,
    PositionSide Side,
    DateTimeOffset EntryTime,
    decimal EntryPrice,
    DateTimeOffset ExitTime,
    decimal ExitPrice,
    decimal Quantity,
    decimal Fees,
    decimal Pnl,
    ExitReason? ExitReason)
{
    /// <summary>Gets how long the position was held: <see cref="ExitTime"/> minus <see cref="EntryTime"/>.</summary>
    public TimeSpan HoldingTime => ExitTime - EntryTime;
}
