namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>Maps Binance error codes and HTTP statuses to <see cref="ExchangeErrorKind"/>.</summary>
internal static class BinanceErrorMapper
{
    private const string FilterFailurePrefix = "Filter failure: ";

    /// <summary>Maps a Binance <c>{"code":..,"msg":..}</c> error.</summary>
    /// <param name="code">Binance's error code.</param>
    /// <param name="message">Binance's message.</param>
    /// <param name="httpStatus">The HTTP status.</param>
    /// <param name="isOrderWrite">Whether the request places or cancels an order (an unknown outcome is then reported as such).</param>
    public static ExchangeError Map(int code, string message, int httpStatus, bool isOrderWrite)
    {
        var kind = code switch
        {
            -1021 => ExchangeErrorKind.InvalidTimestamp,
            -1022 or -2014 or -2015 => ExchangeErrorKind.Unauthorized,
            -1003 or -1015 => ExchangeErrorKind.RateLimited,
            -1013 => ExchangeErrorKind.FilterFailure,
            -4014 or -4023 or -4164 or -1111 => ExchangeErrorKind.FilterFailure,
            -2019 or -2018 => ExchangeErrorKind.InsufficientFunds,
            -4116 => ExchangeErrorKind.DuplicateClientOrderId,
            -2011 or -2013 => ExchangeErrorKind.UnknownOrder,
            -1121 => ExchangeErrorKind.UnknownSymbol,
            -1007 or -1006 or -1001 or -1000 => isOrderWrite ? ExchangeErrorKind.OutcomeUnknown : ExchangeErrorKind.ServiceUnavailable,
            -2010 => MapNewOrderRejected(message),
            _ when message.StartsWith(FilterFailurePrefix, StringComparison.Ordinal) => ExchangeErrorKind.FilterFailure,
            _ when httpStatus >= 500 => isOrderWrite ? ExchangeErrorKind.OutcomeUnknown : ExchangeErrorKind.ServiceUnavailable,
            _ when code is <= -1100 and > -1200 => ExchangeErrorKind.InvalidRequest,
            _ when isOrderWrite => ExchangeErrorKind.Rejected,
            _ => ExchangeErrorKind.InvalidRequest,
        };
        return new ExchangeError(kind, message)
        {
            Code = code,
            HttpStatus = httpStatus,
            Filter = kind == ExchangeErrorKind.FilterFailure ? FilterName(code, message) : null,
        };
    }

    /// <summary>Maps an HTTP status whose body carries no Binance error.</summary>
    public static ExchangeError MapStatus(int httpStatus, bool isOrderWrite, TimeSpan? retryAfter)
    {
        var kind = httpStatus switch
        {
            429 => ExchangeErrorKind.RateLimited,
            418 => ExchangeErrorKind.IpBanned,
            401 or 403 => ExchangeErrorKind.Unauthorized,
            >= 500 => isOrderWrite ? ExchangeErrorKind.OutcomeUnknown : ExchangeErrorKind.ServiceUnavailable,
            _ => ExchangeErrorKind.InvalidRequest,
        };
        var message = httpStatus switch
        {
            429 => "Request rate limit exceeded (HTTP 429).",
            418 => "The IP is banned for exceeding rate limits (HTTP 418).",
            >= 500 when isOrderWrite => $"Binance answered HTTP {httpStatus}: the order request may or may not have been executed.",
            >= 500 => $"Binance answered HTTP {httpStatus}; the request can be retried.",
            _ => $"Binance answered HTTP {httpStatus}.",
        };
        return new ExchangeError(kind, message) { HttpStatus = httpStatus, RetryAfter = retryAfter };
    }

    private static ExchangeErrorKind MapNewOrderRejected(string message)
    {
        if (message.Contains("insufficient balance", StringComparison.OrdinalIgnoreCase))
        {
            return ExchangeErrorKind.InsufficientFunds;
        }

        if (message.Contains("Duplicate order sent", StringComparison.OrdinalIgnoreCase))
        {
            return ExchangeErrorKind.DuplicateClientOrderId;
        }

        return message.StartsWith(FilterFailurePrefix, StringComparison.Ordinal) ? ExchangeErrorKind.FilterFailure : ExchangeErrorKind.Rejected;
    }

    private static string? FilterName(int code, string message)
    {
        if (message.StartsWith(FilterFailurePrefix, StringComparison.Ordinal))
        {
            return message[FilterFailurePrefix.Length..].Trim().TrimEnd('.');
        }

        return code switch
        {
            -4014 => "PRICE_FILTER",
            -4023 => "LOT_SIZE",
            -4164 => "MIN_NOTIONAL",
            _ => null,
        };
    }
}
