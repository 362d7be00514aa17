using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Persistence;
using Npgsql;

namespace MultiPair.Sdk.Storage.PostgreSql;

/// <summary>
/// The shared portfolio store: one PostgreSQL schema holds many portfolios, worked on by several processes; each
/// portfolio is owned by at most one of them through a lease row with a fencing token and a TTL. See
/// <c>docs/persistence.md</c> for the schema and the lease rules.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="OpenAsync"/> migrates the schema (in a transaction under an advisory lock, so workers starting together
/// do not race), checks the identity and takes the portfolio's lease when it is free, expired or already this owner's;
/// otherwise it fails with <see cref="StoreErrorKind.Fenced"/>. Every write locks the lease row and checks the token
/// in its own transaction: once another worker took over, this one's writes fail with <see cref="StoreErrorKind.Fenced"/>
/// and write nothing. The lease is renewed every <see cref="PostgresStoreOptions.RenewInterval"/> and released on dispose.
/// </para>
/// <para>
/// Thread-safe: operations of one store are serialized. Every failure is thrown as <see cref="PortfolioStoreException"/>
/// and published on <see cref="Errors"/>.
/// </para>
/// </remarks>
public sealed class PostgresPortfolioStore : IPortfolioStore, IDisposable
{
    private const int SnapshotsKept = 3;

    private readonly PostgresStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly string _owner;
    private readonly StoreOperations _operations;
    private NpgsqlDataSource? _dataSource;
    private ITimer? _renewTimer;
    private bool _disposed;

    /// <summary>Initializes a new store; nothing is touched until <see cref="OpenAsync"/>.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock that stamps intents and schedules lease renewals; <see cref="TimeProvider.System"/> when null. Lease expiry is measured on the server's clock.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public PostgresPortfolioStore(PostgresStoreOptions options, TimeProvider? timeProvider = null, ILogger<PostgresPortfolioStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid PostgreSQL store options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _owner = options.Owner ?? Invariant($"{Environment.MachineName}:{Environment.ProcessId}");
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            SearchPath = options.Schema,
            CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds),
        };

        // A wait for a row lock (another worker's transaction on the lease row) fails with 55P03 (Locked) before the command times out.
        var lockTimeout = Invariant($"-c lock_timeout={(long)options.CommandTimeout.TotalMilliseconds}");
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? lockTimeout : builder.Options + " " + lockTimeout;
        _connectionString = builder.ConnectionString;
        Schema = options.Schema;
        _operations = new StoreOperations(
            _timeProvider,
            (operation, exception, portfolio) => Log.Failed(_logger, Schema, portfolio ?? PortfolioName, operation, exception.Kind, exception),
            (exception, portfolio) => Log.SubscriberFailed(_logger, Schema, portfolio ?? PortfolioName, exception));
    }

    /// <summary>Gets the schema version this code writes.</summary>
    public static int CurrentSchemaVersion => PostgresSchema.CurrentVersion;

    /// <summary>Gets the PostgreSQL schema holding the tables.</summary>
    public string Schema { get; }

    /// <inheritdoc />
    public StoreIdentity? Identity { get; private set; }

    /// <inheritdoc />
    public StoreLease? Lease { get; private set; }

    /// <inheritdoc />
    public IObservable<StoreError> Errors => _operations.Errors;

    private string PortfolioName => Identity?.PortfolioId ?? _options.PortfolioId ?? "-";

    /// <inheritdoc />
    public async ValueTask<StoreLease> OpenAsync(StoreIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        await _operations.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_dataSource is not null)
            {
                throw new InvalidOperationException($"The store {Schema}/{identity.PortfolioId} is already open.");
            }

            var dataSource = NpgsqlDataSource.Create(_connectionString);
            try
            {
                if (_options.PortfolioId is { } only && !string.Equals(only, identity.PortfolioId, StringComparison.Ordinal))
                {
                    throw new PortfolioStoreException(StoreErrorKind.IdentityMismatch, $"This store is configured for portfolio '{only}', not {identity}: refusing to start.");
                }

                var (lease, version) = await InitializeAsync(dataSource, identity, cancellationToken).ConfigureAwait(false);
                _dataSource = dataSource;
                dataSource = null;
                Identity = identity;
                Lease = lease;
                _renewTimer = _timeProvider.CreateTimer(static state => ((PostgresPortfolioStore)state!).RenewInBackground(), this, _options.RenewInterval, _options.RenewInterval);
                Log.Opened(_logger, Schema, identity, version, lease.Owner, lease.FencingToken, lease.ExpiresAt);
                return lease;
            }
            catch (NpgsqlException ex)
            {
                throw Raise("Open", Map(ex), $"Opening {identity} in schema {Schema} failed: {ex.Message}", ex, identity.PortfolioId);
            }
            catch (PortfolioStoreException ex)
            {
                Publish("Open", ex, identity.PortfolioId);
                throw;
            }
            finally
            {
                if (dataSource is not null)
                {
                    await dataSource.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _operations.Gate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>Extends the lease to the server's time plus <see cref="PostgresStoreOptions.LeaseTtl"/> when this owner's token is still the lease's (even after it lapsed, as long as nobody took over).</remarks>
    public ValueTask<StoreLease> RenewLeaseAsync(CancellationToken cancellationToken = default) =>
        RunAsync("RenewLease", async (connection, token) =>
        {
            using var command = Scoped(connection, null, "UPDATE leases SET expires_at = clock_timestamp() + @ttl WHERE portfolio_id = @portfolio AND token = @token RETURNING expires_at;");
            command.Parameters.AddWithValue("ttl", _options.LeaseTtl);
            command.Parameters.AddWithValue("token", Lease!.FencingToken);
            var expires = await command.ExecuteScalarAsync(token).ConfigureAwait(false);
            if (expires is null)
            {
                throw await FencedAsync(connection, token).ConfigureAwait(false);
            }

            Lease = Lease with { ExpiresAt = ToOffset(expires) };
            return Lease;
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<StoreAppendResult> AppendAsync(StoreBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Validate(nameof(batch));
        return WriteAsync("Append", (writer, token) => writer.WriteAsync(batch, token), cancellationToken, after: LogDuplicates);
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
            // One snapshot of the database for every query: the state is consistent even while another session writes.
            using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, token).ConfigureAwait(false);
            var state = await new StoreSqlReader(StoreSql.Scoped, text => Scoped(connection, transaction, text)).ReadAsync(Identity!, token).ConfigureAwait(false);
            await transaction.CommitAsync(token).ConfigureAwait(false);
            return state;
        }, cancellationToken);

    /// <inheritdoc />
    public async ValueTask SaveSnapshotAsync(StoreSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshot.Format, nameof(snapshot));
        ArgumentOutOfRangeException.ThrowIfNegative(snapshot.LedgerSequence, nameof(snapshot));
        await WriteAsync("SaveSnapshot", async (writer, token) =>
        {
            await writer.InsertSnapshotAsync(snapshot, SnapshotsKept, token).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops renewing, releases the lease and closes the connections, blocking until done; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Stops renewing, releases the lease (so another worker may take the portfolio at once) and closes the connections; operations after this throw <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when the store is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _operations.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_renewTimer is not null)
            {
                await _renewTimer.DisposeAsync().ConfigureAwait(false);
            }

            if (_dataSource is not null)
            {
                await ReleaseAsync(_dataSource).ConfigureAwait(false);
                await _dataSource.DisposeAsync().ConfigureAwait(false);
                _dataSource = null;
            }

            _operations.Dispose();
        }
        finally
        {
            _operations.Gate.Release();
        }
    }

    /// <summary>Maps a PostgreSQL or Npgsql failure to the store's error kinds.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The kind.</returns>
    internal static StoreErrorKind Map(NpgsqlException exception) => exception switch
    {
        PostgresException { SqlState: "53100" } => StoreErrorKind.DiskFull, // disk_full
        PostgresException { SqlState: "55P03" or "40P01" or "40001" } => StoreErrorKind.Locked, // lock_not_available, deadlock_detected, serialization_failure
        PostgresException { SqlState: "XX001" or "XX002" } => StoreErrorKind.Corrupt, // data_corrupted, index_corrupted
        { InnerException: TimeoutException } => StoreErrorKind.Locked, // the command timed out: transient
        _ => StoreErrorKind.Other, // connection failures and the rest
    };

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql) => new(sql, connection, transaction);

    private static DateTimeOffset ToOffset(object value) => value switch
    {
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset time => time,
        _ => throw new InvalidCastException($"Unexpected timestamp value {value}."),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private async ValueTask<(StoreLease Lease, int Version)> InitializeAsync(NpgsqlDataSource dataSource, StoreIdentity identity, CancellationToken cancellationToken)
    {
        using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Read the version before changing anything: a schema from a newer version is left exactly as it is.
        await CheckExistingAsync(connection, null, cancellationToken).ConfigureAwait(false);

        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using (var lockCommand = Command(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@key));"))
        {
            lockCommand.Parameters.AddWithValue("key", "multipair.store.migrate:" + Schema);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, Invariant($"CREATE SCHEMA IF NOT EXISTS {Schema}; SET LOCAL search_path TO {Schema};"), cancellationToken).ConfigureAwait(false);
        var version = await CheckExistingAsync(connection, transaction, cancellationToken).ConfigureAwait(false); // another worker may have migrated meanwhile
        if (version < PostgresSchema.CurrentVersion)
        {
            Log.Migrating(_logger, Schema, version, PostgresSchema.CurrentVersion);
            await ExecuteAsync(connection, transaction, PostgresSchema.Bootstrap, cancellationToken).ConfigureAwait(false);
            for (var step = version; step < PostgresSchema.CurrentVersion; step++)
            {
                await ExecuteAsync(connection, transaction, PostgresSchema.Migrations[step], cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, transaction, Invariant($"UPDATE schema_info SET version = {PostgresSchema.CurrentVersion} WHERE id = 1;"), cancellationToken).ConfigureAwait(false);
        }

        await CheckIdentityAsync(connection, transaction, identity, cancellationToken).ConfigureAwait(false);
        var lease = await AcquireAsync(connection, transaction, identity, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (lease, PostgresSchema.CurrentVersion);
    }

    /// <summary>Returns the schema's version (0 when it has no tables yet); throws when it is newer than the code or holds foreign tables.</summary>
    private async ValueTask<int> CheckExistingAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        int? version = null;
        using (var command = Command(connection, transaction, """
            SELECT (SELECT count(*) FROM information_schema.tables WHERE table_schema = @schema),
                   to_regclass(quote_ident(@schema) || '.schema_info') IS NOT NULL;
            """))
        {
            command.Parameters.AddWithValue("schema", Schema);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var tables = reader.GetInt64(0);
            var hasInfo = reader.GetBoolean(1);
            if (tables == 0)
            {
                return 0;
            }

            if (!hasInfo)
            {
                throw new PortfolioStoreException(StoreErrorKind.IdentityMismatch, $"Schema {Schema} holds tables but no MultiPair schema version: it is not a portfolio store.");
            }
        }

        using (var command = Command(connection, transaction, Invariant($"SELECT version FROM {Schema}.schema_info WHERE id = 1;")))
        {
            version = (int?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0;
        }

        if (version > PostgresSchema.CurrentVersion)
        {
            throw new PortfolioStoreException(
                StoreErrorKind.VersionTooNew,
                $"Schema {Schema} has version {version}, written by a newer MultiPair.Sdk; this version knows up to {PostgresSchema.CurrentVersion}. Upgrade the library; the schema was not changed.");
        }

        return version.Value;
    }

    private async ValueTask CheckIdentityAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoreIdentity identity, CancellationToken cancellationToken)
    {
        using (var insert = Command(connection, transaction, """
            INSERT INTO portfolios (portfolio_id, exchange, account, mode, created_at) VALUES (@portfolio, @exchange, @account, @mode, @now)
            ON CONFLICT (portfolio_id) DO NOTHING;
            """))
        {
            insert.Parameters.AddWithValue("portfolio", identity.PortfolioId);
            insert.Parameters.AddWithValue("exchange", identity.Exchange);
            insert.Parameters.AddWithValue("account", identity.Account);
            insert.Parameters.AddWithValue("mode", (int)identity.Mode);
            insert.Parameters.AddWithValue("now", StoreCodec.Ticks(_timeProvider.GetUtcNow()));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var read = Command(connection, transaction, "SELECT exchange, account, mode FROM portfolios WHERE portfolio_id = @portfolio;");
        read.Parameters.AddWithValue("portfolio", identity.PortfolioId);
        using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var stored = new StoreIdentity(reader.GetString(0), reader.GetString(1), (TradingMode)reader.GetInt32(2), identity.PortfolioId);
        if (stored != identity)
        {
            throw new PortfolioStoreException(StoreErrorKind.IdentityMismatch, $"Portfolio '{identity.PortfolioId}' in schema {Schema} belongs to {stored}, not {identity}: refusing to start.");
        }
    }

    private async ValueTask<StoreLease> AcquireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoreIdentity identity, CancellationToken cancellationToken)
    {
        // Free, lapsed or already ours (a restarted worker with a fixed name): take it with the next token. Else it is another worker's.
        using (var take = Command(connection, transaction, """
            INSERT INTO leases AS l (portfolio_id, owner, token, acquired_at, expires_at)
            VALUES (@portfolio, @owner, 1, clock_timestamp(), clock_timestamp() + @ttl)
            ON CONFLICT (portfolio_id) DO UPDATE SET
                owner = excluded.owner, token = l.token + 1, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
            WHERE l.expires_at <= clock_timestamp() OR l.owner = excluded.owner
            RETURNING token, acquired_at, expires_at;
            """))
        {
            take.Parameters.AddWithValue("portfolio", identity.PortfolioId);
            take.Parameters.AddWithValue("owner", _owner);
            take.Parameters.AddWithValue("ttl", _options.LeaseTtl);
            using var reader = await take.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return new StoreLease(_owner, reader.GetInt64(0), ToOffset(reader.GetValue(1))) { ExpiresAt = ToOffset(reader.GetValue(2)) };
            }
        }

        using var holder = Command(connection, transaction, "SELECT owner, token, expires_at FROM leases WHERE portfolio_id = @portfolio;");
        holder.Parameters.AddWithValue("portfolio", identity.PortfolioId);
        using var current = await holder.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await current.ReadAsync(cancellationToken).ConfigureAwait(false);
        throw new PortfolioStoreException(
            StoreErrorKind.Fenced,
            Invariant($"Portfolio '{identity.PortfolioId}' in schema {Schema} is owned by another worker ({current.GetString(0)}, fencing token {current.GetInt64(1)}) until {ToOffset(current.GetValue(2)):O}: try again after its lease lapses."));
    }

    private async ValueTask<PortfolioStoreException> FencedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var command = Command(connection, null, "SELECT owner, token FROM leases WHERE portfolio_id = @portfolio;");
        command.Parameters.AddWithValue("portfolio", Identity!.PortfolioId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var holder = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Invariant($"{reader.GetString(0)}, fencing token {reader.GetInt64(1)}") : "nobody";
        return new PortfolioStoreException(StoreErrorKind.Fenced, $"Portfolio '{Identity.PortfolioId}' in schema {Schema} was taken over by another owner ({holder}; ours {Lease!.FencingToken}): this owner must stop writing.");
    }

    private async ValueTask ReleaseAsync(NpgsqlDataSource dataSource)
    {
        if (Lease is null || Identity is null)
        {
            return;
        }

        try
        {
            using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
            using var command = Command(connection, null, "UPDATE leases SET expires_at = clock_timestamp() WHERE portfolio_id = @portfolio AND token = @token;");
            command.Parameters.AddWithValue("portfolio", Identity.PortfolioId);
            command.Parameters.AddWithValue("token", Lease.FencingToken);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            Log.ReleaseFailed(_logger, Schema, Identity.PortfolioId, ex);
        }
    }

    private async void RenewInBackground()
    {
        try
        {
            await RenewLeaseAsync().ConfigureAwait(false);
        }
        catch (PortfolioStoreException ex) when (ex.Kind == StoreErrorKind.Fenced)
        {
            // Published on Errors already; renewing again cannot help.
            if (_renewTimer is { } timer)
            {
                timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
        catch (PortfolioStoreException)
        {
            // Published on Errors already; the next tick tries again.
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the tick and the renewal.
        }
    }

    /// <summary>Runs a write in one transaction that first locks the lease row and checks the fencing token.</summary>
    private ValueTask<T> WriteAsync<T>(string operation, Func<StoreSqlWriter, CancellationToken, ValueTask<T>> write, CancellationToken cancellationToken, Action<T>? after = null) =>
        RunAsync(operation, async (connection, token) =>
        {
            using var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
            using (var fence = Command(connection, transaction, "SELECT token FROM leases WHERE portfolio_id = @portfolio FOR UPDATE;"))
            {
                fence.Parameters.AddWithValue("portfolio", Identity!.PortfolioId);
                if (await fence.ExecuteScalarAsync(token).ConfigureAwait(false) is not long current || current != Lease!.FencingToken)
                {
                    throw await FencedAsync(connection, token).ConfigureAwait(false);
                }
            }

            var result = await write(new StoreSqlWriter(StoreSql.Scoped, text => Scoped(connection, transaction, text)), token).ConfigureAwait(false);
            await transaction.CommitAsync(token).ConfigureAwait(false);
            return result;
        }, cancellationToken, after);

    private NpgsqlCommand Scoped(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        var command = Command(connection, transaction, sql);
        command.Parameters.AddWithValue("portfolio", Identity!.PortfolioId);
        return command;
    }

    private ValueTask<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken, Action<T>? after = null) =>
        _operations.RunAsync(
            operation,
            async ct =>
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var dataSource = _dataSource ?? throw new InvalidOperationException($"Open the store {Schema} first (OpenAsync).");
                using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                return await work(connection, ct).ConfigureAwait(false);
            },
            ex => ex is NpgsqlException npgsql ? (Map(npgsql), $"{operation} of {Identity} in schema {Schema} failed: {npgsql.Message}") : null,
            () => PortfolioName,
            cancellationToken,
            after);

    private static async ValueTask ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private void LogDuplicates(StoreAppendResult result)
    {
        foreach (var tradeId in result.DuplicateTradeIds)
        {
            Log.DuplicateFill(_logger, Schema, PortfolioName, tradeId);
        }
    }

    private PortfolioStoreException Raise(string operation, StoreErrorKind kind, string message, Exception inner, string portfolio) => _operations.Raise(operation, kind, message, inner, portfolio);

    private void Publish(string operation, PortfolioStoreException exception, string portfolio) => _operations.Publish(operation, exception, portfolio);
}
