using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Tests.Testing;

public sealed class ManualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ctor_NoArguments_StartsAtDocumentedInstantInUtc()
    {
        var time = new ManualTimeProvider();

        time.GetUtcNow().ShouldBe(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        ManualTimeProvider.DefaultStartTime.ShouldBe(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        time.LocalTimeZone.ShouldBe(TimeZoneInfo.Utc);
        time.AutoAdvanceAmount.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Ctor_StartWithOffset_StoredAsUtc()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2024, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)));

        var now = time.GetUtcNow();

        now.ShouldBe(Start);
        now.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Ctor_LocalTimeZone_UsedByGetLocalNow()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("Test+3", TimeSpan.FromHours(3), "Test+3", "Test+3");
        var time = new ManualTimeProvider(Start, zone);

        time.LocalTimeZone.ShouldBeSameAs(zone);
        var local = time.GetLocalNow();
        local.Offset.ShouldBe(TimeSpan.FromHours(3));
        local.UtcDateTime.ShouldBe(Start.UtcDateTime);
    }

    [Fact]
    public void Ctor_NullTimeZone_Throws()
    {
        Should.Throw<ArgumentNullException>(() => new ManualTimeProvider(Start, null!));
    }

    [Fact]
    public void GetUtcNow_NoAdvance_DoesNotMove()
    {
        var time = new ManualTimeProvider(Start);

        time.GetUtcNow().ShouldBe(Start);
        time.GetUtcNow().ShouldBe(Start);
    }

    [Fact]
    public void Advance_PositiveDelta_MovesClock()
    {
        var time = new ManualTimeProvider(Start);

        time.Advance(TimeSpan.FromMinutes(5));

        time.GetUtcNow().ShouldBe(Start.AddMinutes(5));
    }

    [Fact]
    public void Advance_NegativeDelta_ThrowsArgumentOutOfRange()
    {
        var time = new ManualTimeProvider(Start);

        Should.Throw<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromTicks(-1)));
        time.GetUtcNow().ShouldBe(Start);
    }

    [Fact]
    public void SetUtcNow_Forward_MovesClock()
    {
        var time = new ManualTimeProvider(Start);

        time.SetUtcNow(Start.AddHours(1));

        time.GetUtcNow().ShouldBe(Start.AddHours(1));
    }

    [Fact]
    public void SetUtcNow_SameInstant_Allowed()
    {
        var time = new ManualTimeProvider(Start);

        time.SetUtcNow(Start);

        time.GetUtcNow().ShouldBe(Start);
    }

    [Fact]
    public void SetUtcNow_Backwards_ThrowsArgumentOutOfRange()
    {
        var time = new ManualTimeProvider(Start);

        Should.Throw<ArgumentOutOfRangeException>(() => time.SetUtcNow(Start.AddTicks(-1)));
        time.GetUtcNow().ShouldBe(Start);
    }

    [Fact]
    public void GetTimestamp_AfterAdvance_ElapsedTimeIsVirtual()
    {
        var time = new ManualTimeProvider(Start);
        var before = time.GetTimestamp();

        time.Advance(TimeSpan.FromSeconds(90));

        time.TimestampFrequency.ShouldBe(TimeSpan.TicksPerSecond);
        (time.GetTimestamp() - before).ShouldBe(TimeSpan.FromSeconds(90).Ticks);
        time.GetElapsedTime(before).ShouldBe(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void AutoAdvanceAmount_Set_EachReadAdvances()
    {
        var time = new ManualTimeProvider(Start) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        time.GetUtcNow().ShouldBe(Start);
        time.GetUtcNow().ShouldBe(Start.AddSeconds(1));
        time.GetUtcNow().ShouldBe(Start.AddSeconds(2));
    }

    [Fact]
    public void AutoAdvanceAmount_Negative_ThrowsArgumentOutOfRange()
    {
        var time = new ManualTimeProvider(Start);

        Should.Throw<ArgumentOutOfRangeException>(() => time.AutoAdvanceAmount = TimeSpan.FromSeconds(-1));
    }

    [Fact]
    public void AutoAdvanceAmount_ReachesDueTime_FiresTimer()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        time.AutoAdvanceAmount = TimeSpan.FromSeconds(1);

        time.GetUtcNow();
        fired.ShouldBe(0);
        time.GetUtcNow();
        fired.ShouldBe(1);
    }

    [Fact]
    public void ToString_Always_RoundTripInstantWithoutAdvancing()
    {
        var time = new ManualTimeProvider(Start) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

        time.ToString().ShouldBe("2024-03-01T12:00:00.0000000+00:00");
        time.ToString().ShouldBe("2024-03-01T12:00:00.0000000+00:00");
    }

    [Fact]
    public void CreateTimer_BeforeDueTime_DoesNotFire()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(9));

        fired.ShouldBe(0);
    }

    [Fact]
    public void CreateTimer_AtDueTime_FiresOnceWithStateOnCallingThread()
    {
        var time = new ManualTimeProvider(Start);
        var state = new object();
        var calls = new List<(object? State, int Thread, DateTimeOffset Now)>();
        using var timer = time.CreateTimer(
            s => calls.Add((s, Environment.CurrentManagedThreadId, time.GetUtcNow())),
            state,
            TimeSpan.FromSeconds(10),
            Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(100));

        calls.Count.ShouldBe(1);
        calls[0].State.ShouldBeSameAs(state);
        calls[0].Thread.ShouldBe(Environment.CurrentManagedThreadId);
        calls[0].Now.ShouldBe(Start.AddSeconds(10));
    }

    [Fact]
    public void CreateTimer_NullCallback_Throws()
    {
        var time = new ManualTimeProvider(Start);

        Should.Throw<ArgumentNullException>(() => time.CreateTimer(null!, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Theory]
    [InlineData(-2, -1)]
    [InlineData(0, -2)]
    [InlineData(4294967295L, -1)]
    public void CreateTimer_InvalidSpan_ThrowsArgumentOutOfRange(long dueMs, long periodMs)
    {
        var time = new ManualTimeProvider(Start);

        Should.Throw<ArgumentOutOfRangeException>(
            () => time.CreateTimer(_ => { }, null, TimeSpan.FromMilliseconds(dueMs), TimeSpan.FromMilliseconds(periodMs)));
    }

    [Fact]
    public void CreateTimer_ZeroDueTime_FiresOnNextAdvanceOfZero()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        fired.ShouldBe(0);
        time.Advance(TimeSpan.Zero);

        fired.ShouldBe(1);
    }

    [Fact]
    public void CreateTimer_InfiniteDueTime_NeverFires()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromDays(365));

        fired.ShouldBe(0);
    }

    [Fact]
    public void CreateTimer_ZeroPeriod_FiresOnce()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.Zero);

        time.Advance(TimeSpan.FromSeconds(10));

        fired.ShouldBe(1);
    }

    [Fact]
    public void Advance_PeriodicTimerAcrossSeveralPeriods_FiresOncePerPeriodAtEachInstant()
    {
        var time = new ManualTimeProvider(Start);
        var seen = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => seen.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        time.Advance(TimeSpan.FromSeconds(6));

        seen.ShouldBe([Start.AddSeconds(1), Start.AddSeconds(3), Start.AddSeconds(5)]);
        time.GetUtcNow().ShouldBe(Start.AddSeconds(6));

        time.Advance(TimeSpan.FromSeconds(1));
        seen.Count.ShouldBe(4);
        seen[^1].ShouldBe(Start.AddSeconds(7));
    }

    [Fact]
    public void Advance_SeveralTimers_FireInDueTimeOrderThenCreationOrder()
    {
        var time = new ManualTimeProvider(Start);
        var order = new List<string>();
        using var late = time.CreateTimer(_ => order.Add("late"), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var tieFirst = time.CreateTimer(_ => order.Add("tie-1"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => order.Add("early"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var tieSecond = time.CreateTimer(_ => order.Add("tie-2"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(5));

        order.ShouldBe(["early", "tie-1", "tie-2", "late"]);
    }

    [Fact]
    public void Advance_PeriodicAndOneShotInterleaved_FireInTimeOrder()
    {
        var time = new ManualTimeProvider(Start);
        var order = new List<string>();
        using var periodic = time.CreateTimer(_ => order.Add("p@" + (time.GetUtcNow() - Start).TotalSeconds), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        using var once = time.CreateTimer(_ => order.Add("o@" + (time.GetUtcNow() - Start).TotalSeconds), null, TimeSpan.FromSeconds(2.5), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(3));

        order.ShouldBe(["p@1", "p@2", "o@2.5", "p@3"]);
    }

    [Fact]
    public void SetUtcNow_PastDueTimes_FiresTimers()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        time.SetUtcNow(Start.AddMinutes(3));

        fired.ShouldBe(3);
    }

    [Fact]
    public void Change_NewDueTime_ReschedulesFromNow()
    {
        var time = new ManualTimeProvider(Start);
        var seen = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => seen.Add(time.GetUtcNow()), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        time.Advance(TimeSpan.FromSeconds(5));

        timer.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan).ShouldBeTrue();
        time.Advance(TimeSpan.FromSeconds(9));
        seen.ShouldBeEmpty();
        time.Advance(TimeSpan.FromSeconds(1));

        seen.ShouldBe([Start.AddSeconds(15)]);
    }

    [Fact]
    public void Change_InfiniteDueTime_StopsTimer()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan).ShouldBeTrue();
        time.Advance(TimeSpan.FromSeconds(10));

        fired.ShouldBe(1);
    }

    [Fact]
    public void Change_StoppedTimerRestartedWithPeriod_FiresPeriodically()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        timer.Change(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(4));

        fired.ShouldBe(4);
    }

    [Fact]
    public void Change_InvalidSpan_ThrowsArgumentOutOfRange()
    {
        var time = new ManualTimeProvider(Start);
        using var timer = time.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        Should.Throw<ArgumentOutOfRangeException>(() => timer.Change(TimeSpan.FromSeconds(-5), Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Change_AfterDispose_ReturnsFalse()
    {
        var time = new ManualTimeProvider(Start);
        var timer = time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();

        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan).ShouldBeFalse();
    }

    [Fact]
    public void Dispose_BeforeDueTime_NeverFires()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        timer.Dispose();
        timer.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));

        fired.ShouldBe(0);
    }

    [Fact]
    public async Task DisposeAsync_BeforeDueTime_NeverFires()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        await timer.DisposeAsync();
        time.Advance(TimeSpan.FromSeconds(10));

        fired.ShouldBe(0);
    }

    [Fact]
    public void Callback_DisposesOwnPeriodicTimer_StopsWithinSameAdvance()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        ITimer? timer = null;
        timer = time.CreateTimer(
            _ =>
            {
                if (++fired == 2)
                {
                    timer!.Dispose();
                }
            },
            null,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromSeconds(10));

        fired.ShouldBe(2);
    }

    [Fact]
    public void Callback_ChangesOwnTimer_NewScheduleRelativeToCallbackInstant()
    {
        var time = new ManualTimeProvider(Start);
        var seen = new List<DateTimeOffset>();
        ITimer? timer = null;
        timer = time.CreateTimer(
            _ =>
            {
                seen.Add(time.GetUtcNow());
                if (seen.Count == 1)
                {
                    timer!.Change(TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
                }
            },
            null,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromSeconds(10));

        seen.ShouldBe([Start.AddSeconds(1), Start.AddSeconds(4)]);
        timer.Dispose();
    }

    [Fact]
    public void Callback_CreatesTimerDueWithinAdvance_NewTimerFiresInSameAdvance()
    {
        var time = new ManualTimeProvider(Start);
        var seen = new List<string>();
        var created = new List<ITimer>();
        using var outer = time.CreateTimer(
            _ =>
            {
                seen.Add("outer@" + (time.GetUtcNow() - Start).TotalSeconds);
                created.Add(time.CreateTimer(
                    _ => seen.Add("inner@" + (time.GetUtcNow() - Start).TotalSeconds),
                    null,
                    TimeSpan.FromSeconds(2),
                    Timeout.InfiniteTimeSpan));
            },
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(5));

        seen.ShouldBe(["outer@1", "inner@3"]);
        created.ForEach(t => t.Dispose());
    }

    [Fact]
    public void Callback_CreatesTimerDueAfterAdvance_FiresOnLaterAdvance()
    {
        var time = new ManualTimeProvider(Start);
        var innerFired = 0;
        ITimer? inner = null;
        using var outer = time.CreateTimer(
            _ => inner = time.CreateTimer(_ => innerFired++, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan),
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromSeconds(5));
        innerFired.ShouldBe(0);
        time.Advance(TimeSpan.FromSeconds(6));

        innerFired.ShouldBe(1);
        inner!.Dispose();
    }

    [Fact]
    public void Callback_Throws_ExceptionPropagatesAndRemainingTimersFireOnNextAdvance()
    {
        var time = new ManualTimeProvider(Start);
        var fired = 0;
        using var failing = time.CreateTimer(_ => throw new InvalidOperationException("boom"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var other = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        Should.Throw<InvalidOperationException>(() => time.Advance(TimeSpan.FromSeconds(5)));
        fired.ShouldBe(0);
        time.Advance(TimeSpan.Zero);

        fired.ShouldBe(1);
        time.GetUtcNow().ShouldBe(Start.AddSeconds(5));
    }

    [Fact]
    public void TaskDelay_BeforeAdvance_NotCompleted_AfterAdvance_Completed()
    {
        var time = new ManualTimeProvider(Start);

        var delay = Task.Delay(TimeSpan.FromSeconds(30), time);

        delay.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(29));
        delay.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        delay.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public async Task TaskDelay_Awaited_ResumesAfterAdvance()
    {
        var time = new ManualTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromMinutes(1), time);

        time.Advance(TimeSpan.FromMinutes(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);

        time.GetUtcNow().ShouldBe(Start.AddMinutes(1));
    }

    [Fact]
    public async Task TaskDelay_Cancelled_CompletesAsCanceled()
    {
        var time = new ManualTimeProvider(Start);
        using var cts = new CancellationTokenSource();
        var delay = Task.Delay(TimeSpan.FromSeconds(30), time, cts.Token);

        await cts.CancelAsync();

        delay.IsCanceled.ShouldBeTrue();
        time.Advance(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void CancellationTokenSource_WithProvider_CancelsOnlyAfterAdvance()
    {
        var time = new ManualTimeProvider(Start);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);

        cts.IsCancellationRequested.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(9));
        cts.IsCancellationRequested.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));

        cts.IsCancellationRequested.ShouldBeTrue();
    }

    [Fact]
    public void CancellationTokenSource_CancelAfter_UsesVirtualClock()
    {
        var time = new ManualTimeProvider(Start);
        using var cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);

        cts.CancelAfter(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(4));
        cts.IsCancellationRequested.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));

        cts.IsCancellationRequested.ShouldBeTrue();
    }

    [Fact]
    public void Advance_ConcurrentCallers_AllTimeAccountedAndEachTimerFiresOnce()
    {
        var time = new ManualTimeProvider(Start);
        const int Timers = 200;
        var fired = new int[Timers];
        var timers = new List<ITimer>();
        for (var i = 0; i < Timers; i++)
        {
            var index = i;
            timers.Add(time.CreateTimer(_ => Interlocked.Increment(ref fired[index]), null, TimeSpan.FromMilliseconds(i + 1), Timeout.InfiniteTimeSpan));
        }

        Parallel.For(0, Timers, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => time.Advance(TimeSpan.FromMilliseconds(1)));

        time.GetUtcNow().ShouldBe(Start.AddMilliseconds(Timers));
        fired.ShouldAllBe(count => count == 1);
        timers.ForEach(t => t.Dispose());
    }
}
