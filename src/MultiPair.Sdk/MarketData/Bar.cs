using System.Globalization;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>One OHLCV candle of one pair and timeframe. Prices in the quote asset, volume in base units.</summary>
/// <remarks>
/// Immutable and thread-safe. Market data is <see cref="double"/> for speed (see DESIGN: money that reaches the ledger or
/// an exchange is <see cref="decimal"/>). Construction rejects bad data: use <see cref="Validate"/> at adapter
/// boundaries to count and drop bad rows without exceptions.
/// </remarks>
public readonly record struct Bar
{
    /// <summary>Initializes a new bar.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="openTime">When the bar opened.</param>
    /// <param name="open">The first price.</param>
    /// <param name="high">The highest price.</param>
    /// <param name="low">The lowest price.</param>
    /// <param name="close">The last price.</param>
    /// <param name="volume">The traded volume in base units.</param>
    /// <exception cref="ArgumentException">The pair or timeframe is default, a price is not finite and positive, the volume is negative or not finite, or the high/low do not contain the open and close.</exception>
    public Bar(TradingPair pair, Timeframe timeframe, DateTimeOffset openTime, double open, double high, double low, double close, double volume)
    {
        if (Validate(pair, timeframe, open, high, low, close, volume) is { } error)
        {
            throw new ArgumentException(error, nameof(open));
        }

        Pair = pair;
        Timeframe = timeframe;
        OpenTime = openTime;
        Open = open;
        High = high;
        Low = low;
        Close = close;
        Volume = volume;
    }

    /// <summary>Initializes a bar from values already known to make a valid bar (a copy of one), without checking them again.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="openTime">When the bar opened.</param>
    /// <param name="open">The first price.</param>
    /// <param name="high">The highest price.</param>
    /// <param name="low">The lowest price.</param>
    /// <param name="close">The last price.</param>
    /// <param name="volume">The traded volume in base units.</param>
    /// <param name="validated">Marks the trusted overload; ignored.</param>
    internal Bar(TradingPair pair, Timeframe timeframe, DateTimeOffset openTime, double open, double high, double low, double close, double volume, bool validated)
    {
        _ = validated;
        Pair = pair;
        Timeframe = timeframe;
        OpenTime = openTime;
        Open = open;
        High = high;
        Low = low;
        Close = close;
        Volume = volume;
    }

    /// <summary>Gets the pair.</summary>
    public TradingPair Pair { get; }

    /// <summary>Gets the bar period.</summary>
    public Timeframe Timeframe { get; }

    /// <summary>Gets when the bar opened.</summary>
    public DateTimeOffset OpenTime { get; }

    /// <summary>Gets when the bar closes: <see cref="OpenTime"/> plus the timeframe.</summary>
    public DateTimeOffset CloseTime => OpenTime + Timeframe.Duration;

    /// <summary>Gets the first price.</summary>
    public double Open { get; }

    /// <summary>Gets the highest price.</summary>
    public double High { get; }

    /// <summary>Gets the lowest price.</summary>
    public double Low { get; }

    /// <summary>Gets the last price.</summary>
    public double Close { get; }

    /// <summary>Gets the traded volume in base units.</summary>
    public double Volume { get; }

    /// <summary>Checks candle values without throwing.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="open">The first price.</param>
    /// <param name="high">The highest price.</param>
    /// <param name="low">The lowest price.</param>
    /// <param name="close">The last price.</param>
    /// <param name="volume">The volume.</param>
    /// <returns>A description of the first problem, or <see langword="null"/> when the values make a valid bar.</returns>
    public static string? Validate(TradingPair pair, Timeframe timeframe, double open, double high, double low, double close, double volume)
    {
        if (pair.IsDefault)
        {
            return "A bar needs a pair.";
        }

        if (timeframe == default)
        {
            return "A bar needs a timeframe.";
        }

        if (!IsPrice(open) || !IsPrice(high) || !IsPrice(low) || !IsPrice(close))
        {
            return Invariant($"Bar prices must be finite and positive: open {open}, high {high}, low {low}, close {close}.");
        }

        if (!double.IsFinite(volume) || volume < 0)
        {
            return Invariant($"Bar volume must be finite and not negative: {volume}.");
        }

        if (high < low || open > high || open < low || close > high || close < low)
        {
            return Invariant($"The high and low must contain the open and close: open {open}, high {high}, low {low}, close {close}.");
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Invariant($"{Pair} {Timeframe} {OpenTime:O} O {Open} H {High} L {Low} C {Close} V {Volume}");

    private static bool IsPrice(double value) => double.IsFinite(value) && value > 0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
