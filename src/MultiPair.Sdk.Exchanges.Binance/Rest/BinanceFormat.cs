using System.Globalization;

namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>Invariant, exponent-free number formatting for request parameters.</summary>
internal static class BinanceFormat
{
    // 28 optional digits: every decimal's fraction fits, and no exponent or trailing zeros are produced.
    private const string DecimalFormat = "0.############################";

    public static string Decimal(decimal value) => value.ToString(DecimalFormat, CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static long UnixMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
