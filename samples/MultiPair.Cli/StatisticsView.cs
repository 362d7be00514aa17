namespace MultiPair.Cli;

/// <summary>Part of the JSON result (<see cref="ReportDocument"/>).</summary>
internal sealed record StatisticsView(double TotalReturn, double? Cagr, double? Sharpe, double? Sortino, double MaxDrawdown, TimeSpan MaxDrawdownDuration, double? Calmar, double? WinRate, double? ProfitFactor, decimal? Expectancy, double ExposureTime, int Trades, decimal Fees);
