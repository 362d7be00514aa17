namespace MultiPair.Sdk.Hosting.Notifications;

/// <summary>Something a person running the portfolio wants to hear about.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Kind">What it is about.</param>
/// <param name="Message">A one-line, human-readable text.</param>
/// <param name="Time">When it happened.</param>
public sealed record TradingNotification(NotificationKind Kind, string Message, DateTimeOffset Time)
{
    /// <summary>Gets the pair, if one (canonical spelling such as <c>BTC/USDT</c>).</summary>
    public string? Pair { get; init; }

    /// <summary>Gets details as text by name (side, price, quantity, state, reason...).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
