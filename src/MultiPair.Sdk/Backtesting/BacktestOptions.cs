using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;

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
}
