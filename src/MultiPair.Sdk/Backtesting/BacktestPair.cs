using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Backtesting;

/// <summary>One pair of a backtest: its ledger settings, its strategy instance and its exchange filters.</summary>
/// <remarks>Immutable (the strategy instance is used by one backtest only).</remarks>
public sealed record BacktestPair
{
    /// <summary>Gets the pair's ledger settings (the pair itself, market type, leverage, sizing, trailing stop, group).</summary>
    public required PairConfig Config { get; init; }

    /// <summary>Gets the pair's strategy instance (a new one per backtest).</summary>
    public required IPairStrategy Strategy { get; init; }

    /// <summary>Gets the sleeve the pair's signals trade from.</summary>
    /// <value>The default value is <see cref="StrategyId.Default"/>.</value>
    public StrategyId Sleeve { get; init; } = StrategyId.Default;

    /// <summary>Gets the exchange filters; <see langword="null"/> for none (quantities are not rounded).</summary>
    public Instrument? Instrument { get; init; }

    /// <summary>Gets the pair.</summary>
    public TradingPair Pair => Config.Pair;
}
