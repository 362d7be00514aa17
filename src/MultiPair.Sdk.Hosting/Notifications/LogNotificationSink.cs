using Microsoft.Extensions.Logging;

namespace MultiPair.Sdk.Hosting.Notifications;

/// <summary>Writes notifications to the log (warnings for risk events, information for trades).</summary>
internal sealed class LogNotificationSink(ILogger<LogNotificationSink> logger) : INotificationSink
{
    public ValueTask SendAsync(TradingNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Kind is NotificationKind.TradeOpened or NotificationKind.TradeClosed)
        {
            HostingLog.TradeNotification(logger, notification.Kind, notification.Message);
        }
        else
        {
            HostingLog.RiskNotification(logger, notification.Kind, notification.Message);
        }

        return ValueTask.CompletedTask;
    }
}
