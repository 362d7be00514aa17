namespace MultiPair.Sdk.Backtesting;

/// <summary>Where a running backtest is: bars processed so far and the equity after the latest bar time.</summary>
/// <remarks>Immutable.</remarks>
/// <param name="Bars">Bars processed so far.</param>
/// <param name="Equity">The equity point recorded after the latest bar time.</param>
public sealed record BacktestProgress(long Bars, EquityPoint Equity);
