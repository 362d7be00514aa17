using Microsoft.Extensions.Logging;

namespace MultiPair.Sdk.Exchanges.Binance.Streams;

/// <summary>The stream side's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Binance stream {Name} connected to {Address}")]
    public static partial void Connected(ILogger logger, string name, string address);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Binance stream {Name}: replacing the connection (cut-off or server shutdown)")]
    public static partial void Rotating(ILogger logger, string name);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Binance stream {Name}: reconnect failed: {Error}")]
    public static partial void ReconnectFailed(ILogger logger, string name, string error);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Binance stream {Address} dropped: {Reason}")]
    public static partial void Dropped(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Binance stream {Address} closed by the server ({Status} {Description})")]
    public static partial void ClosedByServer(ILogger logger, string address, string status, string description);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Binance stream {Address} silent for {Timeout}: reconnecting")]
    public static partial void Idle(ILogger logger, string address, TimeSpan timeout);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Binance stream {Address}: close handshake failed: {Reason}")]
    public static partial void CloseFailed(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Binance stream {Address}: the message handler failed")]
    public static partial void HandlerFailed(ILogger logger, string address, Exception exception);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Binance stream payload dropped ({Reason}); {Count} dropped so far; sample: {Sample}")]
    public static partial void PayloadDropped(ILogger logger, string reason, long count, string sample);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Error, Message = "A Binance stream subscriber's callback failed")]
    public static partial void CallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Binance stream {Address}: serverShutdown received, reconnecting")]
    public static partial void ServerShutdown(ILogger logger, string address);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Binance listenKey created")]
    public static partial void ListenKeyCreated(ILogger logger);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Debug, Message = "Binance listenKey kept alive")]
    public static partial void ListenKeyKeptAlive(ILogger logger);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "Binance listenKey keep-alive failed: {Error}")]
    public static partial void ListenKeyKeepAliveFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "Binance listenKey expired: recreating it and reconnecting")]
    public static partial void ListenKeyExpired(ILogger logger);
}
