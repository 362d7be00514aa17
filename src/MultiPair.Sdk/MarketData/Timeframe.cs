using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MultiPair.Sdk.MarketData;

/// <summary>A bar period such as <c>1m</c>, <c>5m</c>, <c>1h</c>, <c>4h</c> or <c>1d</c>.</summary>
/// <remarks>Immutable and thread-safe. A whole number of seconds, at most 7 days. <c>default</c> is not valid.</remarks>
public readonly record struct Timeframe : IComparable<Timeframe>
{
    // Declared first: the static timeframes below are validated against it.
    private static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    /// <summary>One minute.</summary>
    public static readonly Timeframe OneMinute = new(TimeSpan.FromMinutes(1));

    /// <summary>Five minutes.</summary>
    public static readonly Timeframe FiveMinutes = new(TimeSpan.FromMinutes(5));

    /// <summary>Fifteen minutes.</summary>
    public static readonly Timeframe FifteenMinutes = new(TimeSpan.FromMinutes(15));

    /// <summary>One hour.</summary>
    public static readonly Timeframe OneHour = new(TimeSpan.FromHours(1));

    /// <summary>Four hours.</summary>
    public static readonly Timeframe FourHours = new(TimeSpan.FromHours(4));

    /// <summary>One day.</summary>
    public static readonly Timeframe OneDay = new(TimeSpan.FromDays(1));

    /// <summary>Initializes a new timeframe.</summary>
    /// <param name="duration">A positive whole number of seconds, at most 7 days.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive, not whole seconds, or longer than 7 days.</exception>
    public Timeframe(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero || duration > Longest || duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A timeframe is a positive whole number of seconds, at most 7 days.");
        }

        Duration = duration;
    }

    /// <summary>Gets the bar period.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Parses <c>30s</c>, <c>1m</c>, <c>15m</c>, <c>1h</c>, <c>4h</c>, <c>1d</c>, <c>1w</c> (the unit letters are case-sensitive: <c>M</c> is not minutes).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The timeframe.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not a timeframe.</exception>
    public static Timeframe Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var timeframe)
            ? timeframe
            : throw new FormatException($"'{text}' is not a timeframe: use a count and a unit s, m, h, d or w, for example 5m, 1h or 1d.");
    }

    /// <summary>Tries to parse a timeframe such as <c>5m</c> or <c>1h</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="timeframe">The timeframe, when this returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid timeframe.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out Timeframe timeframe)
    {
        timeframe = default;
        if (text is null || text.Length < 2)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var unit = span[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => TimeSpan.Zero,
        };
        if (unit == TimeSpan.Zero
            || !int.TryParse(span[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count <= 0
            || count > Longest / unit)
        {
            return false;
        }

        timeframe = new Timeframe(unit * count);
        return true;
    }

    /// <summary>Returns the open time of the bar of this timeframe that contains <paramref name="instant"/> (bars are aligned to the Unix epoch, in UTC).</summary>
    /// <param name="instant">Any instant.</param>
    /// <returns>The bar's open time, in UTC.</returns>
    public DateTimeOffset BarOpenTime(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var remainder = ticks % Duration.Ticks;
        if (remainder < 0)
        {
            remainder += Duration.Ticks;
        }

        return new DateTimeOffset(instant.UtcTicks - remainder, TimeSpan.Zero);
    }

    /// <inheritdoc />
    public int CompareTo(Timeframe other) => Duration.CompareTo(other.Duration);

    /// <summary>Returns the shortest spelling: <c>1m</c>, <c>4h</c>, <c>1d</c>, <c>90s</c>.</summary>
    /// <returns>The spelling.</returns>
    public override string ToString()
    {
        var seconds = (long)Duration.TotalSeconds;
        return seconds switch
        {
            0 => string.Empty,
            _ when seconds % 604_800 == 0 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 604_800}w"),
            _ when seconds % 86_400 == 0 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86_400}d"),
            _ when seconds % 3_600 == 0 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3_600}h"),
            _ when seconds % 60 == 0 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{seconds}s"),
        };
    }

    /// <summary>Compares two timeframes by duration.</summary>
    /// <param name="left">The first timeframe.</param>
    /// <param name="right">The second timeframe.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is shorter.</returns>
    public static bool operator <(Timeframe left, Timeframe right) => left.CompareTo(right) < 0;

    /// <summary>Compares two timeframes by duration.</summary>
    /// <param name="left">The first timeframe.</param>
    /// <param name="right">The second timeframe.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is longer.</returns>
    public static bool operator >(Timeframe left, Timeframe right) => left.CompareTo(right) > 0;

    /// <summary>Compares two timeframes by duration.</summary>
    /// <param name="left">The first timeframe.</param>
    /// <param name="right">The second timeframe.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is not longer.</returns>
    public static bool operator <=(Timeframe left, Timeframe right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two timeframes by duration.</summary>
    /// <param name="left">The first timeframe.</param>
    /// <param name="right">The second timeframe.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is not shorter.</returns>
    public static bool operator >=(Timeframe left, Timeframe right) => left.CompareTo(right) >= 0;
}
