namespace MultiPair.Sdk.Configuration;

/// <summary>Portfolio-wide settings: capital, quote asset and the limits that become risk rules.</summary>
/// <remarks>Percentages are in percent units (<c>5</c> means 5 %). Mutable for binding; not thread-safe while configured.</remarks>
public sealed class PortfolioOptions
{
    /// <summary>Gets or sets the starting capital, in the quote asset.</summary>
    /// <value>The default value is 10,000. Positive.</value>
    public decimal TotalCapital { get; set; } = 10_000m;

    /// <summary>Gets or sets the quote asset: the portfolio's cash, and the quote a bare base asset such as <c>BTC</c> in <see cref="MultiPairOptions.Pairs"/> takes.</summary>
    /// <value>The default value is <c>USDT</c>.</value>
    public string QuoteAsset { get; set; } = "USDT";

    /// <summary>Gets or sets the most positions open at once (enforced by a <c>MaxPositions</c> rule).</summary>
    /// <value>The default value is 5. At least 1.</value>
    public int MaxPositions { get; set; } = 5;

    /// <summary>Gets or sets the largest capital one position may commit, as a percentage of equity (enforced by a <c>MaxPositionSize</c> rule).</summary>
    /// <value>The default value is <see langword="null"/>: 100 ÷ <see cref="MaxPositions"/>. Range (0, 100].</value>
    public decimal? MaxPositionSizePercent { get; set; }

    /// <summary>Gets or sets the target capital of a position in a pair that sets none, as a percentage of equity.</summary>
    /// <value>The default value is <see langword="null"/>: the same as the maximum position size. Range (0, 100].</value>
    public decimal? DefaultPositionSizePercent { get; set; }

    /// <summary>Gets or sets the highest leverage any pair may use.</summary>
    /// <value>The default value is 20. Range [1, 125].</value>
    public decimal MaxLeverage { get; set; } = 20m;

    /// <summary>Gets or sets the largest exposure of one correlation group, as a percentage of equity (enforced by a <c>CorrelatedExposure</c> rule when any pair has a group).</summary>
    /// <value>The default value is 50. Positive.</value>
    public decimal MaxCorrelatedExposurePercent { get; set; } = 50m;

    /// <summary>Gets or sets the largest gross exposure (sum of notionals), as a percentage of equity; <see langword="null"/> for no such rule.</summary>
    /// <value>The default value is <see langword="null"/>. When set, positive.</value>
    public decimal? MaxGrossExposurePercent { get; set; }

    /// <summary>Gets or sets the loss in one trading day, as a percentage of the day's starting equity, at which new entries stop; <see langword="null"/> for none.</summary>
    /// <value>The default value is 5. When set, range (0, 100].</value>
    public decimal? DailyLossLimitPercent { get; set; } = 5m;

    /// <summary>Gets or sets the drawdown from peak equity, in percent, from which entries are halved (a <c>DrawdownThrottle</c> rule with <see cref="DrawdownHaltPercent"/>); <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public decimal? DrawdownReducePercent { get; set; }

    /// <summary>Gets or sets the drawdown from peak equity, in percent, at which trading halts; <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>. When both are set, greater than <see cref="DrawdownReducePercent"/>.</value>
    public decimal? DrawdownHaltPercent { get; set; }

    /// <summary>Gets or sets the drift tolerance reported by the ledger's rebalance view, in percent of the target weight.</summary>
    /// <value>The default value is 10. Positive.</value>
    public decimal RebalanceThresholdPercent { get; set; } = 10m;

    /// <summary>Gets or sets the loss, in percent of the starting capital, at which the portfolio should be liquidated.</summary>
    /// <value>The default value is 10. Range (0, 100].</value>
    public decimal EmergencyLiquidationLossPercent { get; set; } = 10m;
}
