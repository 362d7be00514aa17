using System.Globalization;
using System.Text.Json;

namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>Strict readers over <see cref="JsonElement"/>: a missing field or a wrong type throws <see cref="BinanceMalformedException"/>.</summary>
internal static class BinanceJson
{
    public static JsonElement Property(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new BinanceMalformedException($"Expected an object holding '{name}', found {obj.ValueKind}.");
        }

        return obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new BinanceMalformedException($"Missing field '{name}'.");
    }

    public static bool TryProperty(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    public static string String(JsonElement obj, string name)
    {
        var value = Property(obj, name);
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new BinanceMalformedException($"Field '{name}' is {value.ValueKind}, not a string."),
        };
    }

    public static string? OptionalString(JsonElement obj, string name) =>
        TryProperty(obj, name, out _) ? String(obj, name) : null;

    public static decimal Decimal(JsonElement obj, string name) => ToDecimal(Property(obj, name), name);

    public static decimal? OptionalDecimal(JsonElement obj, string name) =>
        TryProperty(obj, name, out var value) ? ToDecimal(value, name) : null;

    public static decimal ToDecimal(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String
            && decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new BinanceMalformedException($"Field '{name}' is not a number: {Truncate(value.GetRawText(), 40)}.");
    }

    public static long Long(JsonElement obj, string name) => ToLong(Property(obj, name), name);

    public static long? OptionalLong(JsonElement obj, string name) =>
        TryProperty(obj, name, out var value) ? ToLong(value, name) : null;

    public static long ToLong(JsonElement value, string name)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String
            && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new BinanceMalformedException($"Field '{name}' is not an integer: {Truncate(value.GetRawText(), 40)}.");
    }

    public static bool OptionalBool(JsonElement obj, string name, bool fallback)
    {
        if (!TryProperty(obj, name, out var value))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw new BinanceMalformedException($"Field '{name}' is not a boolean."),
        };
    }

    public static DateTimeOffset Time(long unixMilliseconds)
    {
        try
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new BinanceMalformedException($"Time {unixMilliseconds} is out of range.", ex);
        }
    }

    public static JsonElement.ArrayEnumerator Array(JsonElement value, string what) =>
        value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new BinanceMalformedException($"Expected an array of {what}, found {value.ValueKind}.");

    public static string Truncate(string text, int length) =>
        text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");
}
