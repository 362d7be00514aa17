using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges;

/// <summary>Fetches historical candles.</summary>
public interface IKlineApi : IExchangeAdapter
{
    /// <summary>Gets the closed bars of a pair whose open time is in [<paramref name="startTime"/>, <paramref name="endTime"/>), oldest first, paging over as many requests as needed.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="startTime">The first open time (inclusive).</param>
    /// <param name="endTime">The last open time (exclusive). A bar that has not closed yet is not returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bars.</returns>
    Task<ExchangeResult<IReadOnlyList<Bar>>> GetKlinesAsync(TradingPair pair, Timeframe timeframe, DateTimeOffset startTime, DateTimeOffset endTime, CancellationToken cancellationToken = default);
}
