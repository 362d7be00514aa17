using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Testing;
using Npgsql;
using static MultiPair.Sdk.Storage.Tests.Samples;

namespace MultiPair.Sdk.Storage.PostgreSql.Tests;

/// <summary>The store contract on PostgreSQL, and what only the PostgreSQL store does: schema, identity, versions, errors.</summary>
public sealed class PostgresPortfolioStoreTests : PortfolioStoreContract, IAsyncLifetime
{
    private PgTemp? _pg;

    private PgTemp Pg => _pg ?? throw new InvalidOperationException("No PostgreSQL server.");

    protected override ManualTimeProvider Clock => Pg.Clock;

    public Task InitializeAsync()
    {
        _pg = PostgresServer.SkipReason is null ? new PgTemp() : null;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_pg is not null)
        {
            await _pg.DisposeAsync();
        }
    }

    protected override async Task<IPortfolioStore> OpenAsync(StoreIdentity? identity = null) => await Pg.OpenAsync(identity);

    protected override long Count(string table, string? where = null) => Pg.Count(table, where);

    protected override void FailInsertsInto(string table) => Pg.Execute($"""
        CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
        CREATE TRIGGER boom BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION boom();
        """);

    [StoreFact]
    public async Task Open_NewSchema_CreatesTheTablesAtTheCurrentVersionWithTheFirstToken()
    {
        await using var store = await Pg.OpenAsync();

        Pg.Count("schema_info", $"version = {PostgresPortfolioStore.CurrentSchemaVersion}").ShouldBe(1);
        Pg.Count("portfolios", "portfolio_id = 'main' AND exchange = 'binance-spot' AND account = 'acct-1' AND mode = 0").ShouldBe(1);
        store.Lease.ShouldNotBeNull();
        store.Lease.FencingToken.ShouldBe(1);
        store.Lease.Owner.ShouldBe("worker-a");
        store.Lease.ExpiresAt.ShouldNotBeNull();
        (store.Lease.ExpiresAt.Value - store.Lease.AcquiredAt).ShouldBe(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        store.Schema.ShouldBe(Pg.Schema);
    }

    [StoreFact]
    public async Task Reopen_AfterDispose_LoadsEverythingWithTheNextToken()
    {
        var entries = EveryLedgerKind();
        StoreState before;
        await using (var store = await Pg.OpenAsync())
        {
            await store.AppendAsync(new StoreBatch { Intents = [new OrderIntentRecord(Market("o-1"), T0)], Fills = [Fill("t-1")], LedgerEntries = entries });
            await store.RecordIntentAsync(Market("o-2"), CancellationToken.None);
            before = await store.LoadAsync();
        }

        await using var reopened = await Pg.OpenAsync(owner: "worker-b");
        var after = await reopened.LoadAsync();

        reopened.Lease!.FencingToken.ShouldBe(2);
        after.LedgerEntries.ShouldBe(before.LedgerEntries);
        after.OpenOrders.ShouldBe(before.OpenOrders);
        after.LastFills.ShouldBe(before.LastFills);
        after.NextClientOrderSequence.ShouldBe(3);
    }

    [StoreTheory]
    [InlineData("binance-futures", "acct-1", TradingMode.Paper)]
    [InlineData("binance-spot", "acct-2", TradingMode.Paper)]
    [InlineData("binance-spot", "acct-1", TradingMode.Live)]
    public async Task Open_PortfolioWithAnotherIdentity_RefusedAsIdentityMismatch(string exchange, string account, TradingMode mode)
    {
        await (await Pg.OpenAsync()).DisposeAsync();
        await using var store = Pg.Create(owner: "worker-b");
        var errors = new List<StoreError>();
        using var subscription = store.Errors.Subscribe(errors.Add);

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.OpenAsync(new StoreIdentity(exchange, account, mode, "main")));

        error.Kind.ShouldBe(StoreErrorKind.IdentityMismatch);
        errors.Single().Operation.ShouldBe("Open");
        store.Identity.ShouldBeNull();
        await Should.ThrowAsync<InvalidOperationException>(async () => await store.LoadAsync());
        Pg.Count("leases", "token = 1").ShouldBe(1); // the lease was not taken
    }

    [StoreFact]
    public async Task Open_AnotherPortfolioThanConfigured_RefusedAsIdentityMismatch()
    {
        var options = Pg.Options();
        options.PortfolioId = "main";
        await using var store = new PostgresPortfolioStore(options, Pg.Clock);

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.OpenAsync(new StoreIdentity("binance-spot", "acct-1", TradingMode.Paper, "other")));

        error.Kind.ShouldBe(StoreErrorKind.IdentityMismatch);
        await store.OpenAsync(PaperIdentity);
    }

    [StoreFact]
    public async Task Open_SchemaFromANewerVersion_RefusedAndLeftUntouched()
    {
        await (await Pg.OpenAsync()).DisposeAsync();
        Pg.Execute($"UPDATE schema_info SET version = {PostgresPortfolioStore.CurrentSchemaVersion + 1};");
        await using var store = Pg.Create(owner: "worker-b");

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.OpenAsync(new StoreIdentity("binance-spot", "acct-1", TradingMode.Paper, "second")));

        error.Kind.ShouldBe(StoreErrorKind.VersionTooNew);
        Pg.Count("portfolios").ShouldBe(1);
        Pg.Count("leases", "owner = 'worker-a' AND token = 1").ShouldBe(1);
    }

    [StoreFact]
    public async Task Open_VersionOneSchema_MigratesToTheCurrentVersionAndKeepsTheData()
    {
        await using (var first = await Pg.OpenAsync())
        {
            await first.AppendAsync(new StoreBatch { Intents = [new OrderIntentRecord(Market("o-1"), T0)], LedgerEntries = [OpenEntry(tradeId: "t-1")] });
        }

        // The schema as version 1 left it: no exit levels table.
        Pg.Execute("DROP TABLE exit_levels; UPDATE schema_info SET version = 1 WHERE id = 1;");
        await using var store = await Pg.OpenAsync(owner: "worker-b");
        await store.AppendAsync(new StoreBatch { ExitLevels = [new ExitLevelsState(new PositionId("pos-btc"), 60_000m, null, T0)] });
        var state = await store.LoadAsync();

        Pg.Count("schema_info", $"version = {PostgresPortfolioStore.CurrentSchemaVersion}").ShouldBe(1);
        PostgresPortfolioStore.CurrentSchemaVersion.ShouldBe(2);
        state.LedgerEntries.Single().ShouldBe(OpenEntry(tradeId: "t-1") with { Sequence = 1 });
        state.OpenOrders.Single().ClientOrderId.Value.ShouldBe("o-1");
        state.ExitLevels.ShouldBe([new ExitLevelsState(new PositionId("pos-btc"), 60_000m, null, T0)]);
    }

    [StoreFact]
    public async Task Open_SchemaWithForeignTables_Refused()
    {
        Pg.Execute($"CREATE SCHEMA {Pg.Schema}; CREATE TABLE {Pg.Schema}.customers (id integer);");
        await using var store = Pg.Create();

        (await Should.ThrowAsync<PortfolioStoreException>(async () => await store.OpenAsync(PaperIdentity))).Kind.ShouldBe(StoreErrorKind.IdentityMismatch);
        Pg.Count("customers").ShouldBe(0);
    }

    [StoreFact]
    public async Task AppendAsync_WhileAnotherSessionHoldsTheLeaseRow_FailsLockedAndWritesNothing()
    {
        await using var store = await Pg.OpenAsync(commandTimeout: TimeSpan.FromSeconds(1));
        var errors = new List<StoreError>();
        using var subscription = store.Errors.Subscribe(errors.Add);
        await using (var holder = Pg.Raw())
        {
            await using var transaction = await holder.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand("SELECT * FROM leases FOR UPDATE;", holder, transaction))
            {
                await hold.ExecuteNonQueryAsync();
            }

            var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()] }));

            error.Kind.ShouldBe(StoreErrorKind.Locked);
            error.IsTransient.ShouldBeTrue();
            errors.Single().Kind.ShouldBe(StoreErrorKind.Locked);
            await transaction.RollbackAsync();
        }

        Pg.Count("ledger_entries").ShouldBe(0);
        await store.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()] });
        Pg.Count("ledger_entries").ShouldBe(1);
    }

    [StoreFact]
    public async Task Operations_ServerUnreachable_FailAsOtherAndArePublished()
    {
        var options = Pg.Options(commandTimeout: TimeSpan.FromSeconds(2));
        options.ConnectionString = new NpgsqlConnectionStringBuilder(PgTemp.ConnectionString) { Host = "127.0.0.1", Port = 1, Timeout = 2 }.ConnectionString;
        await using var store = new PostgresPortfolioStore(options, Pg.Clock);
        var errors = new List<StoreError>();
        using var subscription = store.Errors.Subscribe(errors.Add);

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.OpenAsync(PaperIdentity));

        error.Kind.ShouldBe(StoreErrorKind.Other);
        error.InnerException.ShouldBeAssignableTo<NpgsqlException>();
        errors.Single().Kind.ShouldBe(StoreErrorKind.Other);
    }

    [Theory]
    [InlineData("53100", StoreErrorKind.DiskFull)]
    [InlineData("55P03", StoreErrorKind.Locked)]
    [InlineData("40P01", StoreErrorKind.Locked)]
    [InlineData("40001", StoreErrorKind.Locked)]
    [InlineData("XX001", StoreErrorKind.Corrupt)]
    [InlineData("XX002", StoreErrorKind.Corrupt)]
    [InlineData("23505", StoreErrorKind.Other)]
    [InlineData("57P01", StoreErrorKind.Other)]
    public void Map_PostgresErrors_ToStoreErrorKinds(string sqlState, StoreErrorKind kind) =>
        PostgresPortfolioStore.Map(new PostgresException("failed", "ERROR", "ERROR", sqlState)).ShouldBe(kind);

    [Fact]
    public void Map_ConnectionFailureAndTimeout_OtherAndLocked()
    {
        PostgresPortfolioStore.Map(new NpgsqlException("connection refused", new System.Net.Sockets.SocketException())).ShouldBe(StoreErrorKind.Other);
        PostgresPortfolioStore.Map(new NpgsqlException("timeout", new TimeoutException())).ShouldBe(StoreErrorKind.Locked);
    }

    [StoreFact]
    public async Task Calls_BeforeOpenAfterDisposeOrWithNull_AreMisuse()
    {
        var store = Pg.Create();
        await Should.ThrowAsync<InvalidOperationException>(async () => await store.AppendAsync(new StoreBatch()));
        await Should.ThrowAsync<InvalidOperationException>(async () => await store.RenewLeaseAsync());
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.AppendAsync(null!));
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.OpenAsync(null!));
        await Should.ThrowAsync<ArgumentNullException>(async () => await store.RecordIntentAsync(null!, CancellationToken.None));
        await store.OpenAsync(PaperIdentity);
        await Should.ThrowAsync<InvalidOperationException>(async () => await store.OpenAsync(PaperIdentity));
        await store.DisposeAsync();
        await Should.ThrowAsync<ObjectDisposedException>(async () => await store.LoadAsync());
    }

    [Fact]
    public void Options_Invalid_ListsEveryProblem()
    {
        var options = new PostgresStoreOptions { ConnectionString = "", Schema = "Bad-Name", LeaseTtl = TimeSpan.FromMilliseconds(10), RenewInterval = TimeSpan.FromMinutes(1), CommandTimeout = TimeSpan.Zero, PortfolioId = " ", Owner = "" };

        options.Validate().Count.ShouldBe(7);
        Should.Throw<ArgumentException>(() => new PostgresPortfolioStore(options)).Message.ShouldSatisfyAllConditions(
            m => m.ShouldContain("ConnectionString"),
            m => m.ShouldContain("Schema"),
            m => m.ShouldContain("LeaseTtl"),
            m => m.ShouldContain("RenewInterval"),
            m => m.ShouldContain("CommandTimeout"));
        new PostgresStoreOptions { ConnectionString = "Host=localhost" }.Validate().ShouldBeEmpty();
        new PostgresStoreOptions { ConnectionString = "NoSuchKeyword=1" }.Validate().Single().ShouldContain("not a valid");
    }
}
