using System.Globalization;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Backtesting;

/// <summary>The checks both candle readers apply to a parsed row, so JSON and CSV reject the same data the same way.</summary>
internal static class CandleRow
{
    internal const long MinUnixMilliseconds = -62_135_596_800_000;
    internal const long MaxUnixMilliseconds = 253_402_300_799_999;

    /// <summary>Checks one row against the previous row's open time and builds the bar.</summary>
    /// <returns>A description of the problem, or <see langword="null"/> when <paramref name="bar"/> is valid.</returns>
    internal static string? TryCreate(
        TradingPair pair,
        Timeframe timeframe,
        long openTimeMs,
        long previousOpenTimeMs,
        bool hasPrevious,
        double open,
        double high,
        double low,
        double close,
        double volume,
        out Bar bar)
    {
        bar = default;
        if (openTimeMs is < MinUnixMilliseconds or > MaxUnixMilliseconds)
        {
            return Invariant($"open_time_ms {openTimeMs} is out of range.");
        }

        if (hasPrevious && openTimeMs == previousOpenTimeMs)
        {
            return Invariant($"duplicate timestamp: open_time_ms {openTimeMs} ({Format(openTimeMs)}) repeats the previous row.");
        }

        if (hasPrevious && openTimeMs < previousOpenTimeMs)
        {
            return Invariant($"unsorted timestamps: open_time_ms {openTimeMs} ({Format(openTimeMs)}) is before the previous row's {previousOpenTimeMs} ({Format(previousOpenTimeMs)}).");
        }

        if ((BadPrice("open", open) ?? BadPrice("high", high) ?? BadPrice("low", low) ?? BadPrice("close", close)) is { } priceProblem)
        {
            return priceProblem;
        }

        if (high < low)
        {
            return Invariant($"high {high} is below low {low}.");
        }

        if (Bar.Validate(pair, timeframe, open, high, low, close, volume) is { } problem)
        {
            return problem;
        }

        bar = new Bar(pair, timeframe, DateTimeOffset.FromUnixTimeMilliseconds(openTimeMs), open, high, low, close, volume);
        return null;
    }

    private static string? BadPrice(string column, double value)
    {
        if (double.IsNaN(value))
        {
            return $"{column} is NaN.";
        }

        if (!double.IsFinite(value))
        {
            return Invariant($"{column} {value} is not finite.");
        }

        return value <= 0 ? Invariant($"{column} {value} is not a positive price.") : null;
    }

    private static string Format(long openTimeMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(openTimeMs).ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
