using Microsoft.Extensions.Logging;
using MultiPair.Sdk.Persistence;

namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>The SQLite store's log messages (event ids 7000–7099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "SQLite store {Path} opened for {Identity} at schema version {Version}, fencing token {Token}")]
    public static partial void Opened(ILogger logger, string path, StoreIdentity identity, int version, long token);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "SQLite store {Path}: migrating schema from version {From} to {To}")]
    public static partial void Migrating(ILogger logger, string path, int from, int to);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "SQLite store {Path}: backed up to {Backup} before migrating")]
    public static partial void BackedUp(ILogger logger, string path, string backup);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "SQLite store {Path}: {Operation} failed ({Kind})")]
    public static partial void Failed(ILogger logger, string path, string operation, StoreErrorKind kind, Exception exception);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "SQLite store {Path}: skipped fill {TradeId}, already stored")]
    public static partial void DuplicateFill(ILogger logger, string path, string tradeId);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "SQLite store {Path}: an error subscriber threw")]
    public static partial void SubscriberFailed(ILogger logger, string path, Exception exception);
}
