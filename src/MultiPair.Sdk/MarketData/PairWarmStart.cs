using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>The warm start of one pair: ready, or disabled with a typed reason.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record PairWarmStart
{
    /// <summary>Gets the pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Gets why the pair was disabled; <see langword="null"/> when it is ready.</summary>
    public WarmStartFailureReason? Failure { get; init; }

    /// <summary>Gets a readable explanation of the failure; empty when the pair is ready.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether the pair's indicators are warm and it starts.</summary>
    public bool IsReady => Failure is null;

    /// <summary>Gets how many usable bars were fetched, all timeframes.</summary>
    public long BarsFetched { get; init; }

    /// <summary>Gets the bad rows dropped and gaps found.</summary>
    public KlineRowCounts BadRows { get; init; } = KlineRowCounts.None;
}
