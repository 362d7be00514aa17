namespace MultiPair.Sdk.Hosting.Replay;

/// <summary>A clock whose "now" follows replayed bars (so historical data trades as if live); timers and timestamps run on real time.</summary>
internal sealed class ReplayClock(TimeProvider inner, DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>Moves the clock forward; earlier times are ignored.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _ticks);
            if (ticks <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _ticks, ticks, current) != current);
    }
}
