using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>The portfolio's capital, P&amp;L, exposure and concentration at one instant, with per-pair and per-strategy breakdowns.</summary>
/// <remarks>
/// Immutable and thread-safe. Amounts are in the portfolio's quote asset. Identities that always hold exactly:
/// <c>TotalCapital = Cash + value of spot positions + unrealized P&amp;L of perpetuals = AvailableCapital + DeployedCapital
/// = InitialCapital + TotalPnl</c>, and the per-pair and per-strategy amounts each sum to the portfolio's.
/// </remarks>
public sealed record PortfolioMetrics
{
    internal PortfolioMetrics()
    {
    }

    /// <summary>Gets when the metrics were taken (from the ledger's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the starting capital.</summary>
    public required decimal InitialCapital { get; init; }

    /// <summary>Gets the equity: cash plus the value of spot positions plus the unrealized P&amp;L of perpetual positions.</summary>
    public required decimal TotalCapital { get; init; }

    /// <summary>Gets the quote-asset balance (the wallet balance, for perpetual margin).</summary>
    public required decimal Cash { get; init; }

    /// <summary>Gets the capital free for new positions: equity minus <see cref="DeployedCapital"/>. Negative means margin is short.</summary>
    public required decimal AvailableCapital { get; init; }

    /// <summary>Gets the capital committed to open positions: spot value plus perpetual margin (notional ÷ leverage).</summary>
    public required decimal DeployedCapital { get; init; }

    /// <summary>Gets the number of open positions.</summary>
    public required int ActivePositions { get; init; }

    /// <summary>Gets the number of closed positions.</summary>
    public required int ClosedPositions { get; init; }

    /// <summary>Gets realized P&amp;L net of all fees.</summary>
    public required decimal RealizedPnl { get; init; }

    /// <summary>Gets unrealized P&amp;L of open positions at their pairs' latest prices.</summary>
    public required decimal UnrealizedPnl { get; init; }

    /// <summary>Gets realized plus unrealized P&amp;L.</summary>
    public decimal TotalPnl => RealizedPnl + UnrealizedPnl;

    /// <summary>Gets all fees paid, in the quote asset.</summary>
    public required decimal FeesPaid { get; init; }

    /// <summary>Gets <see cref="TotalPnl"/> as a percentage of <see cref="InitialCapital"/>.</summary>
    public required decimal TotalReturnPercent { get; init; }

    /// <summary>Gets the sum of open positions' notionals.</summary>
    public required decimal GrossExposure { get; init; }

    /// <summary>Gets long notional minus short notional.</summary>
    public required decimal NetExposure { get; init; }

    /// <summary>Gets <see cref="GrossExposure"/> as a percentage of equity (0 when equity is not positive).</summary>
    public required decimal GrossExposurePercent { get; init; }

    /// <summary>Gets the largest pair's share of gross exposure, in percent (0 with no open positions).</summary>
    public required decimal ConcentrationPercent { get; init; }

    /// <summary>Gets the three largest pairs' combined share of gross exposure, in percent.</summary>
    public required decimal Top3ConcentrationPercent { get; init; }

    /// <summary>Gets closed positions with positive realized P&amp;L as a percentage of closed positions (0 when none closed).</summary>
    public required decimal WinRatePercent { get; init; }

    /// <summary>Gets the breakdown by pair, in pair order.</summary>
    public required IReadOnlyList<PnlAttribution<TradingPair>> ByPair { get; init; }

    /// <summary>Gets the breakdown by strategy (sleeve), in id order.</summary>
    public required IReadOnlyList<PnlAttribution<StrategyId>> ByStrategy { get; init; }
}
