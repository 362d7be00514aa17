namespace MultiPair.Sdk.Portfolio;

/// <summary>What the risk gate reads from the ledger for one snapshot (see <see cref="PortfolioManager.GetRiskView"/>).</summary>
/// <param name="Equity">Equity, exactly as the metrics give it.</param>
/// <param name="Cash">Cash.</param>
/// <param name="Positions">Open positions, pair-then-id order.</param>
/// <param name="ClosedPositions">Positions closed since the given time, oldest close first.</param>
internal sealed record RiskView(decimal Equity, decimal Cash, IReadOnlyList<Position> Positions, IReadOnlyList<Position> ClosedPositions);
