using System.Globalization;

namespace MultiPair.Sdk.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock only moves when a test moves it, with timers that fire
/// synchronously, in due-time order, on the thread that moves the clock.
/// </summary>
/// <remarks>
/// <para>
/// The clock starts at <see cref="DefaultStartTime"/> unless another instant is given, and moves forward through
/// <see cref="Advance(TimeSpan)"/>, <see cref="SetUtcNow(DateTimeOffset)"/> or <see cref="AutoAdvanceAmount"/>;
/// it never moves backwards. Timestamps (<see cref="GetTimestamp"/>) are the virtual UTC ticks, so
/// <see cref="TimeProvider.GetElapsedTime(long)"/> measures virtual time.
/// </para>
/// <para>
/// Timers created with <see cref="CreateTimer"/> fire while the clock is being moved: due timers fire one at a
/// time in due-time order (ties in creation order), and while a callback runs <see cref="GetUtcNow"/> reports that
/// timer's due time, so a periodic timer fires once per period crossed and a timer created or changed from a
/// callback is scheduled relative to the callback's instant (and fires in the same move if it falls due). A timer
/// whose due time is zero fires on the next move of the clock; <c>Advance(TimeSpan.Zero)</c> is enough.
/// <see cref="Task.Delay(TimeSpan, TimeProvider)"/> and
/// <see cref="CancellationTokenSource(TimeSpan, TimeProvider)"/> work through these timers.
/// </para>
/// <para>
/// Thread-safe: state is guarded by a lock and callbacks run outside it. If a callback throws, the exception
/// propagates to the caller that moved the clock and the timers still due fire on the next move.
/// </para>
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    // System.Threading.Timer accepts at most 0xFFFFFFFE milliseconds.
    private const long MaxTimerMilliseconds = 0xFFFFFFFE;

    private readonly Lock _gate = new();
    private readonly SortedSet<ManualTimer> _scheduled = new(ManualTimerComparer.Instance);
    private readonly TimeZoneInfo _localTimeZone;
    private DateTimeOffset _now;
    private DateTimeOffset _target;
    private TimeSpan _autoAdvanceAmount;
    private long _nextTimerId;

    /// <summary>Initializes a new provider whose clock starts at <see cref="DefaultStartTime"/>, in UTC.</summary>
    public ManualTimeProvider()
        : this(DefaultStartTime, TimeZoneInfo.Utc)
    {
    }

    /// <summary>Initializes a new provider whose clock starts at <paramref name="startTime"/>, in UTC.</summary>
    /// <param name="startTime">The initial instant; its offset is irrelevant, it is stored as UTC.</param>
    public ManualTimeProvider(DateTimeOffset startTime)
        : this(startTime, TimeZoneInfo.Utc)
    {
    }

    /// <summary>Initializes a new provider whose clock starts at <paramref name="startTime"/>.</summary>
    /// <param name="startTime">The initial instant; its offset is irrelevant, it is stored as UTC.</param>
    /// <param name="localTimeZone">The zone reported by <see cref="LocalTimeZone"/> and used by <see cref="TimeProvider.GetLocalNow"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="localTimeZone"/> is null.</exception>
    public ManualTimeProvider(DateTimeOffset startTime, TimeZoneInfo localTimeZone)
    {
        ArgumentNullException.ThrowIfNull(localTimeZone);
        _now = startTime.ToUniversalTime();
        _target = _now;
        _localTimeZone = localTimeZone;
    }

    /// <summary>Gets the instant a provider created without a start time starts at.</summary>
    /// <value>2000-01-01T00:00:00Z.</value>
    public static DateTimeOffset DefaultStartTime { get; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Gets or sets how far the clock moves forward after each call to <see cref="GetUtcNow"/>.</summary>
    /// <value>The default value is <see cref="TimeSpan.Zero"/> (the clock moves only when told to).</value>
    /// <remarks>
    /// <see cref="GetUtcNow"/> returns the current instant and then advances the clock, firing timers that fall
    /// due. <see cref="GetTimestamp"/> and <see cref="TimeProvider.GetLocalNow"/> read the clock through
    /// <see cref="GetUtcNow"/> and therefore advance it too.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan AutoAdvanceAmount
    {
        get
        {
            lock (_gate)
            {
                return _autoAdvanceAmount;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate)
            {
                _autoAdvanceAmount = value;
            }
        }
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _localTimeZone;

    /// <summary>Gets the frequency of <see cref="GetTimestamp"/>: <see cref="TimeSpan.TicksPerSecond"/>.</summary>
    /// <value>10,000,000 (timestamps are 100-nanosecond ticks of the virtual clock).</value>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Returns the current virtual instant, then advances the clock by <see cref="AutoAdvanceAmount"/>.</summary>
    /// <returns>The current virtual instant, with a zero offset.</returns>
    public override DateTimeOffset GetUtcNow()
    {
        DateTimeOffset result;
        bool advanced;
        lock (_gate)
        {
            result = _now;
            advanced = _autoAdvanceAmount > TimeSpan.Zero;
            if (advanced)
            {
                _target += _autoAdvanceAmount;
            }
        }

        if (advanced)
        {
            FireDueTimers();
        }

        return result;
    }

    /// <summary>Returns the current virtual instant as UTC ticks (see <see cref="TimestampFrequency"/>).</summary>
    /// <returns>The virtual clock's <see cref="DateTimeOffset.UtcTicks"/>.</returns>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing every timer that falls due on the way.</summary>
    /// <param name="delta">How far to move; zero fires the timers already due.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_gate)
        {
            _target += delta;
        }

        FireDueTimers();
    }

    /// <summary>Moves the clock forward to <paramref name="value"/>, firing every timer that falls due on the way.</summary>
    /// <param name="value">The new instant; equal to the current one fires the timers already due.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is earlier than the current instant.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            if (value < _target)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value),
                    value,
                    string.Create(CultureInfo.InvariantCulture, $"The clock cannot move backwards; it is already at {_target:O}."));
            }

            _target = value.ToUniversalTime();
        }

        FireDueTimers();
    }

    /// <summary>Creates a timer driven by this virtual clock.</summary>
    /// <param name="callback">Invoked, synchronously on the thread moving the clock, each time the timer fires.</param>
    /// <param name="state">Passed to <paramref name="callback"/>.</param>
    /// <param name="dueTime">Delay before the first firing; <see cref="Timeout.InfiniteTimeSpan"/> leaves the timer stopped.</param>
    /// <param name="period">Interval between later firings; zero or <see cref="Timeout.InfiniteTimeSpan"/> fires once.</param>
    /// <returns>The timer; dispose it to stop it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time span is negative (other than infinite) or longer than 0xFFFFFFFE ms.</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ValidateTimerSpan(dueTime, nameof(dueTime));
        ValidateTimerSpan(period, nameof(period));

        ManualTimer timer;
        lock (_gate)
        {
            timer = new ManualTimer(this, callback, state, ++_nextTimerId);
            Schedule(timer, dueTime, period);
        }

        return timer;
    }

    /// <summary>Returns the current virtual instant in round-trip format, without advancing the clock.</summary>
    /// <returns>The current instant, for example <c>2000-01-01T00:00:00.0000000+00:00</c>.</returns>
    public override string ToString()
    {
        lock (_gate)
        {
            return _now.ToString("O", CultureInfo.InvariantCulture);
        }
    }

    private static void ValidateTimerSpan(TimeSpan value, string paramName)
    {
        var milliseconds = (long)value.TotalMilliseconds;
        if (value != Timeout.InfiniteTimeSpan && (value < TimeSpan.Zero || milliseconds > MaxTimerMilliseconds))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "Must be Timeout.InfiniteTimeSpan or between zero and 0xFFFFFFFE milliseconds.");
        }
    }

    // Callers hold _gate.
    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        _scheduled.Remove(timer);
        timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        timer.DueTime = _now + dueTime;
        _scheduled.Add(timer);
    }

    private void FireDueTimers()
    {
        while (true)
        {
            ManualTimer timer;
            lock (_gate)
            {
                if (_scheduled.Count == 0 || _scheduled.Min!.DueTime > _target)
                {
                    if (_target > _now)
                    {
                        _now = _target;
                    }

                    return;
                }

                timer = _scheduled.Min;
                _scheduled.Remove(timer);
                if (timer.DueTime > _now)
                {
                    _now = timer.DueTime;
                }

                if (timer.Period > TimeSpan.Zero)
                {
                    timer.DueTime += timer.Period;
                    _scheduled.Add(timer);
                }
            }

            timer.Invoke();
        }
    }

    private bool Change(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        ValidateTimerSpan(dueTime, nameof(dueTime));
        ValidateTimerSpan(period, nameof(period));
        lock (_gate)
        {
            if (timer.IsDisposed)
            {
                return false;
            }

            Schedule(timer, dueTime, period);
            return true;
        }
    }

    private void Dispose(ManualTimer timer)
    {
        lock (_gate)
        {
            timer.IsDisposed = true;
            _scheduled.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state, long id) : ITimer
    {
        public long Id { get; } = id;

        // Guarded by the owner's lock.
        public DateTimeOffset DueTime { get; set; }

        public TimeSpan Period { get; set; }

        public bool IsDisposed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Change(this, dueTime, period);

        public void Dispose() => owner.Dispose(this);

        public ValueTask DisposeAsync()
        {
            owner.Dispose(this);
            return ValueTask.CompletedTask;
        }

        public void Invoke() => callback(state);
    }

    private sealed class ManualTimerComparer : IComparer<ManualTimer>
    {
        public static ManualTimerComparer Instance { get; } = new();

        public int Compare(ManualTimer? x, ManualTimer? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null)
            {
                return -1;
            }

            if (y is null)
            {
                return 1;
            }

            var byDue = x.DueTime.CompareTo(y.DueTime);
            return byDue != 0 ? byDue : x.Id.CompareTo(y.Id);
        }
    }
}
