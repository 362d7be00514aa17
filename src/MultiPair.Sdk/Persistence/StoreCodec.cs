using System.Data.Common;
using System.Globalization;

namespace MultiPair.Sdk.Persistence;

/// <summary>
/// How the SQL stores write and read values, the same in every database: decimals as invariant TEXT (exact, scale
/// kept), times as BIGINT UTC ticks, enums as INTEGER, flags as booleans (0/1 in SQLite).
/// </summary>
internal static class StoreCodec
{
    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static object Text(decimal? value) => value is { } v ? Text(v) : DBNull.Value;

    public static long Ticks(DateTimeOffset time) => time.UtcTicks;

    public static object Nullable(string? value) => value is null ? DBNull.Value : value;

    public static object Nullable<T>(T? value)
        where T : struct, Enum => value is { } v ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : DBNull.Value;

    public static decimal Decimal(DbDataReader reader, int ordinal) =>
        decimal.Parse(reader.GetString(ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    public static decimal? NullableDecimal(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Decimal(reader, ordinal);

    public static DateTimeOffset Time(DbDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Adds a parameter named <paramref name="name"/> (<c>@name</c> in the SQL of both stores); null becomes <see cref="DBNull"/>.</summary>
    public static void Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
