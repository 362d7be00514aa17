namespace MultiPair.Sdk.Backtesting;

/// <summary>Calendar-aligned ticks for a time axis: whole hours, days, weeks (Mondays), months or years, in UTC.</summary>
internal static class TimeAxis
{
    private static readonly Step[] Steps =
    [
        new(Unit.Hour, 1), new(Unit.Hour, 2), new(Unit.Hour, 3), new(Unit.Hour, 6), new(Unit.Hour, 12),
        new(Unit.Day, 1), new(Unit.Day, 2), new(Unit.Week, 1), new(Unit.Week, 2),
        new(Unit.Month, 1), new(Unit.Month, 2), new(Unit.Month, 3), new(Unit.Month, 6),
        new(Unit.Year, 1), new(Unit.Year, 2), new(Unit.Year, 5), new(Unit.Year, 10), new(Unit.Year, 25), new(Unit.Year, 50), new(Unit.Year, 100),
    ];

    private enum Unit
    {
        Hour,
        Day,
        Week,
        Month,
        Year,
    }

    /// <summary>Picks the finest calendar step giving at most <paramref name="maxTicks"/> ticks in [start, end].</summary>
    /// <param name="start">The axis start.</param>
    /// <param name="end">The axis end (not before <paramref name="start"/>).</param>
    /// <param name="maxTicks">The most ticks wanted.</param>
    /// <returns>The ticks inside [start, end], in time order.</returns>
    public static IReadOnlyList<TimeTick> Ticks(DateTimeOffset start, DateTimeOffset end, int maxTicks)
    {
        var from = start.UtcDateTime;
        var to = end.UtcDateTime;
        if (to <= from)
        {
            return [];
        }

        foreach (var step in Steps)
        {
            if ((to - from).Ticks / step.Approximate.Ticks <= maxTicks)
            {
                return Generate(from, to, step);
            }
        }

        return Generate(from, to, Steps[^1]);
    }

    private static List<TimeTick> Generate(DateTime from, DateTime to, Step step)
    {
        var ticks = new List<TimeTick>();
        DateTime? previous = null;
        for (var time = First(from, step); time <= to && time != DateTime.MaxValue; time = Next(time, step))
        {
            ticks.Add(Label(new DateTimeOffset(time, TimeSpan.Zero), previous, step.Unit));
            previous = time;
        }

        return ticks;
    }

    private static TimeTick Label(DateTimeOffset time, DateTime? previous, Unit unit) => unit switch
    {
        Unit.Hour => new TimeTick(
            time,
            ReportText.Time(time, "HH:mm"),
            previous is null || previous.Value.Date != time.UtcDateTime.Date ? ReportText.Time(time, "MMM d") : null),
        Unit.Day or Unit.Week => new TimeTick(
            time,
            ReportText.Time(time, "MMM d"),
            previous is null || previous.Value.Year != time.Year ? ReportText.Time(time, "yyyy") : null),
        Unit.Month => new TimeTick(
            time,
            ReportText.Time(time, "MMM"),
            previous is null || previous.Value.Year != time.Year ? ReportText.Time(time, "yyyy") : null),
        _ => new TimeTick(time, ReportText.Time(time, "yyyy"), null),
    };

    private static DateTime First(DateTime from, Step step)
    {
        DateTime candidate;
        switch (step.Unit)
        {
            case Unit.Hour:
                candidate = new DateTime(from.Year, from.Month, from.Day, from.Hour, 0, 0, DateTimeKind.Utc);
                while (candidate < from || candidate.Hour % step.Count != 0)
                {
                    candidate = candidate.AddHours(1);
                }

                return candidate;
            case Unit.Day:
                candidate = from.Date;
                while (candidate < from || (long)(candidate - DateTime.UnixEpoch).TotalDays % step.Count != 0)
                {
                    candidate = candidate.AddDays(1);
                }

                return candidate;
            case Unit.Week:
                candidate = from.Date;
                while (candidate < from || candidate.DayOfWeek != DayOfWeek.Monday || (long)(candidate - DateTime.UnixEpoch).TotalDays / 7 % step.Count != 0)
                {
                    candidate = candidate.AddDays(1);
                }

                return candidate;
            case Unit.Month:
                candidate = new DateTime(from.Year, from.Month, 1, 0, 0, 0, DateTimeKind.Utc);
                while (candidate < from || (candidate.Month - 1) % step.Count != 0)
                {
                    candidate = candidate.AddMonths(1);
                }

                return candidate;
            default:
                candidate = new DateTime(from.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                while (candidate < from || candidate.Year % step.Count != 0)
                {
                    if (candidate.Year > 9998 - step.Count)
                    {
                        return DateTime.MaxValue;
                    }

                    candidate = candidate.AddYears(1);
                }

                return candidate;
        }
    }

    private static DateTime Next(DateTime time, Step step)
    {
        if (DateTime.MaxValue - time < step.Approximate * 1.2)
        {
            return DateTime.MaxValue;
        }

        return step.Unit switch
        {
            Unit.Hour => time.AddHours(step.Count),
            Unit.Day => time.AddDays(step.Count),
            Unit.Week => time.AddDays(7 * step.Count),
            Unit.Month => time.AddMonths(step.Count),
            _ => time.AddYears(step.Count),
        };
    }

    private sealed record Step(Unit Unit, int Count)
    {
        public TimeSpan Approximate => Unit switch
        {
            Unit.Hour => TimeSpan.FromHours(Count),
            Unit.Day => TimeSpan.FromDays(Count),
            Unit.Week => TimeSpan.FromDays(7 * Count),
            Unit.Month => TimeSpan.FromDays(30.44 * Count),
            _ => TimeSpan.FromDays(365.25 * Count),
        };
    }
}
