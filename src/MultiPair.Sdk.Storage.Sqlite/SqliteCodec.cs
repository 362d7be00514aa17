using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>Command helpers; values are encoded by the shared <see cref="Persistence.StoreCodec"/>.</summary>
internal static class SqliteCodec
{
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
