namespace MultiPair.Sdk.Hosting.Notifications;

/// <summary>Settings of the webhook notification sink, which posts each notification as JSON.</summary>
/// <remarks>
/// The body is <c>{"kind":…,"message":…,"time":…,"pair":…,"details":{…}}</c>; set <see cref="TextProperty"/> to also put the message
/// where a chat service expects it (<c>content</c> for Discord, <c>text</c> for Telegram's sendMessage and Slack) and
/// <see cref="ExtraFields"/> for fixed fields such as Telegram's <c>chat_id</c>. Mutable for binding.
/// </remarks>
public sealed class WebhookNotificationOptions
{
    /// <summary>Gets or sets the address posted to.</summary>
    /// <value>Required; absolute http or https.</value>
    public Uri? Url { get; set; }

    /// <summary>Gets or sets the property that also carries the message text; <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? TextProperty { get; set; }

    /// <summary>Gets fixed fields added to every body.</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, string> ExtraFields { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the kinds posted; empty for all.</summary>
    /// <value>The default value is empty.</value>
    public IList<NotificationKind> Kinds { get; } = [];

    /// <summary>Gets or sets how long one post may take.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
