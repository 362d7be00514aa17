namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>The local clock shifted by the server-time offset the REST client measured: timestamps for signed WebSocket API requests.</summary>
internal sealed class ServerClock(TimeProvider local, Func<TimeSpan> offset) : TimeProvider
{
    public override TimeZoneInfo LocalTimeZone => local.LocalTimeZone;

    public override long TimestampFrequency => local.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => local.GetUtcNow() + offset();

    public override long GetTimestamp() => local.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        local.CreateTimer(callback, state, dueTime, period);
}
