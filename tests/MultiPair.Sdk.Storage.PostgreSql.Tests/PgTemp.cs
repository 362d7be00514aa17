using System.Globalization;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Testing;
using Npgsql;

namespace MultiPair.Sdk.Storage.PostgreSql.Tests;

/// <summary>A schema of its own on the test server, dropped on dispose; creates stores ("workers") on it.</summary>
internal sealed class PgTemp : IAsyncDisposable
{
    public static readonly StoreIdentity PaperIdentity = PortfolioStoreContract.PaperIdentity;

    public string Schema { get; } = "t_" + Guid.NewGuid().ToString("N");

    public ManualTimeProvider Clock { get; } = new();

    public static string ConnectionString => PostgresServer.ConnectionString;

    public PostgresStoreOptions Options(string owner = "worker-a", TimeSpan? ttl = null, TimeSpan? commandTimeout = null) => new()
    {
        ConnectionString = ConnectionString,
        Schema = Schema,
        Owner = owner,
        LeaseTtl = ttl ?? TimeSpan.FromSeconds(30),
        RenewInterval = (ttl ?? TimeSpan.FromSeconds(30)) / 3,
        CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(15),
    };

    public PostgresPortfolioStore Create(string owner = "worker-a", TimeSpan? ttl = null, TimeSpan? commandTimeout = null) => new(Options(owner, ttl, commandTimeout), Clock);

    public async Task<PostgresPortfolioStore> OpenAsync(StoreIdentity? identity = null, string owner = "worker-a", TimeSpan? ttl = null, TimeSpan? commandTimeout = null)
    {
        var store = Create(owner, ttl, commandTimeout);
        try
        {
            await store.OpenAsync(identity ?? PaperIdentity);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens another connection on the schema (another process would see the same).</summary>
    public NpgsqlConnection Raw()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = Schema, Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    public long Count(string table, string? where = null)
    {
        using var connection = Raw();
        using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}" + (where is null ? string.Empty : " WHERE " + where), connection);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Execute(string sql)
    {
        using var connection = Raw();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
