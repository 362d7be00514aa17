using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>How values are written to and read from columns: decimals as invariant TEXT (exact, scale kept), times as UTC ticks.</summary>
internal static class SqliteCodec
{
    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static object Text(decimal? value) => value is { } v ? Text(v) : DBNull.Value;

    public static long Ticks(DateTimeOffset time) => time.UtcTicks;

    public static object Nullable(string? value) => value is null ? DBNull.Value : value;

    public static object Nullable<T>(T? value)
        where T : struct, Enum => value is { } v ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : DBNull.Value;

    public static decimal Decimal(SqliteDataReader reader, int ordinal) =>
        decimal.Parse(reader.GetString(ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    public static decimal? NullableDecimal(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Decimal(reader, ordinal);

    public static DateTimeOffset Time(SqliteDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

    public static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static string? ScalarText(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
