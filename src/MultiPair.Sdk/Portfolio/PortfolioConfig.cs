using System.Globalization;

namespace MultiPair.Sdk.Portfolio;

/// <summary>Portfolio-wide settings of the ledger: capital and the limits its risk views check.</summary>
/// <remarks>
/// Immutable and thread-safe. Percentages are in percent units (<c>5</c> means 5 %). "Position size" is the
/// capital a position commits (its full value on spot, its margin on perpetuals); "exposure" is its notional
/// (quantity × price), so leverage counts in exposure limits.
/// </remarks>
public sealed record PortfolioConfig
{
    /// <summary>Gets the starting capital, in the quote asset.</summary>
    /// <value>Required; must be positive.</value>
    public required decimal TotalCapital { get; init; }

    /// <summary>Gets the asset the portfolio keeps its cash and P&amp;L in; every registered pair must be quoted in it.</summary>
    /// <value>The default value is <c>USDT</c>.</value>
    public string QuoteAsset { get; init; } = "USDT";

    /// <summary>Gets the largest capital one position may commit, as a percentage of equity.</summary>
    /// <value>The default value is 5. Range (0, 100].</value>
    public decimal MaxPositionSizePercent { get; init; } = 5m;

    /// <summary>Gets the most positions that may be open at once.</summary>
    /// <value>The default value is 10. At least 1.</value>
    public int MaxPositions { get; init; } = 10;

    /// <summary>Gets the largest exposure (notional) of one correlation group, as a percentage of equity.</summary>
    /// <value>The default value is 20. Positive; may exceed 100 with leverage.</value>
    public decimal MaxCorrelatedExposurePercent { get; init; } = 20m;

    /// <summary>
    /// Gets the drift tolerance: a position whose weight differs from its pair's target weight by more than this
    /// percentage <em>of the target</em> is reported by <see cref="IPortfolioManager.GetRebalanceActions"/>.
    /// </summary>
    /// <value>The default value is 10 (a 5 % target drifts outside 4.5 %–5.5 %). Positive.</value>
    public decimal RebalanceThresholdPercent { get; init; } = 10m;

    /// <summary>Gets the loss, as a percentage of <see cref="TotalCapital"/>, at which the portfolio should be liquidated.</summary>
    /// <value>The default value is 10 (liquidate at a total return of −10 % or worse). Range (0, 100].</value>
    public decimal EmergencyLiquidationLossPercent { get; init; } = 10m;

    /// <summary>Checks every setting and lists every problem found.</summary>
    /// <returns>The problems; empty when the configuration is valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TotalCapital <= 0m)
        {
            errors.Add(Invalid(nameof(TotalCapital), TotalCapital, "must be positive"));
        }

        if (!AssetName.IsValid(QuoteAsset))
        {
            errors.Add($"{nameof(QuoteAsset)} '{QuoteAsset}' must be a non-empty asset name of letters and digits.");
        }

        if (MaxPositionSizePercent is <= 0m or > 100m)
        {
            errors.Add(Invalid(nameof(MaxPositionSizePercent), MaxPositionSizePercent, "must be in (0, 100]"));
        }

        if (MaxPositions < 1)
        {
            errors.Add(Invalid(nameof(MaxPositions), MaxPositions, "must be at least 1"));
        }

        if (MaxCorrelatedExposurePercent <= 0m)
        {
            errors.Add(Invalid(nameof(MaxCorrelatedExposurePercent), MaxCorrelatedExposurePercent, "must be positive"));
        }

        if (RebalanceThresholdPercent <= 0m)
        {
            errors.Add(Invalid(nameof(RebalanceThresholdPercent), RebalanceThresholdPercent, "must be positive"));
        }

        if (EmergencyLiquidationLossPercent is <= 0m or > 100m)
        {
            errors.Add(Invalid(nameof(EmergencyLiquidationLossPercent), EmergencyLiquidationLossPercent, "must be in (0, 100]"));
        }

        return errors;
    }

    internal static string Invalid<T>(string name, T value, string rule)
        where T : IFormattable =>
        $"{name} is {value.ToString(null, CultureInfo.InvariantCulture)}; it {rule}.";
}
