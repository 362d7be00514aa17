using Microsoft.Extensions.Logging;

namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>The adapter's log messages. Never logs credentials, signatures or query strings of signed requests.</summary>
internal static partial class BinanceLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Malformed Binance response from {Path}: {Reason}. Sample: {Sample}")]
    public static partial void MalformedResponse(ILogger logger, string path, string reason, string sample);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Skipped unknown Binance symbol '{Symbol}' in the response of {Path}")]
    public static partial void UnknownSymbolSkipped(ILogger logger, string symbol, string path);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Binance server time offset is {OffsetMilliseconds} ms")]
    public static partial void TimeSynced(ILogger logger, double offsetMilliseconds);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Binance rejected the timestamp of {Path} (-1021); resynchronizing the clock and retrying once")]
    public static partial void TimestampRejected(ILogger logger, string path);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Binance rate limit hit on {Path}; retry after {RetryAfter}")]
    public static partial void RateLimited(ILogger logger, string path, TimeSpan retryAfter);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error, Message = "Binance banned this IP until {Until:O}; all requests stop until then")]
    public static partial void Banned(ILogger logger, DateTimeOffset until);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Debug, Message = "Binance {Path}: {Header} = {Value}")]
    public static partial void OrderCount(ILogger logger, string path, string header, string value);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "Binance {Method} {Path} failed: {Error}")]
    public static partial void RequestFailed(ILogger logger, string method, string path, string error);
}
