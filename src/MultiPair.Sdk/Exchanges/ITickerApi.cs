using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges;

/// <summary>Fetches current prices.</summary>
public interface ITickerApi : IExchangeAdapter
{
    /// <summary>Gets the best bid and ask of a pair.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The book ticker.</returns>
    Task<ExchangeResult<BookTicker>> GetBookTickerAsync(TradingPair pair, CancellationToken cancellationToken = default);

    /// <summary>Gets a pair's rolling 24-hour statistics.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    Task<ExchangeResult<Ticker24h>> GetTicker24hAsync(TradingPair pair, CancellationToken cancellationToken = default);
}
