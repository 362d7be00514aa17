using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Backtesting;

/// <summary>What a backtest produced: trades, the equity curve, statistics and the final portfolio metrics.</summary>
/// <remarks>Immutable.</remarks>
/// <param name="Trades">Every closed trade, in close order.</param>
/// <param name="EquityCurve">Equity after each bar time.</param>
/// <param name="Statistics">Returns, risk and trade statistics, with per-pair and per-sleeve attribution.</param>
/// <param name="FinalMetrics">The ledger's metrics after the last bar.</param>
/// <param name="Bars">How many bars were processed.</param>
/// <param name="Completed">Whether the whole data set was processed (false when cancelled).</param>
public sealed record BacktestResult(
    IReadOnlyList<TradeRecord> Trades,
    IReadOnlyList<EquityPoint> EquityCurve,
    BacktestStatistics Statistics,
    PortfolioMetrics FinalMetrics,
    long Bars,
    bool Completed);
