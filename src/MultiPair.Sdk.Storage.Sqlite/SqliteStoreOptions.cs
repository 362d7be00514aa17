namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>Settings of the SQLite portfolio store. Set them in <c>UseSqliteStore(o =&gt; ...)</c> or pass them to <see cref="SqlitePortfolioStore"/>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Gets or sets the database file's path; its folder is created when missing.</summary>
    /// <value>The default value is <c>multipair.db</c> in the current directory.</value>
    public string DatabasePath { get; set; } = "multipair.db";

    /// <summary>Gets or sets how long a write waits for another connection's lock before failing with <see cref="Persistence.StoreErrorKind.Locked"/>.</summary>
    /// <value>The default value is 5 seconds; between 1 millisecond and 10 minutes.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how hard each commit is flushed.</summary>
    /// <value>The default value is <see cref="SqliteSynchronousMode.Full"/>.</value>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>Gets or sets a value indicating whether an existing database is copied (<c>VACUUM INTO</c>) before a migration changes it.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool BackupBeforeMigration { get; set; } = true;

    /// <summary>Gets or sets the owner's name written with the lease; <see langword="null"/> uses the machine name and process id.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Owner { get; set; }

    /// <summary>Lists every problem with these settings.</summary>
    /// <returns>The problems; empty when the settings are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            errors.Add("SqliteStoreOptions.DatabasePath is required.");
        }
        else if (DatabasePath.Contains('\0', StringComparison.Ordinal) || DatabasePath.StartsWith(':'))
        {
            errors.Add($"SqliteStoreOptions.DatabasePath '{DatabasePath}' is not a file path (in-memory databases are not durable).");
        }

        if (BusyTimeout < TimeSpan.FromMilliseconds(1) || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"SqliteStoreOptions.BusyTimeout must be between 1 ms and 10 minutes; it is {BusyTimeout}.");
        }

        if (!Enum.IsDefined(Synchronous))
        {
            errors.Add($"SqliteStoreOptions.Synchronous {Synchronous} is not defined.");
        }

        if (Owner is not null && (Owner.Length is 0 or > 200))
        {
            errors.Add("SqliteStoreOptions.Owner must be 1 to 200 characters when set.");
        }

        return errors;
    }
}
