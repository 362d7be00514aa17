using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>A snapshot of a <see cref="MarketDataGuard"/>'s counters.</summary>
/// <param name="TotalAccepted">How many ticks, trades and bars were accepted.</param>
/// <param name="TotalRejected">How many were rejected.</param>
/// <param name="ByReason">Rejections per reason; reasons never seen are absent.</param>
/// <param name="ByPair">Rejections per registered pair; pairs without rejections are absent. Data of unknown pairs is counted only by reason.</param>
public sealed record DataRejectionCounts(
    long TotalAccepted,
    long TotalRejected,
    IReadOnlyDictionary<DataRejection, long> ByReason,
    IReadOnlyDictionary<TradingPair, long> ByPair);
