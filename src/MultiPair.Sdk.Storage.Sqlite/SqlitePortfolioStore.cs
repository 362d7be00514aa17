using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using static MultiPair.Sdk.Persistence.StoreCodec;
using static MultiPair.Sdk.Storage.Sqlite.SqliteCodec;

namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>
/// The embedded portfolio store: one SQLite file in WAL mode, one writer connection, one transaction per
/// <see cref="AppendAsync"/>, versioned migrations with a backup first, an identity tag and a fencing token.
/// See <c>docs/persistence.md</c> for the schema.
/// </summary>
/// <remarks>
/// Thread-safe: operations are serialized on one connection. Microsoft.Data.Sqlite has no asynchronous I/O, so an
/// uncontended call completes synchronously (a commit waits for the disk flush): call it off latency-critical
/// threads. Every failure is thrown as <see cref="PortfolioStoreException"/> and published on <see cref="Errors"/>.
/// </remarks>
public sealed class SqlitePortfolioStore : IPortfolioStore, IDisposable
{
    private const int SnapshotsKept = 3;

    /// <summary>The shared statements; the client-order sequence comes from AUTOINCREMENT, which never reuses a number.</summary>
    private static readonly StoreSql Sql = StoreSql.Single with
    {
        SelectNextClientOrderSequence = "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'intents'), 0) + 1;",
    };

    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly StoreOperations _operations;
    private SqliteConnection? _connection;
    private bool _disposed;

    /// <summary>Initializes a new store; nothing is touched until <see cref="OpenAsync"/>.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock that stamps intents, leases and backups; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public SqlitePortfolioStore(SqliteStoreOptions options, TimeProvider? timeProvider = null, ILogger<SqlitePortfolioStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid SQLite store options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        DatabasePath = Path.GetFullPath(options.DatabasePath);
        _operations = new StoreOperations(
            _timeProvider,
            (operation, exception, _) => Log.Failed(_logger, DatabasePath, operation, exception.Kind, exception),
            (exception, _) => Log.SubscriberFailed(_logger, DatabasePath, exception));
    }

    /// <summary>Gets the schema version this code writes.</summary>
    public static int CurrentSchemaVersion => SqliteSchema.CurrentVersion;

    /// <summary>
    /// Reads the positions read model of a store file without opening it for writing (no identity check, no lease): what a
    /// dashboard shows. The file is opened read-only; a running portfolio may keep writing meanwhile.
    /// </summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The positions, open and closed, in the order they opened.</returns>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="PortfolioStoreException">The file is missing, not a store, or unreadable.</exception>
    public static async Task<IReadOnlyList<StoredPosition>> ReadPositionsAsync(string databasePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        if (!File.Exists(databasePath))
        {
            throw new PortfolioStoreException(StoreErrorKind.Other, $"There is no store at {databasePath}.");
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT position_id, pair, sleeve, side, quantity, entry_price, current_price, unrealized_pnl, realized_pnl, fees_paid, opened_at, closed_at, exit_reason FROM positions ORDER BY opened_at, position_id";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var positions = new List<StoredPosition>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                positions.Add(new StoredPosition(
                    new PositionId(reader.GetString(0)),
                    TradingPair.Parse(reader.GetString(1)),
                    new StrategyId(reader.GetString(2)),
                    (PositionSide)reader.GetInt32(3),
                    StoreCodec.Decimal(reader, 4),
                    StoreCodec.Decimal(reader, 5),
                    StoreCodec.Decimal(reader, 6),
                    StoreCodec.Decimal(reader, 7),
                    StoreCodec.Decimal(reader, 8),
                    StoreCodec.Decimal(reader, 9),
                    new DateTimeOffset(reader.GetInt64(10), TimeSpan.Zero),
                    reader.IsDBNull(11) ? null : new DateTimeOffset(reader.GetInt64(11), TimeSpan.Zero),
                    reader.IsDBNull(12) ? null : (ExitReason)reader.GetInt32(12)));
            }

            return positions;
        }
        catch (SqliteException exception)
        {
            throw new PortfolioStoreException(StoreErrorKind.Corrupt, $"{databasePath} is not a readable portfolio store: {exception.Message}", exception);
        }
    }

    /// <summary>Gets the database file's full path.</summary>
    public string DatabasePath { get; }

    /// <summary>Gets the backup written before the last migration, if <see cref="OpenAsync"/> migrated an existing database.</summary>
    public string? LastBackupPath { get; private set; }

    /// <inheritdoc />
    public StoreIdentity? Identity { get; private set; }

    /// <inheritdoc />
    public StoreLease? Lease { get; private set; }

    /// <inheritdoc />
    public IObservable<StoreError> Errors => _operations.Errors;

    /// <summary>Gets the writer connection, for tests that set per-connection limits (for example <c>max_page_count</c>).</summary>
    internal SqliteConnection? Connection => _connection;

    /// <inheritdoc />
    public async ValueTask<StoreLease> OpenAsync(StoreIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        await _operations.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is not null)
            {
                throw new InvalidOperationException($"The store {DatabasePath} is already open.");
            }

            SqliteConnection? connection = null;
            try
            {
                connection = Connect();
                var (lease, version) = Initialize(connection, identity, cancellationToken);
                _connection = connection;
                connection = null;
                Identity = identity;
                Lease = lease;
                Log.Opened(_logger, DatabasePath, identity, version, lease.FencingToken);
                return lease;
            }
            catch (SqliteException ex)
            {
                throw Raise("Open", Map(ex), $"Opening {DatabasePath} failed: {ex.Message}", ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Raise("Open", StoreErrorKind.Other, $"Opening {DatabasePath} failed: {ex.Message}", ex);
            }
            catch (PortfolioStoreException ex)
            {
                Publish("Open", ex);
                throw;
            }
            finally
            {
                connection?.Dispose();
            }
        }
        finally
        {
            _operations.Gate.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreLease> RenewLeaseAsync(CancellationToken cancellationToken = default) =>
        RunAsync("RenewLease", (connection, _) =>
        {
            CheckFence(connection, transaction: null);
            return ValueTask.FromResult(Lease!);
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<StoreAppendResult> AppendAsync(StoreBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Validate(nameof(batch));
        return RunAsync("Append", async (connection, token) =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            CheckFence(connection, transaction);
            var result = await new StoreSqlWriter(Sql, text => Command(connection, transaction, text)).WriteAsync(batch, token).ConfigureAwait(false);
            token.ThrowIfCancellationRequested();
            transaction.Commit();
            return result;
        }, cancellationToken, after: LogDuplicates);
    }

    /// <inheritdoc />
    public async ValueTask RecordIntentAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        await AppendAsync(new StoreBatch { Intents = [new OrderIntentRecord(order, _timeProvider.GetUtcNow())] }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<StoreState> LoadAsync(CancellationToken cancellationToken = default) =>
        RunAsync("Load", async (connection, token) =>
        {
            using var transaction = connection.BeginTransaction(deferred: true);
            var state = await new StoreSqlReader(Sql, text => Command(connection, transaction, text)).ReadAsync(Identity!, token).ConfigureAwait(false);
            transaction.Commit();
            return state;
        }, cancellationToken);

    /// <inheritdoc />
    public async ValueTask SaveSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshot.Format, nameof(snapshot));
        ArgumentOutOfRangeException.ThrowIfNegative(snapshot.LedgerSequence, nameof(snapshot));
        await RunAsync("SaveSnapshot", async (connection, token) =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            CheckFence(connection, transaction);
            await new StoreSqlWriter(Sql, text => Command(connection, transaction, text)).InsertSnapshotAsync(snapshot, SnapshotsKept, token).ConfigureAwait(false);
            token.ThrowIfCancellationRequested();
            transaction.Commit();
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the database; operations after this throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _operations.Gate.Wait();
        try
        {
            Close();
        }
        finally
        {
            _operations.Gate.Release();
        }
    }

    /// <summary>Closes the database; operations after this throw <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when the database is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _operations.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            Close();
        }
        finally
        {
            _operations.Gate.Release();
        }
    }

    private static StoreErrorKind Map(SqliteException exception) => (exception.SqliteErrorCode & 0xFF) switch
    {
        13 => StoreErrorKind.DiskFull, // SQLITE_FULL
        5 or 6 => StoreErrorKind.Locked, // SQLITE_BUSY, SQLITE_LOCKED
        11 or 26 => StoreErrorKind.Corrupt, // SQLITE_CORRUPT, SQLITE_NOTADB
        _ => StoreErrorKind.Other,
    };

    private void Close()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _connection?.Dispose();
        _connection = null;
        _operations.Dispose();
    }

    private SqliteConnection Connect()
    {
        var folder = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false, // closing the store closes the file
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(_options.BusyTimeout.TotalSeconds)),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, null, Invariant($"PRAGMA busy_timeout = {Math.Max(1, (long)_options.BusyTimeout.TotalMilliseconds)};"));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private (StoreLease Lease, int Version) Initialize(SqliteConnection connection, StoreIdentity identity, CancellationToken cancellationToken)
    {
        // Read the version before changing anything: a database from a newer version is left exactly as it is.
        var version = (int)Scalar(connection, null, "PRAGMA user_version;");
        CheckVersion(version);
        if (version == 0 && Scalar(connection, null, "SELECT count(*) FROM sqlite_master;") > 0)
        {
            throw new PortfolioStoreException(StoreErrorKind.IdentityMismatch, $"{DatabasePath} holds tables but no MultiPair schema version: it is not a portfolio store.");
        }

        var mode = ScalarText(connection, null, "PRAGMA journal_mode = WAL;");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new PortfolioStoreException(StoreErrorKind.Other, $"{DatabasePath} cannot use WAL mode (journal mode is '{mode}').");
        }

        Execute(connection, null, _options.Synchronous == SqliteSynchronousMode.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
        if (version > 0 && version < SqliteSchema.CurrentVersion && _options.BackupBeforeMigration)
        {
            Backup(connection, version);
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var transaction = connection.BeginTransaction(deferred: false);
        version = (int)Scalar(connection, transaction, "PRAGMA user_version;"); // another process may have migrated meanwhile
        CheckVersion(version);
        if (version < SqliteSchema.CurrentVersion)
        {
            Log.Migrating(_logger, DatabasePath, version, SqliteSchema.CurrentVersion);
            for (var step = version; step < SqliteSchema.CurrentVersion; step++)
            {
                Execute(connection, transaction, SqliteSchema.Migrations[step]);
            }

            Execute(connection, transaction, Invariant($"PRAGMA user_version = {SqliteSchema.CurrentVersion};"));
        }

        var lease = TakeOwnership(connection, transaction, identity);
        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
        return (lease, SqliteSchema.CurrentVersion);
    }

    private void CheckVersion(int version)
    {
        if (version > SqliteSchema.CurrentVersion)
        {
            throw new PortfolioStoreException(
                StoreErrorKind.VersionTooNew,
                $"{DatabasePath} has schema version {version}, written by a newer MultiPair.Sdk; this version knows up to {SqliteSchema.CurrentVersion}. Upgrade the library; the database was not changed.");
        }
    }

    private void Backup(SqliteConnection connection, int version)
    {
        var stamp = _timeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture);
        var backup = Invariant($"{DatabasePath}.v{version}-{stamp}.bak");
        for (var n = 2; File.Exists(backup); n++)
        {
            backup = Invariant($"{DatabasePath}.v{version}-{stamp}-{n}.bak");
        }

        using var command = Command(connection, null, "VACUUM INTO $path;");
        command.Parameters.AddWithValue("$path", backup);
        command.ExecuteNonQuery();
        LastBackupPath = backup;
        Log.BackedUp(_logger, DatabasePath, backup);
    }

    private StoreLease TakeOwnership(SqliteConnection connection, SqliteTransaction transaction, StoreIdentity identity)
    {
        var now = _timeProvider.GetUtcNow();
        var owner = _options.Owner ?? Invariant($"{Environment.MachineName}:{Environment.ProcessId}");
        StoreIdentity? stored = null;
        using (var read = Command(connection, transaction, "SELECT exchange, account, mode, portfolio_id FROM store_info WHERE id = 1;"))
        using (var reader = read.ExecuteReader())
        {
            if (reader.Read())
            {
                stored = new StoreIdentity(reader.GetString(0), reader.GetString(1), (TradingMode)reader.GetInt32(2), reader.GetString(3));
            }
        }

        if (stored is null)
        {
            using var insert = Command(connection, transaction, """
                INSERT INTO store_info (id, exchange, account, mode, portfolio_id, created_at, owner, owner_token, owner_since)
                VALUES (1, $exchange, $account, $mode, $portfolio, $now, $owner, 0, $now);
                """);
            insert.Parameters.AddWithValue("$exchange", identity.Exchange);
            insert.Parameters.AddWithValue("$account", identity.Account);
            insert.Parameters.AddWithValue("$mode", (int)identity.Mode);
            insert.Parameters.AddWithValue("$portfolio", identity.PortfolioId);
            insert.Parameters.AddWithValue("$now", Ticks(now));
            insert.Parameters.AddWithValue("$owner", owner);
            insert.ExecuteNonQuery();
        }
        else if (stored != identity)
        {
            throw new PortfolioStoreException(StoreErrorKind.IdentityMismatch, $"{DatabasePath} belongs to {stored}, not {identity}: refusing to start.");
        }

        using var update = Command(connection, transaction, "UPDATE store_info SET owner_token = owner_token + 1, owner = $owner, owner_since = $now WHERE id = 1 RETURNING owner_token;");
        update.Parameters.AddWithValue("$owner", owner);
        update.Parameters.AddWithValue("$now", Ticks(now));
        var token = (long)update.ExecuteScalar()!;
        return new StoreLease(owner, token, now);
    }

    private void CheckFence(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var token = Scalar(connection, transaction, "SELECT owner_token FROM store_info WHERE id = 1;");
        if (token != Lease!.FencingToken)
        {
            throw new PortfolioStoreException(StoreErrorKind.Fenced, $"{DatabasePath} was taken over by another owner (fencing token {token}, ours {Lease.FencingToken}): this owner must stop writing.");
        }
    }

    private ValueTask<T> RunAsync<T>(string operation, Func<SqliteConnection, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken, Action<T>? after = null) =>
        _operations.RunAsync(
            operation,
            ct =>
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var connection = _connection ?? throw new InvalidOperationException($"Open the store {DatabasePath} first (OpenAsync).");
                return work(connection, ct);
            },
            ex => ex is SqliteException sqlite ? (Map(sqlite), $"{operation} on {DatabasePath} failed: {sqlite.Message}") : null,
            static () => null,
            cancellationToken,
            after);

    private void LogDuplicates(StoreAppendResult result)
    {
        foreach (var tradeId in result.DuplicateTradeIds)
        {
            Log.DuplicateFill(_logger, DatabasePath, tradeId);
        }
    }

    private PortfolioStoreException Raise(string operation, StoreErrorKind kind, string message, Exception inner) => _operations.Raise(operation, kind, message, inner);

    private void Publish(string operation, PortfolioStoreException exception) => _operations.Publish(operation, exception);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
