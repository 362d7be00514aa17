using Microsoft.Extensions.Logging;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Hosting.Notifications;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Persistence;

namespace MultiPair.Sdk.Hosting;

/// <summary>The hosting layer's log messages; event ids 7000–7099 are stable.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Starting portfolio {Identity} with {PairCount} pairs on {Timeframe} bars")]
    public static partial void Starting(ILogger logger, StoreIdentity identity, int pairCount, Timeframe timeframe);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Store opened for {Identity}; lease {LeaseId}")]
    public static partial void StoreOpened(ILogger logger, StoreIdentity identity, StoreLease leaseId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Startup step {Step} finished")]
    public static partial void StartupStepFinished(ILogger logger, string step);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "User data stream attached")]
    public static partial void UserStreamAttached(ILogger logger);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "The user data stream could not be attached: {Error}")]
    public static partial void UserStreamFailed(ILogger logger, ExchangeError? error);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Subscribed to closed {Timeframe} bars of {PairCount} pairs")]
    public static partial void MarketSubscribed(ILogger logger, Timeframe timeframe, int pairCount);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "No market data source (IMarketStreamApi) is registered: the engine only trades on bars posted by other code")]
    public static partial void NoMarketData(ILogger logger);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Error, Message = "Market data subscription failed: {Error}")]
    public static partial void MarketFailed(ILogger logger, ExchangeError? error);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information, Message = "Stopping: market data stopped, waiting for in-flight orders")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Warning, Message = "In-flight order work did not finish within {Timeout}")]
    public static partial void InFlightTimeout(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Stopped after {Bars} bars; resting exchange orders were left in place")]
    public static partial void Stopped(ILogger logger, long bars);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Error, Message = "The portfolio engine failed")]
    public static partial void EngineFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "{Kind}: {Message}")]
    public static partial void TradeNotification(ILogger logger, NotificationKind kind, string message);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Warning, Message = "{Kind}: {Message}")]
    public static partial void RiskNotification(ILogger logger, NotificationKind kind, string message);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Warning, Message = "Notification sink {Sink} failed to deliver {Kind}")]
    public static partial void NotificationFailed(ILogger logger, Exception exception, string sink, NotificationKind kind);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Information, Message = "Restart reconciliation: {Orders} orders resolved, {Orphans} orphans cancelled, {Mismatches} mismatches.")]
    public static partial void Reconciled(ILogger logger, int orders, int orphans, int mismatches);

    [LoggerMessage(EventId = 7024, Level = LogLevel.Error, Message = "Restart reconciliation mismatch (trading halted): {Mismatch}")]
    public static partial void ReconciliationMismatch(ILogger logger, string mismatch);

    [LoggerMessage(EventId = 7025, Level = LogLevel.Debug, Message = "Periodic reconciliation done.")]
    public static partial void PeriodicReconciliation(ILogger logger);

    [LoggerMessage(EventId = 7026, Level = LogLevel.Warning, Message = "Periodic reconciliation failed; it runs again at the next interval.")]
    public static partial void PeriodicReconciliationFailed(ILogger logger, Exception exception);
}
