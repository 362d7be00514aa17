namespace MultiPair.Sdk.Exchanges;

/// <summary>What went wrong in a call to an exchange. The same kinds for every adapter, simulated or real.</summary>
public enum ExchangeErrorKind
{
    /// <summary>An error the adapter could not classify. Treat as final for reads; for an order, see <see cref="OutcomeUnknown"/>.</summary>
    Unknown = 0,

    /// <summary>The request never left this process or never reached the exchange (connection refused, DNS failure): definitely not executed.</summary>
    Network = 1,

    /// <summary>The request may or may not have been executed (timeout, 5xx, disconnect after sending, Binance -1007). Never "failed": resolve by querying the client order id.</summary>
    OutcomeUnknown = 2,

    /// <summary>Too many requests (HTTP 429, or an order-count limit). <see cref="ExchangeError.RetryAfter"/> says when to try again.</summary>
    RateLimited = 3,

    /// <summary>The IP is banned (HTTP 418) until <see cref="ExchangeError.RetryAfter"/> has passed: all traffic stops.</summary>
    IpBanned = 4,

    /// <summary>The request's timestamp is outside the receive window (Binance -1021): resynchronise the clock and retry.</summary>
    InvalidTimestamp = 5,

    /// <summary>The signature or API key was refused, or a private endpoint was used without credentials.</summary>
    Unauthorized = 6,

    /// <summary>An exchange filter refused the order (<see cref="ExchangeError.Filter"/> names it: PRICE_FILTER, LOT_SIZE, MIN_NOTIONAL, ...).</summary>
    FilterFailure = 7,

    /// <summary>Not enough balance or margin for the order.</summary>
    InsufficientFunds = 8,

    /// <summary>An order with this client order id already exists (Binance -2010 "Duplicate order sent." on spot, -4116 on futures): query it, do not fail.</summary>
    DuplicateClientOrderId = 9,

    /// <summary>The exchange does not know the order (Binance -2011/-2013).</summary>
    UnknownOrder = 10,

    /// <summary>The exchange does not know the symbol.</summary>
    UnknownSymbol = 11,

    /// <summary>The request was malformed or refused for a reason that retrying will not fix.</summary>
    InvalidRequest = 12,

    /// <summary>The exchange answered with a payload this adapter could not read.</summary>
    MalformedResponse = 13,

    /// <summary>The exchange is unavailable or overloaded for a request that is safe to retry (a read, or an order proven not to have arrived).</summary>
    ServiceUnavailable = 14,

    /// <summary>The order was refused by the exchange for a business reason not covered by another kind (for example a reduce-only order that would increase the position).</summary>
    Rejected = 15,

    /// <summary>The adapter or market does not support this operation.</summary>
    NotSupported = 16,
}
