namespace MultiPair.Cli;

/// <summary>Part of the JSON result (<see cref="ReportDocument"/>).</summary>
internal sealed record PairView(string Pair, string Status, decimal Deployed, int Trades, int Wins, decimal Pnl, decimal Fees, decimal ReturnPercent);
