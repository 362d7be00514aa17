namespace MultiPair.Sdk.Backtesting;

/// <summary>The portfolio's equity at one instant of a backtest, typically at each bar's close.</summary>
/// <remarks>Immutable and thread-safe. Money in the portfolio's quote asset.</remarks>
/// <param name="Time">The instant.</param>
/// <param name="Equity">The total capital: cash plus the value of spot positions plus the unrealized P&amp;L of perpetuals.</param>
/// <param name="Cash">The quote-asset balance.</param>
/// <param name="GrossExposure">The sum of open positions' notionals (0 when flat).</param>
/// <param name="Drawdown">The fall from the running equity peak as a fraction of that peak, in [0, 1] (0 at a new peak).</param>
public readonly record struct EquityPoint(DateTimeOffset Time, decimal Equity, decimal Cash, decimal GrossExposure, double Drawdown);
