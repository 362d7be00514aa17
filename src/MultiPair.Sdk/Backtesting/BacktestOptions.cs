using Microsoft.Extensions.Options;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Configuration;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Backtesting;

/// <summary>Everything a multi-pair backtest runs with: the portfolio, the pairs and their strategies, the risk chain, the allocation and the simulated exchange.</summary>
/// <remarks>Immutable; rule and allocation instances must be stateless or used by one backtest only.</remarks>
public sealed record BacktestOptions
{
    /// <summary>Gets the portfolio configuration (capital, limits).</summary>
    public required PortfolioConfig Portfolio { get; init; }

    /// <summary>Gets the pairs.</summary>
    public required IReadOnlyList<BacktestPair> Pairs { get; init; }

    /// <summary>Gets the timeframe of the bars fed to the backtest.</summary>
    public required Timeframe Timeframe { get; init; }

    /// <summary>Gets the risk rules, in order.</summary>
    /// <value>The default value is empty (the gate still checks capital, sleeves and exchange filters).</value>
    public IReadOnlyList<IRiskRule> Rules { get; init; } = [];

    /// <summary>Gets the gate's settings (sleeves, conflict policy, daily reset, fee reserve).</summary>
    public RiskGateOptions Gate { get; init; } = new();

    /// <summary>Gets how capital is shared among entries.</summary>
    /// <value>The default value is <see cref="EqualWeightAllocation"/>.</value>
    public IAllocationStrategy Allocation { get; init; } = new EqualWeightAllocation();

    /// <summary>Gets the coordinator's settings.</summary>
    public CoordinatorOptions Coordinator { get; init; } = new();

    /// <summary>Gets the simulated exchange's settings (fees, slippage, latency, volume share); its instruments are taken from <see cref="Pairs"/>.</summary>
    public SimulatedExchangeOptions Exchange { get; init; } = new();

    /// <summary>Gets the engine's settings; the decision delay is irrelevant on the virtual clock.</summary>
    public PortfolioEngineOptions Engine { get; init; } = new() { DecisionDelay = TimeSpan.Zero };

    /// <summary>Gets a value indicating whether positions still open after the last bar are closed at its close (with the taker fee) so every trade is counted.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool CloseOpenPositionsAtEnd { get; init; } = true;

    /// <summary>
    /// Builds the backtest of the portfolio a <see cref="MultiPairOptions"/> describes: the same pairs (every spelling, safe-list
    /// objects, tiers, disabled pairs left out), strategies and their parameters, sleeves, sizes, allocation, risk rules (implied
    /// by the portfolio limits and configured by name), gate, engine, coordinator and simulated-exchange settings that
    /// <c>services.AddMultiPairTrading(configuration)</c> assembles for paper or live trading, so one configuration file serves
    /// both. Bind a file's section with <see cref="MultiPairOptions.FromConfiguration"/>.
    /// </summary>
    /// <param name="options">The portfolio's options.</param>
    /// <param name="strategies">The strategies by name; the built-in ones when null.</param>
    /// <returns>The backtest options (closing open positions at the end).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="OptionsValidationException">The options do not describe a valid portfolio; every problem is listed, as at a host's start.</exception>
    public static BacktestOptions FromConfiguration(MultiPairOptions options, StrategyRegistry? strategies = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var composition = MultiPairComposition.Create(options, strategies ?? StrategyRegistry.CreateDefault(), new ComponentCatalog([]));
        var pairs = new List<BacktestPair>(composition.Setups.Count);
        for (var i = 0; i < composition.Setups.Count; i++)
        {
            var setup = composition.Setups[i];
            pairs.Add(new BacktestPair { Config = composition.PairConfigs[i], Strategy = setup.Strategy, Sleeve = setup.StrategyId });
        }

        return new BacktestOptions
        {
            Portfolio = composition.Portfolio,
            Pairs = pairs,
            Timeframe = composition.Timeframe,
            Rules = composition.Rules,
            Gate = composition.GateOptions,
            Allocation = composition.Allocation,
            Coordinator = options.Coordinator ?? new CoordinatorOptions(),
            Exchange = options.Simulation ?? new SimulatedExchangeOptions(),
            Engine = options.Engine ?? new PortfolioEngineOptions(),
        };
    }
}
