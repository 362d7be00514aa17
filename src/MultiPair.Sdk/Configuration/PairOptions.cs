using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Configuration;

/// <summary>
/// One pair's "safe list" entry: its symbol, strategy and parameters, tier, leverage, limits, correlation group and
/// whether it trades. Unset values come from its tier, then from the portfolio's defaults.
/// </summary>
/// <remarks>Mutable for binding. Configuration also accepts the snake_case names of safe lists (<c>params</c>, <c>max_position_size_usd</c>, <c>correlation_group</c>).</remarks>
public sealed class PairOptions
{
    /// <summary>Gets or sets the pair in any spelling: <c>BTC/USDT</c>, <c>BTCUSDT</c>, <c>btc-usdt</c>, or a bare base asset (<c>BTC</c>) quoted in the portfolio's quote asset.</summary>
    /// <value>Required.</value>
    public string? Symbol { get; set; }

    /// <summary>Gets or sets a value indicating whether the pair trades; a disabled pair is not run at all.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the strategy by registry name; <see langword="null"/> for <see cref="MultiPairOptions.Strategy"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Strategy { get; set; }

    /// <summary>Gets the strategy's parameters (strings by name); when the pair names no strategy they are merged over <see cref="MultiPairOptions.StrategyParameters"/>.</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the strategy id (sleeve) the pair's signals carry; <see langword="null"/> for the default strategy id.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? StrategyId { get; set; }

    /// <summary>Gets or sets the tier whose defaults the pair inherits (a key of <see cref="MultiPairOptions.Tiers"/>).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Tier { get; set; }

    /// <summary>Gets or sets the market.</summary>
    /// <value>The default value is <see langword="null"/>: the tier's, else <see cref="MarketType.Spot"/>.</value>
    public MarketType? MarketType { get; set; }

    /// <summary>Gets or sets the leverage.</summary>
    /// <value>The default value is <see langword="null"/>: the tier's, else 1. At most <see cref="PortfolioOptions.MaxLeverage"/>.</value>
    public decimal? Leverage { get; set; }

    /// <summary>Gets or sets the target capital of a position, as a percentage of equity.</summary>
    /// <value>The default value is <see langword="null"/>: the tier's, else the portfolio's default position size.</value>
    public decimal? PositionSizePercent { get; set; }

    /// <summary>Gets or sets the largest notional of one position, in the quote asset (<c>max_position_size_usd</c> in safe lists).</summary>
    /// <value>The default value is <see langword="null"/>: the tier's, else no cap.</value>
    public decimal? MaxPositionSizeQuote { get; set; }

    /// <summary>Gets or sets the trailing stop distance, in percent.</summary>
    /// <value>The default value is <see langword="null"/>: the tier's, else none.</value>
    public decimal? TrailingStopPercent { get; set; }

    /// <summary>Gets or sets the correlation group whose combined exposure is limited.</summary>
    /// <value>The default value is <see langword="null"/>: none.</value>
    public string? CorrelationGroup { get; set; }

    /// <summary>Gets or sets how long the pair may go without data before it is stale.</summary>
    /// <value>The default value is <see langword="null"/>: two primary bars.</value>
    public TimeSpan? StalenessLimit { get; set; }
}
