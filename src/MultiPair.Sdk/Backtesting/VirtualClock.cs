namespace MultiPair.Sdk.Backtesting;

/// <summary>The backtest's clock: it only moves when the run moves it (to each bar's open and close).</summary>
/// <remarks>Timers are not virtualised: nothing on the backtest path creates one.</remarks>
internal sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the clock forward; earlier times are ignored.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        if (time > _now)
        {
            _now = time;
        }
    }
}
