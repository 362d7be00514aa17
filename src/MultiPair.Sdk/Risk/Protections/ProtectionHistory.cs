using System.Globalization;
using System.Runtime.InteropServices;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// What every protection shares: picking the trades of one pair (or all pairs) from a snapshot, finding the latest
/// trade that triggered a lock still in force, the settings checks, and the cooldown decision.
/// </summary>
/// <remarks>
/// A lock is derived, never stored: a trade at instant T (its close, or its open for open-based protections) triggers
/// a lock when it and the trades in scope from T − lookback to T (both inclusive; trades at the same instant count as
/// simultaneous) meet the protection's condition; the lock holds while the decision time is before T + lock duration.
/// So the lookback is measured from the trigger, as if the lock had been set when the trade closed, and a lock
/// outlives its lookback window.
/// </remarks>
internal static class ProtectionHistory
{
    /// <summary>The longest duration a protection setting accepts.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(365);

    /// <summary>The close time of a closed position.</summary>
    public static readonly Func<Position, DateTimeOffset> ClosedAt = static p => p.ClosedAt ?? p.OpenedAt;

    /// <summary>The open time of a position.</summary>
    public static readonly Func<Position, DateTimeOffset> OpenedAt = static p => p.OpenedAt;

    /// <summary>Gets the closed trades of <paramref name="pair"/> (all pairs when null) closed at or before the snapshot time, oldest close first.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="pair">The pair, or <see langword="null"/> for all pairs.</param>
    /// <returns>The trades.</returns>
    public static List<Position> Closed(PortfolioSnapshot snapshot, TradingPair? pair) =>
        [.. snapshot.ClosedPositions
            .Where(p => p.ClosedAt is { } closed && closed <= snapshot.Time && InScope(p, pair))
            .OrderBy(ClosedAt)];

    /// <summary>Gets the positions of <paramref name="pair"/> (all pairs when null), open or closed, opened at or before the snapshot time, oldest open first.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="pair">The pair, or <see langword="null"/> for all pairs.</param>
    /// <returns>The positions.</returns>
    public static List<Position> Opened(PortfolioSnapshot snapshot, TradingPair? pair) =>
        [.. snapshot.ClosedPositions.Concat(snapshot.Positions)
            .Where(p => p.OpenedAt <= snapshot.Time && InScope(p, pair))
            .DistinctBy(p => p.Id)
            .OrderBy(OpenedAt)];

    /// <summary>Finds the lock still in force at <paramref name="now"/> that ends last, if any.</summary>
    /// <param name="trades">The trades in scope, ordered by <paramref name="timeOf"/>.</param>
    /// <param name="timeOf">The instant of a trade that may trigger a lock (its close or its open).</param>
    /// <param name="now">The decision time.</param>
    /// <param name="lookback">How far before a trigger the window reaches (inclusive).</param>
    /// <param name="lockDuration">How long a lock lasts from its trigger.</param>
    /// <param name="condition">Whether a candidate trigger and its window start a lock.</param>
    /// <returns>The lock, or <see langword="null"/>.</returns>
    public static ProtectionLock? FindLock(List<Position> trades, Func<Position, DateTimeOffset> timeOf, DateTimeOffset now, TimeSpan lookback, TimeSpan lockDuration, WindowCondition condition)
    {
        var span = CollectionsMarshal.AsSpan(trades);
        for (var i = span.Length - 1; i >= 0; i--)
        {
            var at = timeOf(span[i]);
            var until = at + lockDuration;
            if (until <= now)
            {
                // Ordered by time: every earlier trigger ends earlier still.
                break;
            }

            var from = at - lookback;
            var start = i;
            while (start > 0 && timeOf(span[start - 1]) >= from)
            {
                start--;
            }

            var end = i;
            while (end + 1 < span.Length && timeOf(span[end + 1]) == at)
            {
                end++;
            }

            var window = span[start..(end + 1)];
            if (condition(window, span[i]))
            {
                return new ProtectionLock(span[i], at, until, window.ToArray());
            }
        }

        return null;
    }

    /// <summary>The cooldown rejection: names the pair (or all pairs), the lock end in ISO 8601 and the cause.</summary>
    /// <param name="pair">The locked pair, or <see langword="null"/> when all pairs are locked.</param>
    /// <param name="until">When the lock ends.</param>
    /// <param name="cause">What triggered it.</param>
    /// <returns>The decision.</returns>
    public static RiskDecision Locked(TradingPair? pair, DateTimeOffset until, string cause) =>
        RiskDecision.Reject(
            RiskReasonCode.Cooldown,
            string.Create(CultureInfo.InvariantCulture, $"Entries in {(pair is { } p ? p.ToString() : "all pairs")} are locked until {Iso(until)}: {cause}."));

    /// <summary>Formats an instant in ISO 8601 (round-trip format, UTC, invariant culture).</summary>
    /// <param name="time">The instant.</param>
    /// <returns>The text.</returns>
    public static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Whether a lock duration, lookback or window is usable: positive and at most <see cref="MaxDuration"/>.</summary>
    /// <param name="value">The duration.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidDuration(TimeSpan value) => value > TimeSpan.Zero && value <= MaxDuration;

    /// <summary>The rule text for a bad duration, for <c>RiskRule.Problem</c>.</summary>
    public const string DurationRule = "must be positive and at most 365 days";

    /// <summary>The rule text for a bad count, for <c>RiskRule.Problem</c>.</summary>
    public const string CountRule = "must be at least 1";

    private static bool InScope(Position position, TradingPair? pair) => pair is not { } only || position.Pair == only;
}
