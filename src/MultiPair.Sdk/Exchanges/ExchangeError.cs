namespace MultiPair.Sdk.Exchanges;

/// <summary>A failed exchange call, as a value: what kind of failure, the exchange's own code and message, and when to retry.</summary>
/// <param name="Kind">The kind of failure.</param>
/// <param name="Message">A human-readable description (the exchange's message when it sent one). Never contains secrets.</param>
public sealed record ExchangeError(ExchangeErrorKind Kind, string Message)
{
    /// <summary>Gets the exchange's numeric error code, when it sent one (Binance: -2010, -1021, ...).</summary>
    public int? Code { get; init; }

    /// <summary>Gets the name of the exchange filter that failed, for <see cref="ExchangeErrorKind.FilterFailure"/>.</summary>
    public string? Filter { get; init; }

    /// <summary>Gets how long to wait before trying again, when the exchange said so (429 and 418 <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets the HTTP status code, when the failure came from an HTTP response.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Gets a value indicating whether the outcome of the request is unknown: it may have been executed.</summary>
    public bool IsOutcomeUnknown => Kind == ExchangeErrorKind.OutcomeUnknown;

    /// <summary>Gets a value indicating whether the same request may succeed later (after a wait, a clock resync or a query).</summary>
    public bool IsTransient => Kind is ExchangeErrorKind.Network or ExchangeErrorKind.OutcomeUnknown or ExchangeErrorKind.RateLimited
        or ExchangeErrorKind.IpBanned or ExchangeErrorKind.InvalidTimestamp or ExchangeErrorKind.ServiceUnavailable;

    /// <inheritdoc />
    public override string ToString() => Code is { } code ? $"{Kind} ({code}): {Message}" : $"{Kind}: {Message}";
}
