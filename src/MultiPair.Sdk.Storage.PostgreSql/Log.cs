using Microsoft.Extensions.Logging;
using MultiPair.Sdk.Persistence;

namespace MultiPair.Sdk.Storage.PostgreSql;

/// <summary>The PostgreSQL store's log messages (event ids 7100–7199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "PostgreSQL store {Schema}: opened {Identity} at schema version {Version} as {Owner}, fencing token {Token}, lease until {ExpiresAt}")]
    public static partial void Opened(ILogger logger, string schema, StoreIdentity identity, int version, string owner, long token, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "PostgreSQL store {Schema}: migrating schema from version {From} to {To}")]
    public static partial void Migrating(ILogger logger, string schema, int from, int to);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "PostgreSQL store {Schema}/{Portfolio}: {Operation} failed ({Kind})")]
    public static partial void Failed(ILogger logger, string schema, string portfolio, string operation, StoreErrorKind kind, Exception exception);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "PostgreSQL store {Schema}/{Portfolio}: skipped fill {TradeId}, already stored")]
    public static partial void DuplicateFill(ILogger logger, string schema, string portfolio, string tradeId);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Error, Message = "PostgreSQL store {Schema}/{Portfolio}: an error subscriber threw")]
    public static partial void SubscriberFailed(ILogger logger, string schema, string portfolio, Exception exception);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning, Message = "PostgreSQL store {Schema}/{Portfolio}: releasing the lease on dispose failed; it lapses after its TTL")]
    public static partial void ReleaseFailed(ILogger logger, string schema, string portfolio, Exception exception);
}
