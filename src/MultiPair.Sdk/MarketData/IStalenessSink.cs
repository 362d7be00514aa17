using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>Receives the staleness transitions a <see cref="StalenessMonitor.Check"/> finds.</summary>
/// <remarks>Called synchronously from <see cref="StalenessMonitor.Check"/>; an implementation must not throw and must not call back into the monitor.</remarks>
public interface IStalenessSink
{
    /// <summary>Called when a pair's data has become older than its limit.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="lastDataTime">The time of the pair's newest data.</param>
    /// <param name="now">The time the check ran for.</param>
    void OnStale(TradingPair pair, DateTimeOffset lastDataTime, DateTimeOffset now);

    /// <summary>Called when a stale pair (or a pair that never had data) has fresh data again.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="lastDataTime">The time of the pair's newest data.</param>
    /// <param name="now">The time the check ran for.</param>
    void OnFresh(TradingPair pair, DateTimeOffset lastDataTime, DateTimeOffset now);
}
