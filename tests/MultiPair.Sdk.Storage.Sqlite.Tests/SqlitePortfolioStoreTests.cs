using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Testing;
using static MultiPair.Sdk.Storage.Tests.Samples;

namespace MultiPair.Sdk.Storage.Sqlite.Tests;

public sealed class SqlitePortfolioStoreTests : PortfolioStoreContract, IDisposable
{
    private readonly TempStore _temp = new();

    protected override ManualTimeProvider Clock => _temp.Clock;

    public void Dispose() => _temp.Dispose();

    protected override async Task<IPortfolioStore> OpenAsync(StoreIdentity? identity = null) => await _temp.OpenAsync(identity);

    protected override long Count(string table, string? where = null) => _temp.Count(table, where);

    protected override void FailInsertsInto(string table)
    {
        using var raw = _temp.Raw();
        using var trigger = raw.CreateCommand();
        trigger.CommandText = $"CREATE TRIGGER boom BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END;";
        trigger.ExecuteNonQuery();
    }

    [Fact]
    public async Task Reopen_AfterACrashImage_LoadsEverythingCommitted()
    {
        var store = await _temp.OpenAsync();
        var entries = EveryLedgerKind();
        await store.AppendAsync(new StoreBatch { Intents = [new OrderIntentRecord(Market("o-1"), T0)], Fills = [Fill("t-1")], LedgerEntries = entries });
        await store.RecordIntentAsync(Market("o-2"), CancellationToken.None);
        var before = await store.LoadAsync();

        // The files as they are on disk at this instant, with the store still open: what a kill -9 leaves behind.
        var crashed = Path.Combine(_temp.Folder, "crashed");
        Directory.CreateDirectory(crashed);
        foreach (var file in Directory.GetFiles(_temp.Folder, "portfolio.db*"))
        {
            File.Copy(file, Path.Combine(crashed, Path.GetFileName(file)));
        }

        File.Exists(Path.Combine(crashed, "portfolio.db-wal")).ShouldBeTrue();
        await using var reopened = await _temp.OpenAsync(path: Path.Combine(crashed, "portfolio.db"));
        var after = await reopened.LoadAsync();
        await store.DisposeAsync();

        after.LedgerEntries.ShouldBe(before.LedgerEntries);
        after.OpenOrders.ShouldBe(before.OpenOrders);
        after.LastFills.ShouldBe(before.LastFills);
        after.NextClientOrderSequence.ShouldBe(3);
        reopened.Lease!.FencingToken.ShouldBe(store.Lease!.FencingToken + 1);
    }

    [Fact]
    public async Task Reopen_AfterDispose_TakesANewerFencingToken()
    {
        var first = await _temp.OpenAsync();
        await first.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()] });
        var token = first.Lease!.FencingToken;
        first.Dispose();

        await using var second = await _temp.OpenAsync();

        second.Lease!.FencingToken.ShouldBe(token + 1);
        second.Lease.Owner.ShouldBe("test");
        (await second.LoadAsync()).LedgerEntries.Single().ShouldBe(OpenEntry() with { Sequence = 1 });
    }

    [Fact]
    public async Task SecondOwner_FencesTheFirst()
    {
        await using var first = await _temp.OpenAsync();
        await using var second = await _temp.OpenAsync();

        var append = await Should.ThrowAsync<PortfolioStoreException>(async () => await first.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()] }));
        var renew = await Should.ThrowAsync<PortfolioStoreException>(async () => await first.RenewLeaseAsync());
        var intent = await Should.ThrowAsync<PortfolioStoreException>(async () => await first.RecordIntentAsync(Market("o-1"), CancellationToken.None));

        append.Kind.ShouldBe(StoreErrorKind.Fenced);
        renew.Kind.ShouldBe(StoreErrorKind.Fenced);
        intent.Kind.ShouldBe(StoreErrorKind.Fenced);
        (await second.RenewLeaseAsync()).ShouldBe(second.Lease);
        await second.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()] });
        _temp.Count("ledger_entries").ShouldBe(1);
        _temp.Count("intents").ShouldBe(0);
    }

    [Fact]
    public async Task Open_UsesWalAndFullSynchronous()
    {
        await using var store = await _temp.OpenAsync();

        using var raw = _temp.Raw();
        using var journal = raw.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode;";
        ((string)journal.ExecuteScalar()!).ShouldBe("wal");
        using var synchronous = store.Connection!.CreateCommand();
        synchronous.CommandText = "PRAGMA synchronous;";
        ((long)synchronous.ExecuteScalar()!).ShouldBe(2L); // FULL
        using var version = raw.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        ((long)version.ExecuteScalar()!).ShouldBe(SqlitePortfolioStore.CurrentSchemaVersion);
    }

    [Theory]
    [InlineData("binance-futures", "acct-1", TradingMode.Paper, "main")]
    [InlineData("binance-spot", "acct-2", TradingMode.Paper, "main")]
    [InlineData("binance-spot", "acct-1", TradingMode.Live, "main")]
    [InlineData("binance-spot", "acct-1", TradingMode.Paper, "other")]
    public async Task Open_WithAnotherIdentity_RefusedAsIdentityMismatch(string exchange, string account, TradingMode mode, string portfolio)
    {
        (await _temp.OpenAsync()).Dispose();
        using var store = _temp.Create();
        var errors = new List<StoreError>();
        using var subscription = store.Errors.Subscribe(errors.Add);

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.OpenAsync(new StoreIdentity(exchange, account, mode, portfolio)));

        error.Kind.ShouldBe(StoreErrorKind.IdentityMismatch);
        errors.Single().Operation.ShouldBe("Open");
        store.Identity.ShouldBeNull();
        await Should.ThrowAsync<InvalidOperationException>(async () => await store.LoadAsync());
    }

    [Fact]
    public async Task Open_DatabaseFromANewerVersion_RefusedAndLeftUntouched()
    {
        (await _temp.OpenAsync()).Dispose();
        using (var raw = _temp.Raw())
        using (var bump = raw.CreateCommand())
        {
            bump.CommandText = $"PRAGMA journal_mode = DELETE; PRAGMA user_version = {SqlitePortfolioStore.CurrentSchemaVersion + 1};";
            bump.ExecuteNonQuery();
        }

        var hash = SHA256.HashData(await File.ReadAllBytesAsync(_temp.DatabasePath));
        using var store = _temp.Create();

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.OpenAsync(TempStore.PaperIdentity));

        error.Kind.ShouldBe(StoreErrorKind.VersionTooNew);
        SHA256.HashData(await File.ReadAllBytesAsync(_temp.DatabasePath)).ShouldBe(hash);
        Directory.GetFiles(_temp.Folder, "*.bak").ShouldBeEmpty();
    }

    [Fact]
    public async Task Open_VersionOneDatabase_BacksUpMigratesAndKeepsTheData()
    {
        using (var raw = _temp.Raw())
        using (var create = raw.CreateCommand())
        {
            create.CommandText = V1Script + $"""
                INSERT INTO store_info VALUES (1, 'binance-spot', 'acct-1', 0, 'main', {T0.UtcTicks}, 'old', 7, {T0.UtcTicks});
                INSERT INTO intents (client_order_id, pair, side, type, quantity, price, stop_price, time_in_force, reduce_only, position_id, sleeve, time)
                VALUES ('o-1', 'BTC/USDT', 0, 0, '0.015', NULL, NULL, 0, 0, 'pos-btc', 'trend', {T0.UtcTicks});
                INSERT INTO ledger_entries (kind, position_id, pair, side, sleeve, quantity, price, fee_amount, fee_asset, exit_reason, leverage, trade_id, time)
                VALUES (0, 'pos-btc', 'BTC/USDT', 0, 'trend', '0.015', '65000.10', '0.000015', 1, NULL, NULL, 't-1', {T0.UtcTicks});
                PRAGMA user_version = 1;
                """;
            create.ExecuteNonQuery();
        }

        await using var store = await _temp.OpenAsync();
        var state = await store.LoadAsync();

        store.LastBackupPath.ShouldNotBeNull();
        File.Exists(store.LastBackupPath).ShouldBeTrue();
        using (var backup = _temp.Raw(store.LastBackupPath))
        using (var version = backup.CreateCommand())
        {
            version.CommandText = "PRAGMA user_version; ";
            ((long)version.ExecuteScalar()!).ShouldBe(1L);
        }

        store.Lease!.FencingToken.ShouldBe(8);
        state.LedgerEntries.Single().ShouldBe(OpenEntry(tradeId: "t-1") with { Sequence = 1 });
        state.OpenOrders.Single().Intent!.Order.ShouldBe(Market("o-1", position: "pos-btc"));
        await store.SaveSnapshotAsync(new StoreSnapshot(1, "x/1", new byte[] { 9 }, T0)); // a version 2 table
        (await store.LoadAsync()).LatestSnapshot!.LedgerSequence.ShouldBe(1);
    }

    [Fact]
    public async Task Open_GarbageFile_RefusedAsCorrupt()
    {
        var garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(_temp.DatabasePath, garbage);
        using var store = _temp.Create();

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.OpenAsync(TempStore.PaperIdentity));

        error.Kind.ShouldBe(StoreErrorKind.Corrupt);
        error.InnerException.ShouldBeOfType<SqliteException>();
        (await File.ReadAllBytesAsync(_temp.DatabasePath)).ShouldBe(garbage);
    }

    [Fact]
    public async Task Open_ForeignDatabase_Refused()
    {
        using (var raw = _temp.Raw())
        using (var create = raw.CreateCommand())
        {
            create.CommandText = "CREATE TABLE customers (id INTEGER);";
            create.ExecuteNonQuery();
        }

        using var store = _temp.Create();

        (await Should.ThrowAsync<PortfolioStoreException>(async () => await store.OpenAsync(TempStore.PaperIdentity))).Kind.ShouldBe(StoreErrorKind.IdentityMismatch);
    }

    [Fact]
    public async Task AppendAsync_WhileAnotherConnectionHoldsTheWriteLock_FailsLockedAfterTheBusyTimeout()
    {
        await using var store = await _temp.OpenAsync(busyTimeout: TimeSpan.FromMilliseconds(100));
        var errors = new List<StoreError>();
        using var subscription = store.Errors.Subscribe(errors.Add);
        using (var holder = _temp.Raw())
        {
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE; INSERT INTO trailing_stops VALUES ('held', 0, '1', '1', 0);";
                begin.ExecuteNonQuery();
            }

            var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()] }));

            error.Kind.ShouldBe(StoreErrorKind.Locked);
            error.IsTransient.ShouldBeTrue();
            errors.Single().Kind.ShouldBe(StoreErrorKind.Locked);
            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        await store.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()] });
        _temp.Count("ledger_entries").ShouldBe(1);
    }

    [Fact]
    public async Task AppendAsync_DiskFull_FailsDiskFullAndWritesNothing()
    {
        await using var store = await _temp.OpenAsync();
        await store.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()] });
        using (var limit = store.Connection!.CreateCommand())
        {
            limit.CommandText = "SELECT page_count FROM pragma_page_count();";
            var pages = (long)limit.ExecuteScalar()!;
            limit.CommandText = $"PRAGMA max_page_count = {pages};";
            limit.ExecuteNonQuery();
        }

        var big = Enumerable.Range(0, 3000).Select(i => new OrderIntentRecord(Market("o-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), T0)).ToList();

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.AppendAsync(new StoreBatch { Intents = big, LedgerEntries = [OpenEntry("pos-2")] }));

        error.Kind.ShouldBe(StoreErrorKind.DiskFull);
        _temp.Count("intents").ShouldBe(0);
        _temp.Count("ledger_entries").ShouldBe(1);
        using (var lift = store.Connection!.CreateCommand())
        {
            lift.CommandText = "PRAGMA max_page_count = 1073741823;";
            lift.ExecuteNonQuery();
        }

        await store.AppendAsync(new StoreBatch { Intents = big });
        _temp.Count("intents").ShouldBe(3000);
    }

    [Fact]
    public async Task Calls_BeforeOpenAfterDisposeOrWithNull_AreMisuse()
    {
        var store = _temp.Create();
        await Should.ThrowAsync<InvalidOperationException>(async () => await store.AppendAsync(new StoreBatch()));
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.AppendAsync(null!));
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.OpenAsync(null!));
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.RecordIntentAsync(null!, CancellationToken.None));
        await store.OpenAsync(TempStore.PaperIdentity);
        await Should.ThrowAsync<InvalidOperationException>(async () => await store.OpenAsync(TempStore.PaperIdentity));
        await store.DisposeAsync();
        await Should.ThrowAsync<ObjectDisposedException>(async () => await store.LoadAsync());
        Should.Throw<ArgumentException>(() => new SqlitePortfolioStore(new SqliteStoreOptions { DatabasePath = " ", BusyTimeout = TimeSpan.Zero }))
            .Message.ShouldSatisfyAllConditions(m => m.ShouldContain("DatabasePath"), m => m.ShouldContain("BusyTimeout"));
    }

    /// <summary>Version 1 of the schema exactly as released; the migration test must not depend on the code's copy.</summary>
    private const string V1Script = """
        CREATE TABLE store_info (id INTEGER PRIMARY KEY CHECK (id = 1), exchange TEXT NOT NULL, account TEXT NOT NULL, mode INTEGER NOT NULL, portfolio_id TEXT NOT NULL, created_at INTEGER NOT NULL, owner TEXT NOT NULL, owner_token INTEGER NOT NULL, owner_since INTEGER NOT NULL);
        CREATE TABLE intents (seq INTEGER PRIMARY KEY AUTOINCREMENT, client_order_id TEXT NOT NULL UNIQUE, pair TEXT NOT NULL, side INTEGER NOT NULL, type INTEGER NOT NULL, quantity TEXT NOT NULL, price TEXT, stop_price TEXT, time_in_force INTEGER NOT NULL, reduce_only INTEGER NOT NULL, position_id TEXT, sleeve TEXT NOT NULL, time INTEGER NOT NULL);
        CREATE TABLE orders (client_order_id TEXT PRIMARY KEY, status INTEGER NOT NULL, exchange_order_id TEXT, filled_quantity TEXT NOT NULL, reason TEXT, is_final INTEGER NOT NULL, time INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE order_history (seq INTEGER PRIMARY KEY AUTOINCREMENT, client_order_id TEXT NOT NULL, status INTEGER NOT NULL, exchange_order_id TEXT, filled_quantity TEXT NOT NULL, reason TEXT, time INTEGER NOT NULL);
        CREATE TABLE fills (seq INTEGER PRIMARY KEY AUTOINCREMENT, pair TEXT NOT NULL, trade_id TEXT NOT NULL, client_order_id TEXT NOT NULL, side INTEGER NOT NULL, price TEXT NOT NULL, quantity TEXT NOT NULL, fee_amount TEXT NOT NULL, fee_asset INTEGER NOT NULL, time INTEGER NOT NULL, is_maker INTEGER NOT NULL, sleeve TEXT NOT NULL, UNIQUE (pair, trade_id));
        CREATE TABLE ledger_entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind INTEGER NOT NULL, position_id TEXT, pair TEXT NOT NULL, side INTEGER NOT NULL, sleeve TEXT NOT NULL, quantity TEXT NOT NULL, price TEXT NOT NULL, fee_amount TEXT NOT NULL, fee_asset INTEGER NOT NULL, exit_reason INTEGER, leverage TEXT, trade_id TEXT, time INTEGER NOT NULL);
        CREATE TABLE positions (position_id TEXT PRIMARY KEY, pair TEXT NOT NULL, sleeve TEXT NOT NULL, side INTEGER NOT NULL, quantity TEXT NOT NULL, entry_price TEXT NOT NULL, current_price TEXT NOT NULL, unrealized_pnl TEXT NOT NULL, realized_pnl TEXT NOT NULL, fees_paid TEXT NOT NULL, opened_at INTEGER NOT NULL, closed_at INTEGER, exit_reason INTEGER) WITHOUT ROWID;
        CREATE TABLE trailing_stops (position_id TEXT PRIMARY KEY, side INTEGER NOT NULL, extreme TEXT NOT NULL, trigger_price TEXT NOT NULL, time INTEGER NOT NULL) WITHOUT ROWID;
        """;
}
