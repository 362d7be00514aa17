using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges;

/// <summary>Places, cancels and queries orders by client order id, and lists the account's trades.</summary>
/// <remarks>
/// A placement that fails with <see cref="ExchangeErrorKind.OutcomeUnknown"/> may have reached the book: callers resolve it
/// with <see cref="GetOrderAsync"/>, never by sending it again blindly. A placement refused with
/// <see cref="ExchangeErrorKind.DuplicateClientOrderId"/> means an order with that id exists.
/// </remarks>
public interface IOrderApi : IExchangeAdapter
{
    /// <summary>Places an order with the request's client order id.</summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Cancels the call (the outcome is then unknown).</param>
    /// <returns>The order as accepted (and possibly already filled).</returns>
    Task<ExchangeResult<ExchangeOrder>> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken = default);

    /// <summary>Cancels an order by client order id.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The order after the cancel.</returns>
    Task<ExchangeResult<ExchangeOrder>> CancelOrderAsync(TradingPair pair, ClientOrderId clientOrderId, CancellationToken cancellationToken = default);

    /// <summary>Queries an order by client order id (<see cref="ExchangeErrorKind.UnknownOrder"/> when the exchange has none).</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The order.</returns>
    Task<ExchangeResult<ExchangeOrder>> GetOrderAsync(TradingPair pair, ClientOrderId clientOrderId, CancellationToken cancellationToken = default);

    /// <summary>Lists open orders, of one pair or of the whole account.</summary>
    /// <param name="pair">The pair, or null for every pair.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open orders.</returns>
    Task<ExchangeResult<IReadOnlyList<ExchangeOrder>>> GetOpenOrdersAsync(TradingPair? pair = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the account's trades of a pair with a trade id at least <paramref name="fromTradeId"/> (or the most recent ones when null), oldest first.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="fromTradeId">The first trade id to return, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The trades.</returns>
    Task<ExchangeResult<IReadOnlyList<ExchangeTrade>>> GetTradesAsync(TradingPair pair, long? fromTradeId = null, CancellationToken cancellationToken = default);
}
