namespace MultiPair.Sdk.Hosting.Notifications;

/// <summary>Delivers notifications somewhere: a log, a webhook (Telegram, Discord, Slack), e-mail.</summary>
/// <remarks>Called from one background pump, one notification at a time; a sink that throws is logged and skipped, never stops trading.</remarks>
public interface INotificationSink
{
    /// <summary>Delivers one notification.</summary>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancelled when the host stops and the flush timeout passed.</param>
    /// <returns>A task that completes when the notification is delivered.</returns>
    ValueTask SendAsync(TradingNotification notification, CancellationToken cancellationToken = default);
}
