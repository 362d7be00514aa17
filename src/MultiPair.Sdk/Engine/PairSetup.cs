using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Engine;

/// <summary>How the engine runs one pair: its strategy, the timeframe its data arrives in, and its staleness limit.</summary>
/// <remarks>Immutable and thread-safe (the strategy instance itself is used only on the event loop).</remarks>
public sealed record PairSetup
{
    /// <summary>Gets the pair; it must be registered with the ledger.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Gets the pair's strategy instance.</summary>
    public required IPairStrategy Strategy { get; init; }

    /// <summary>Gets the strategy (or sleeve) id the pair's signals carry.</summary>
    /// <value>The default value is <see cref="StrategyId.Default"/>.</value>
    public StrategyId StrategyId { get; init; } = StrategyId.Default;

    /// <summary>Gets the timeframe of the bars fed to the engine for this pair; <see langword="null"/> when it is fed ticks only.</summary>
    /// <value>The default value is <see langword="null"/>. When set, it must divide every strategy timeframe.</value>
    public Timeframe? InputTimeframe { get; init; }

    /// <summary>Gets how long the pair may go without data before it is stale (no entry is proposed from a stale pair).</summary>
    /// <value>The default value is <see langword="null"/>: two primary bars.</value>
    public TimeSpan? StalenessLimit { get; init; }

    /// <summary>Gets a value indicating whether the pair trades from the start.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; init; } = true;
}
