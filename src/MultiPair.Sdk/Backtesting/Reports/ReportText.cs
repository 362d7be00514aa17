using System.Globalization;
using System.Text;

namespace MultiPair.Sdk.Backtesting;

/// <summary>Culture-invariant number, time and text formatting for <see cref="HtmlReport"/>.</summary>
/// <remarks>
/// Every number uses '.' as the decimal separator and a narrow no-break space (U+202F) to group thousands, whatever
/// the current culture, so no number is ever written with a comma. <see cref="Encode"/> writes pure ASCII: markup
/// characters and every non-ASCII character become character references.
/// </remarks>
internal static class ReportText
{
    /// <summary>The text shown for an undefined statistic.</summary>
    public const string NotAvailable = "n/a";

    private static readonly NumberFormatInfo Numbers = CreateNumbers();

    /// <summary>Formats money with two decimals and grouped thousands, e.g. <c>10 250.75</c>.</summary>
    public static string Money(decimal value) => Normalize(decimal.Round(value, 2, MidpointRounding.AwayFromZero)).ToString("#,0.00", Numbers);

    /// <summary>Formats money with an explicit sign, e.g. <c>+12.50</c> or <c>-3.10</c>.</summary>
    public static string SignedMoney(decimal value)
    {
        var rounded = Normalize(decimal.Round(value, 2, MidpointRounding.AwayFromZero));
        return (rounded > 0 ? "+" : string.Empty) + rounded.ToString("#,0.00", Numbers);
    }

    /// <summary>Formats a price or quantity with up to eight decimals and no trailing zeros.</summary>
    public static string Amount(decimal value) => Normalize(decimal.Round(value, 8, MidpointRounding.AwayFromZero)).ToString("#,0.########", Numbers);

    /// <summary>Formats a fraction as a percentage, e.g. 0.1234 as <c>12.34%</c>.</summary>
    public static string Percent(double fraction, int decimals = 2) => Fixed(fraction * 100, decimals) + "%";

    /// <summary>Formats a fraction as a signed percentage, e.g. 0.1234 as <c>+12.34%</c>.</summary>
    public static string SignedPercent(double fraction, int decimals = 2)
    {
        var text = Fixed(fraction * 100, decimals);
        return (fraction > 0 && text.Any(c => c is >= '1' and <= '9') ? "+" : string.Empty) + text + "%";
    }

    /// <summary>Formats a ratio with two decimals; infinity as ∞ and a missing value as <see cref="NotAvailable"/>.</summary>
    public static string Ratio(double? value) => value switch
    {
        null => NotAvailable,
        double.PositiveInfinity => "\u221E",
        double.NegativeInfinity => "-\u221E",
        _ => Fixed(value.Value, 2),
    };

    /// <summary>Formats a number with a fixed number of decimals and grouped thousands.</summary>
    public static string Fixed(double value, int decimals)
    {
        if (!double.IsFinite(value))
        {
            return NotAvailable;
        }

        var rounded = Math.Round(value, Math.Clamp(decimals, 0, 15), MidpointRounding.AwayFromZero);
        if (rounded == 0)
        {
            rounded = 0; // no "-0"
        }

        return rounded.ToString(decimals <= 0 ? "#,0" : "#,0." + new string('0', decimals), Numbers);
    }

    /// <summary>Formats an integer with grouped thousands.</summary>
    public static string Count(long value) => value.ToString("#,0", Numbers);

    /// <summary>Formats an SVG coordinate (one decimal, no grouping).</summary>
    public static string Coordinate(double value) =>
        double.IsFinite(value) ? Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture) : "0";

    /// <summary>Formats an instant in UTC as <c>yyyy-MM-dd HH:mm</c>.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Formats an instant in UTC with a pattern (invariant month names).</summary>
    public static string Time(DateTimeOffset time, string pattern) => time.UtcDateTime.ToString(pattern, CultureInfo.InvariantCulture);

    /// <summary>Formats a duration compactly, e.g. <c>3d 4h</c>, <c>5h 30m</c> or <c>45m</c>.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            return "-" + Duration(duration.Duration());
        }

        long days = (long)duration.TotalDays;
        if (days > 0)
        {
            return duration.Hours > 0 ? Count(days) + "d " + Count(duration.Hours) + "h" : Count(days) + "d";
        }

        if (duration.Hours > 0)
        {
            return duration.Minutes > 0 ? Count(duration.Hours) + "h " + Count(duration.Minutes) + "m" : Count(duration.Hours) + "h";
        }

        return duration.Minutes > 0 || duration.Seconds == 0 ? Count(duration.Minutes) + "m" : Count(duration.Seconds) + "s";
    }

    /// <summary>Shortens a text to at most <paramref name="maxLength"/> characters, ending it with an ellipsis when cut.</summary>
    public static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, Math.Max(1, maxLength - 1)), "\u2026");

    /// <summary>HTML-encodes a text for element content or a quoted attribute value; the result is pure ASCII.</summary>
    /// <remarks>Control characters (other than tab, line feed and carriage return) and unpaired surrogates become U+FFFD.</remarks>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder? builder = null;
        int copied = 0;
        int index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var replacement = Replacement(rune);
            if (replacement is not null)
            {
                builder ??= new StringBuilder(text.Length + 16);
                builder.Append(text, copied, index - copied).Append(replacement);
                copied = index + rune.Utf16SequenceLength;
            }

            index += rune.Utf16SequenceLength;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    private static string? Replacement(Rune rune) => rune.Value switch
    {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&#39;",
        '\t' or '\n' or '\r' => null,
        < 0x20 or 0x7F => "&#xFFFD;",
        > 0x7E => "&#x" + rune.Value.ToString("X", CultureInfo.InvariantCulture) + ";",
        _ => null,
    };

    private static decimal Normalize(decimal value) => value == 0m ? 0m : value;

    private static NumberFormatInfo CreateNumbers()
    {
        var numbers = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        numbers.NumberGroupSeparator = "\u202F";
        numbers.NumberDecimalSeparator = ".";
        numbers.NegativeSign = "-";
        return NumberFormatInfo.ReadOnly(numbers);
    }
}
