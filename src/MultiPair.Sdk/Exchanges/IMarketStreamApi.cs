using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges;

/// <summary>Live market data streams.</summary>
public interface IMarketStreamApi : IExchangeAdapter
{
    /// <summary>Subscribes to the closed bars of many pairs. Each (pair, open time) is delivered once and in order, also across reconnects.</summary>
    /// <param name="pairs">The pairs.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="onBar">Called for each closed bar (on the subscription's receive thread: hand it off, do not block).</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The subscription.</returns>
    Task<ExchangeResult<IStreamSubscription>> SubscribeToClosedBarsAsync(IReadOnlyCollection<TradingPair> pairs, Timeframe timeframe, Action<Bar> onBar, CancellationToken cancellationToken = default);

    /// <summary>Subscribes to the best bid and ask of many pairs.</summary>
    /// <param name="pairs">The pairs.</param>
    /// <param name="onTicker">Called for each update (on the subscription's receive thread: hand it off, do not block).</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The subscription.</returns>
    Task<ExchangeResult<IStreamSubscription>> SubscribeToBookTickersAsync(IReadOnlyCollection<TradingPair> pairs, Action<BookTicker> onTicker, CancellationToken cancellationToken = default);
}
