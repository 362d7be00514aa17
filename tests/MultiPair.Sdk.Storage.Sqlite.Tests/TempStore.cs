using Microsoft.Data.Sqlite;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Storage.Sqlite.Tests;

/// <summary>A temporary folder holding SQLite files; deleted on dispose.</summary>
internal sealed class TempStore : IDisposable
{
    public static readonly StoreIdentity PaperIdentity = new("binance-spot", "acct-1", TradingMode.Paper, "main");

    public TempStore()
    {
        Folder = Path.Combine(Path.GetTempPath(), "mp-store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DatabasePath = Path.Combine(Folder, "portfolio.db");
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    public ManualTimeProvider Clock { get; } = new();

    public SqlitePortfolioStore Create(string? path = null, TimeSpan? busyTimeout = null) =>
        new(new SqliteStoreOptions { DatabasePath = path ?? DatabasePath, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(5), Owner = "test" }, Clock);

    public async Task<SqlitePortfolioStore> OpenAsync(StoreIdentity? identity = null, string? path = null, TimeSpan? busyTimeout = null)
    {
        var store = Create(path, busyTimeout);
        await store.OpenAsync(identity ?? PaperIdentity);
        return store;
    }

    /// <summary>Opens a second, independent connection (another process would see the same).</summary>
    public SqliteConnection Raw(string? path = null)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path ?? DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public long Count(string table, string? where = null)
    {
        using var connection = Raw();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}" + (where is null ? string.Empty : " WHERE " + where);
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
