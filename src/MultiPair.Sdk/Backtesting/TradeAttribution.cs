namespace MultiPair.Sdk.Backtesting;

/// <summary>The closed trades and net P&amp;L attributed to one key: a pair or a sleeve (strategy).</summary>
/// <typeparam name="TKey">The key type: a <see cref="Markets.TradingPair"/> or a <see cref="Portfolio.StrategyId"/>.</typeparam>
/// <remarks>Immutable and thread-safe. Over all keys, the counts and amounts sum exactly to the totals of <see cref="BacktestStatistics"/>.</remarks>
/// <param name="Key">The pair or sleeve.</param>
/// <param name="TradeCount">Closed trades.</param>
/// <param name="WinningTrades">Trades with positive net P&amp;L.</param>
/// <param name="LosingTrades">Trades with negative net P&amp;L.</param>
/// <param name="Pnl">Net P&amp;L of the trades (after fees).</param>
/// <param name="Fees">Fees the trades paid.</param>
public sealed record TradeAttribution<TKey>(TKey Key, int TradeCount, int WinningTrades, int LosingTrades, decimal Pnl, decimal Fees);
