namespace MultiPair.Cli;

/// <summary>Part of the JSON result (<see cref="ReportDocument"/>).</summary>
internal sealed record TradeView(string Pair, string Sleeve, string Side, DateTimeOffset EntryTime, decimal EntryPrice, DateTimeOffset ExitTime, decimal ExitPrice, decimal Quantity, decimal Fees, decimal Pnl, string? ExitReason);
