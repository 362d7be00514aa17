using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using static MultiPair.Sdk.Storage.Sqlite.Tests.Samples;

namespace MultiPair.Sdk.Storage.Sqlite.Tests;

public sealed class SqlitePortfolioStoreTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AppendThenLoad_EveryRecordKind_RoundTripsExactly()
    {
        await using var store = await _temp.OpenAsync();
        var ledger = new PortfolioManager(new PortfolioConfig { TotalCapital = 10_000m });
        ledger.RegisterPair(new PairConfig { Pair = Btc }).IsSuccess.ShouldBeTrue();
        var position = ledger.AddPosition(new OpenPositionRequest { Id = new PositionId("pos-btc"), Pair = Btc, Quantity = 0.01m, EntryPrice = 65000m }).Value;
        var intents = new[] { new OrderIntentRecord(Market("o-1", position: "pos-btc"), T0), new OrderIntentRecord(Limit("o-2"), T0.AddTicks(1)), new OrderIntentRecord(StopLimit("o-3"), T0.AddSeconds(1)), new OrderIntentRecord(Market("o-4"), T0.AddSeconds(2)) };
        var states = new[]
        {
            new OrderStateRecord(new ClientOrderId("o-1"), ExecutionStatus.Accepted, T0.AddSeconds(1)) { ExchangeOrderId = "8842" },
            new OrderStateRecord(new ClientOrderId("o-1"), ExecutionStatus.PartiallyFilled, T0.AddSeconds(2)) { FilledQuantity = 0.005m },
            new OrderStateRecord(new ClientOrderId("o-2"), ExecutionStatus.Cancelled, T0.AddSeconds(3)) { Reason = "user" },
        };
        var fills = new[] { Fill("t-1", "o-1"), Fill("t-2", "o-1", time: T0.AddSeconds(5)), Fill("t-9", "o-2", Eth, T0.AddSeconds(4)) };
        var entries = EveryLedgerKind();
        var stops = new[] { new TrailingStopState(new PositionId("pos-btc"), PositionSide.Long, 66000.5m, 64020.485m, T0.AddSeconds(6)), new TrailingStopState(new PositionId("pos-x"), PositionSide.Short, 10m, 11m, T0) };

        var result = await store.AppendAsync(new StoreBatch { Intents = intents, OrderStates = states, Fills = fills, LedgerEntries = entries, Positions = [position], TrailingStops = stops, ClearedTrailingStops = [new PositionId("pos-x")] });
        await store.SaveSnapshotAsync(new StoreSnapshot(result.FirstLedgerSequence + 5, "ledger-json/1", new byte[] { 1, 2, 3, 0, 255 }, T0.AddMinutes(1)));
        var state = await store.LoadAsync();

        result.ShouldBe(new StoreAppendResult(1, 6, []), new StoreAppendResultComparer());
        state.Identity.ShouldBe(TempStore.PaperIdentity);
        state.LedgerEntries.Select(e => e.Sequence).ShouldBe([1L, 2, 3, 4, 5, 6]);
        state.LedgerEntries.ShouldBe(entries.Select((e, i) => e with { Sequence = i + 1 }).ToList());
        state.LedgerEntries[1].Leverage.ShouldBe(3m);
        state.LedgerEntries[1].Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("10.50"); // scale kept
        state.OpenOrders.Select(o => o.ClientOrderId.Value).ShouldBe(["o-1", "o-3", "o-4"]); // o-2 was cancelled
        state.OpenOrders[0].ShouldBe(new StoredOrder(new ClientOrderId("o-1"), intents[0], states[1] with { ExchangeOrderId = "8842" }));
        state.OpenOrders[1].ShouldBe(new StoredOrder(new ClientOrderId("o-3"), intents[2], null));
        state.LastFills.Count.ShouldBe(2);
        state.LastFills[Btc].ShouldBe(fills[1]);
        state.LastFills[Eth].ShouldBe(fills[2]);
        state.TrailingStops.ShouldBe([stops[0]]);
        state.NextClientOrderSequence.ShouldBe(5);
        state.LatestSnapshot.ShouldNotBeNull();
        state.LatestSnapshot.LedgerSequence.ShouldBe(6);
        state.LatestSnapshot.Format.ShouldBe("ledger-json/1");
        state.LatestSnapshot.Payload.ToArray().ShouldBe(new byte[] { 1, 2, 3, 0, 255 });
        state.LatestSnapshot.Time.ShouldBe(T0.AddMinutes(1));
        _temp.Count("positions", "position_id = 'pos-btc' AND quantity = '0.01' AND closed_at IS NULL").ShouldBe(1);
        _temp.Count("order_history").ShouldBe(3);
    }

    [Fact]
    public async Task RecordIntentAsync_ReturnsOnlyOnceAnotherConnectionCanReadIt()
    {
        await using var store = await _temp.OpenAsync();
        var recordedAt = _temp.Clock.GetUtcNow();

        await store.RecordIntentAsync(Market("mp-42"), CancellationToken.None);

        _temp.Count("intents", "client_order_id = 'mp-42' AND quantity = '0.015' AND sleeve = 'trend'").ShouldBe(1);
        _temp.Clock.Advance(TimeSpan.FromSeconds(1));
        var state = await store.LoadAsync();
        state.OpenOrders.Single().Intent.ShouldBe(new OrderIntentRecord(Market("mp-42"), recordedAt));
    }

    [Fact]
    public async Task RecordIntentAsync_SameClientIdTwice_RefusedAsDuplicateIntent()
    {
        await using var store = await _temp.OpenAsync();
        await store.RecordIntentAsync(Market("mp-1"), CancellationToken.None);

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.RecordIntentAsync(Market("mp-1"), CancellationToken.None));

        error.Kind.ShouldBe(StoreErrorKind.DuplicateIntent);
        _temp.Count("intents").ShouldBe(1);
    }

    [Fact]
    public async Task AppendAsync_DuplicateFill_IsSkippedWithItsLedgerEntry()
    {
        await using var store = await _temp.OpenAsync();
        var batch = new StoreBatch { Fills = [Fill("t-1")], LedgerEntries = [OpenEntry(tradeId: "t-1")] };
        (await store.AppendAsync(batch)).LedgerEntriesWritten.ShouldBe(1);

        var again = await store.AppendAsync(batch);
        var twiceInOne = await store.AppendAsync(new StoreBatch { Fills = [Fill("t-2"), Fill("t-2")], LedgerEntries = [OpenEntry("pos-2", "t-2")] });

        again.DuplicateTradeIds.ShouldBe(["t-1"]);
        again.LedgerEntriesWritten.ShouldBe(0);
        twiceInOne.DuplicateTradeIds.ShouldBe(["t-2"]);
        twiceInOne.LedgerEntriesWritten.ShouldBe(0); // the entry names t-2, which this batch found already stored
        _temp.Count("fills").ShouldBe(2);
        (await store.LoadAsync()).LedgerEntries.Count.ShouldBe(1);
    }

    [Fact]
    public async Task AppendAsync_SameTradeIdOnAnotherPair_IsNotADuplicate()
    {
        await using var store = await _temp.OpenAsync();

        var result = await store.AppendAsync(new StoreBatch { Fills = [Fill("7", pair: Btc), Fill("7", pair: Eth)] });

        result.HadDuplicates.ShouldBeFalse();
        _temp.Count("fills").ShouldBe(2);
    }

    [Fact]
    public async Task AppendAsync_LaterStatementFails_LeavesNoTraceOfTheEarlierOnes()
    {
        await using var store = await _temp.OpenAsync();
        await store.AppendAsync(new StoreBatch { Intents = [new OrderIntentRecord(Market("o-0"), T0)] });
        using (var raw = _temp.Raw())
        using (var trigger = raw.CreateCommand())
        {
            trigger.CommandText = "CREATE TRIGGER boom BEFORE INSERT ON trailing_stops BEGIN SELECT RAISE(ABORT, 'injected failure'); END;";
            trigger.ExecuteNonQuery();
        }

        var errors = new List<StoreError>();
        using var subscription = store.Errors.Subscribe(errors.Add);
        var batch = new StoreBatch
        {
            Intents = [new OrderIntentRecord(Market("o-1"), T0)],
            OrderStates = [new OrderStateRecord(new ClientOrderId("o-0"), ExecutionStatus.Filled, T0) { FilledQuantity = 0.015m }],
            Fills = [Fill("t-1", "o-0")],
            LedgerEntries = [OpenEntry(tradeId: "t-1")],
            TrailingStops = [new TrailingStopState(new PositionId("pos-btc"), PositionSide.Long, 1m, 0.9m, T0)],
        };

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.AppendAsync(batch));

        error.Message.ShouldContain("injected failure");
        errors.Single().Kind.ShouldBe(error.Kind);
        _temp.Count("intents").ShouldBe(1);
        _temp.Count("orders").ShouldBe(0);
        _temp.Count("order_history").ShouldBe(0);
        _temp.Count("fills").ShouldBe(0);
        _temp.Count("ledger_entries").ShouldBe(0);
        var state = await store.LoadAsync();
        state.OpenOrders.Single().ClientOrderId.Value.ShouldBe("o-0");
        state.NextClientOrderSequence.ShouldBe(2);
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

    public static TheoryData<string> BadBatches => new() { "null list", "null intent", "null fill", "null entry", "two intents one id", "bad state", "bad stop", "default cleared id" };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task AppendAsync_BadInput_ThrowsArgumentExceptionAndChangesNothing(string name)
    {
        await using var store = await _temp.OpenAsync();
        await store.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()], Intents = [new OrderIntentRecord(Market("o-0"), T0)] });
        var before = await store.LoadAsync();
        var batch = new StoreBatch { Intents = [new OrderIntentRecord(Market("o-1"), T0)], LedgerEntries = [OpenEntry("pos-2")] };
        batch = name switch
        {
            "null list" => batch with { Fills = null! },
            "null intent" => batch with { Intents = [new OrderIntentRecord(Market("o-2"), T0), null!] },
            "null fill" => batch with { Fills = [null!] },
            "null entry" => batch with { LedgerEntries = [OpenEntry("pos-3"), null!] },
            "two intents one id" => batch with { Intents = [new OrderIntentRecord(Market("o-5"), T0), new OrderIntentRecord(Market("o-5"), T0)] },
            "bad state" => batch with { OrderStates = [new OrderStateRecord(new ClientOrderId("o-1"), (ExecutionStatus)99, T0)] },
            "bad stop" => batch with { TrailingStops = [new TrailingStopState(new PositionId("p"), PositionSide.Long, -1m, 1m, T0)] },
            _ => batch with { ClearedTrailingStops = [default] },
        };

        var error = await Should.ThrowAsync<ArgumentException>(async () => await store.AppendAsync(batch));

        error.ParamName.ShouldBe("batch");
        var after = await store.LoadAsync();
        after.LedgerEntries.ShouldBe(before.LedgerEntries);
        after.OpenOrders.ShouldBe(before.OpenOrders);
        after.NextClientOrderSequence.ShouldBe(before.NextClientOrderSequence);
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

    [Fact]
    public async Task OrderStates_AFinalStateIsNotUndoneByALateReport()
    {
        await using var store = await _temp.OpenAsync();
        var id = new ClientOrderId("o-1");
        await store.AppendAsync(new StoreBatch { Intents = [new OrderIntentRecord(Market("o-1"), T0)], OrderStates = [new OrderStateRecord(id, ExecutionStatus.Filled, T0.AddSeconds(2)) { ExchangeOrderId = "55", FilledQuantity = 0.015m }] });

        await store.AppendAsync(new StoreBatch { OrderStates = [new OrderStateRecord(id, ExecutionStatus.Accepted, T0.AddSeconds(1)), new OrderStateRecord(new ClientOrderId("adopted-1"), ExecutionStatus.Accepted, T0) { ExchangeOrderId = "77" }] });
        var state = await store.LoadAsync();

        state.OpenOrders.ShouldHaveSingleItem().ShouldBe(new StoredOrder(new ClientOrderId("adopted-1"), null, new OrderStateRecord(new ClientOrderId("adopted-1"), ExecutionStatus.Accepted, T0) { ExchangeOrderId = "77" }));
        _temp.Count("orders", "client_order_id = 'o-1' AND status = 2 AND exchange_order_id = '55'").ShouldBe(1);
        _temp.Count("order_history").ShouldBe(3);
    }

    [Fact]
    public async Task SaveSnapshotAsync_KeepsTheLatestFew()
    {
        await using var store = await _temp.OpenAsync();

        for (var i = 1; i <= 5; i++)
        {
            await store.SaveSnapshotAsync(new StoreSnapshot(i, "x/1", new byte[] { (byte)i }, T0.AddSeconds(i)));
        }

        (await store.LoadAsync()).LatestSnapshot!.Payload.ToArray().ShouldBe(new byte[] { 5 });
        _temp.Count("snapshots").ShouldBe(3);
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

    private sealed class StoreAppendResultComparer : IEqualityComparer<StoreAppendResult>
    {
        public bool Equals(StoreAppendResult? x, StoreAppendResult? y) =>
            x is not null && y is not null && x.FirstLedgerSequence == y.FirstLedgerSequence && x.LedgerEntriesWritten == y.LedgerEntriesWritten && x.DuplicateTradeIds.SequenceEqual(y.DuplicateTradeIds, StringComparer.Ordinal);

        public int GetHashCode(StoreAppendResult obj) => obj.FirstLedgerSequence.GetHashCode();
    }
}
