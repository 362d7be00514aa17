using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>What a warm start did: the pairs ready and disabled (with reasons), the bars fetched and the time taken.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record WarmStartReport
{
    /// <summary>Gets every pair's outcome, in the order the pairs were given.</summary>
    public required IReadOnlyList<PairWarmStart> Pairs { get; init; }

    /// <summary>Gets the wall time the warm start took (fetch and feed).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Gets the pairs ready to trade.</summary>
    public IReadOnlyList<TradingPair> Ready => [.. Pairs.Where(static p => p.IsReady).Select(static p => p.Pair)];

    /// <summary>Gets the pairs disabled, with their reasons.</summary>
    public IReadOnlyList<PairWarmStart> Disabled => [.. Pairs.Where(static p => !p.IsReady)];

    /// <summary>Gets how many usable bars were fetched, all pairs and timeframes.</summary>
    public long BarsFetched => Pairs.Sum(static p => p.BarsFetched);

    /// <summary>Gets the bad rows dropped and gaps found, all pairs.</summary>
    public KlineRowCounts BadRows => Pairs.Aggregate(KlineRowCounts.None, static (sum, p) => sum + p.BadRows);
}
