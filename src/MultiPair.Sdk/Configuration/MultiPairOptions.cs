using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Simulation;

namespace MultiPair.Sdk.Configuration;

/// <summary>
/// Everything <c>services.AddMultiPairTrading(configuration)</c> builds a portfolio from: the portfolio's limits, its pairs
/// (every spelling users have: <c>"BTCUSDT"</c>, <c>"BTC,ETH,SOL"</c>, a list, or "safe list" objects), sleeves, the allocation,
/// risk rules and protections by name, and the engine, executor, simulator and exchange settings.
/// </summary>
/// <remarks>
/// Mutable so it can be bound from configuration (section <see cref="SectionName"/>) and changed by
/// <c>Configure</c> actions; every problem is reported at start in one <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>.
/// A single pair is a one-pair portfolio. Not thread-safe while being configured; read-only afterwards.
/// </remarks>
public sealed class MultiPairOptions
{
    /// <summary>The configuration section the options are usually bound from.</summary>
    public const string SectionName = "MultiPair";

    /// <summary>
    /// Binds options from a configuration section exactly as <c>services.AddMultiPairTrading(configuration)</c> does (every
    /// <c>Pairs</c> form, risk-rule parameters); problems binding values are kept and reported when the portfolio is built
    /// (<see cref="Backtesting.BacktestOptions.FromConfiguration"/>, or a host's start).
    /// </summary>
    /// <param name="section">The section, usually <c>configuration.GetSection("MultiPair")</c>.</param>
    /// <returns>The bound options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="section"/> is null.</exception>
    public static MultiPairOptions FromConfiguration(Microsoft.Extensions.Configuration.IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = new MultiPairOptions();
        PairListBinder.Bind(section, options);
        return options;
    }

    /// <summary>Gets or sets the portfolio-wide settings: capital, quote asset, limits.</summary>
    /// <value>The default value is a <see cref="PortfolioOptions"/> with its defaults.</value>
    public PortfolioOptions Portfolio { get; set; } = new();

    /// <summary>Gets the pairs to trade. Configuration accepts a string (<c>"BTCUSDT"</c>, <c>"BTC,ETH,SOL"</c>; a bare base asset takes <see cref="PortfolioOptions.QuoteAsset"/>), a list of strings or objects, or an object keyed by symbol.</summary>
    /// <value>The default value is empty; at least one enabled pair is required.</value>
    public IList<PairOptions> Pairs { get; } = [];

    /// <summary>Gets or sets the strategy of pairs that name none (a name in the strategy registry).</summary>
    /// <value>The default value is <c>ema-cross</c>.</value>
    public string Strategy { get; set; } = "ema-cross";

    /// <summary>Gets the strategy parameters of pairs that name no strategy (strings by name).</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, string> StrategyParameters { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the timeframe of the bars the engine is fed (and market data is subscribed in), for example <c>1m</c> or <c>1h</c>.</summary>
    /// <value>The default value is <c>1h</c>.</value>
    public string Timeframe { get; set; } = "1h";

    /// <summary>Gets per-tier defaults (for example <c>STABLE</c>, <c>VOLATILE</c>, <c>MEME</c>) that pairs of the tier inherit unless they set their own.</summary>
    /// <value>The default value is empty. A pair naming a tier that is not listed here is an error.</value>
    public IDictionary<string, TierOptions> Tiers { get; } = new Dictionary<string, TierOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the sleeves (named capital budgets owning strategies); empty for one shared budget.</summary>
    /// <value>The default value is empty.</value>
    public IList<SleeveOptions> Sleeves { get; } = [];

    /// <summary>Gets or sets the allocation strategy by name (<c>equal-weight</c>, <c>confidence-weighted</c>, <c>fixed-fraction</c>, <c>pair-weight</c>, <c>risk-parity</c>, <c>inverse-volatility</c>) with its settings.</summary>
    /// <value>The default value is <c>equal-weight</c> with a budget of 100 % ÷ <see cref="PortfolioOptions.MaxPositions"/> per position.</value>
    public ComponentOptions Allocation { get; set; } = new() { Name = "equal-weight" };

    /// <summary>Gets the risk rules and protections by name (for example <c>MaxGrossExposure</c>, <c>StopLossGuard</c>) with their settings, evaluated after the rules the portfolio settings imply.</summary>
    /// <value>The default value is empty.</value>
    public IList<ComponentOptions> RiskRules { get; } = [];

    /// <summary>Gets or sets the risk gate's own settings (conflict policy, daily reset hour, fee reserve). Sleeves come from <see cref="Sleeves"/>.</summary>
    /// <value>The default value is a <see cref="GateOptions"/> with its defaults.</value>
    public GateOptions Gate { get; set; } = new();

    /// <summary>Gets or sets the engine's settings.</summary>
    /// <value>The default value is <see cref="PortfolioEngineOptions"/>'s defaults.</value>
    public PortfolioEngineOptions Engine { get; set; } = new();

    /// <summary>Gets or sets the entry coordinator's settings.</summary>
    /// <value>The default value is <see cref="CoordinatorOptions"/>'s defaults.</value>
    public CoordinatorOptions Coordinator { get; set; } = new();

    /// <summary>Gets or sets the order executor's settings (used when orders go through an <see cref="Exchanges.IOrderApi"/>).</summary>
    /// <value>The default value is <see cref="OrderExecutorOptions"/>'s defaults.</value>
    public OrderExecutorOptions Executor { get; set; } = new();

    /// <summary>Gets or sets the simulated exchange's settings (fees, slippage, liquidity), used by <c>UseSimulatedExchange</c>.</summary>
    /// <value>The default value is <see cref="SimulatedExchangeOptions"/>'s defaults.</value>
    public SimulatedExchangeOptions Simulation { get; set; } = new();

    /// <summary>Gets or sets which exchange and account the portfolio trades, in which mode; it tags the portfolio store.</summary>
    /// <value>The default value is paper trading on the simulated exchange.</value>
    public ExchangeSelectionOptions Exchange { get; set; } = new();

    /// <summary>Gets problems found while binding configuration (values of the wrong type, unknown pair settings), reported by validation.</summary>
    internal List<string> BindingProblems { get; } = [];
}
