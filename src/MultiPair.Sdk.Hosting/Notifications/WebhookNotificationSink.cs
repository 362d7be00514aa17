using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace MultiPair.Sdk.Hosting.Notifications;

/// <summary>Posts notifications as JSON to a webhook through a named <see cref="HttpClient"/>.</summary>
internal sealed class WebhookNotificationSink(IHttpClientFactory clients, IOptions<WebhookNotificationOptions> options) : INotificationSink
{
    public const string HttpClientName = "MultiPair.Webhook";

    public async ValueTask SendAsync(TradingNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var settings = options.Value;
        if (settings.Url is null || (settings.Kinds.Count > 0 && !settings.Kinds.Contains(notification.Kind)))
        {
            return;
        }

        var body = new JsonObject
        {
            ["kind"] = notification.Kind.ToString(),
            ["message"] = notification.Message,
            ["time"] = notification.Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["pair"] = notification.Pair,
            ["details"] = new JsonObject(notification.Details.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)JsonValue.Create(d.Value)))),
        };
        if (settings.TextProperty is { Length: > 0 } text)
        {
            body[text] = notification.Message;
        }

        foreach (var (key, value) in settings.ExtraFields)
        {
            body[key] = value;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        using var client = clients.CreateClient(HttpClientName);
        using var response = await client.PostAsJsonAsync(settings.Url, body, timeout.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
