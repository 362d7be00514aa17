namespace MultiPair.Cli;

/// <summary>Part of the JSON result (<see cref="ReportDocument"/>).</summary>
internal sealed record SummaryView(decimal TotalCapital, decimal DeployedCapital, decimal AvailableCapital, int ActivePositions, int ClosedTrades, double WinRatePercent, decimal TotalReturnPercent, decimal RealizedPnl, decimal UnrealizedPnl, decimal Fees);
