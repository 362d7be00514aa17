namespace MultiPair.Sdk.Persistence;

/// <summary>
/// A clock that reports a pinned instant while ledger entries are replayed, and follows its inner clock otherwise,
/// so a rebuilt ledger stamps positions with the original times and then runs on live time.
/// </summary>
/// <remarks>Used by the single thread that replays; timers and timestamps always come from the inner clock.</remarks>
internal sealed class ReplayTimeProvider(TimeProvider inner) : TimeProvider
{
    private DateTimeOffset? _pinned;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public void Pin(DateTimeOffset time) => _pinned = time;

    public void Release() => _pinned = null;

    public override DateTimeOffset GetUtcNow() => _pinned ?? inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
