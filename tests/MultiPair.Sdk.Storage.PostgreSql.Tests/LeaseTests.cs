using System.Globalization;
using MultiPair.Sdk.Persistence;
using static MultiPair.Sdk.Storage.Tests.Samples;

namespace MultiPair.Sdk.Storage.PostgreSql.Tests;

/// <summary>Several workers on one schema: single ownership, lapse and takeover, fencing, independence of portfolios.</summary>
public sealed class LeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan ShortTtl = TimeSpan.FromSeconds(1);
    private PgTemp? _pg;

    private PgTemp Pg => _pg ?? throw new InvalidOperationException("No PostgreSQL server.");

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

    [StoreFact]
    public async Task SecondWorker_WhileTheLeaseIsLive_CannotOpen()
    {
        await using var first = await Pg.OpenAsync(owner: "worker-a");
        await using var second = Pg.Create(owner: "worker-b");
        var errors = new List<StoreError>();
        using var subscription = second.Errors.Subscribe(errors.Add);

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await second.OpenAsync(PgTemp.PaperIdentity));

        error.Kind.ShouldBe(StoreErrorKind.Fenced);
        error.Message.ShouldContain("worker-a");
        errors.Single().Operation.ShouldBe("Open");
        second.Lease.ShouldBeNull();
        await first.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()] }); // the owner is not disturbed
        Pg.Count("leases", "owner = 'worker-a' AND token = 1").ShouldBe(1);
    }

    [StoreFact]
    public async Task LeaseLapses_SecondWorkerTakesOver_FirstIsFencedAndWritesNothing()
    {
        await using var first = await Pg.OpenAsync(owner: "worker-a", ttl: ShortTtl);
        await first.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()] });
        var firstErrors = new List<StoreError>();
        using var subscription = first.Errors.Subscribe(firstErrors.Add);
        await WaitUntilLapsedAsync();

        await using var second = await Pg.OpenAsync(owner: "worker-b", ttl: ShortTtl);
        var append = await Should.ThrowAsync<PortfolioStoreException>(async () => await first.AppendAsync(new StoreBatch
        {
            Intents = [new OrderIntentRecord(Market("o-stale"), T0)],
            Fills = [Fill("t-stale")],
            LedgerEntries = [OpenEntry("pos-stale", "t-stale")],
        }));
        var intent = await Should.ThrowAsync<PortfolioStoreException>(async () => await first.RecordIntentAsync(Market("o-1"), CancellationToken.None));
        var snapshot = await Should.ThrowAsync<PortfolioStoreException>(async () => await first.SaveSnapshotAsync(new StoreSnapshot(1, "x/1", new byte[] { 1 }, T0)));
        var renew = await Should.ThrowAsync<PortfolioStoreException>(async () => await first.RenewLeaseAsync());

        second.Lease!.FencingToken.ShouldBe(first.Lease!.FencingToken + 1);
        new[] { append.Kind, intent.Kind, snapshot.Kind, renew.Kind }.ShouldAllBe(k => k == StoreErrorKind.Fenced);
        append.Message.ShouldContain("worker-b");
        firstErrors.Select(e => e.Kind).ShouldBe([StoreErrorKind.Fenced, StoreErrorKind.Fenced, StoreErrorKind.Fenced, StoreErrorKind.Fenced]);
        Pg.Count("intents").ShouldBe(0);
        Pg.Count("fills").ShouldBe(0);
        Pg.Count("snapshots").ShouldBe(0);
        Pg.Count("ledger_entries").ShouldBe(1);
        await second.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry("pos-2")] });
        (await second.LoadAsync()).LedgerEntries.Select(e => e.Sequence).ShouldBe([1L, 2]);
    }

    [StoreFact]
    public async Task RenewLeaseAsync_ExtendsTheLease_EvenAfterItLapsedWhileNobodyTookOver()
    {
        await using var store = await Pg.OpenAsync(ttl: ShortTtl);
        var opened = store.Lease!;
        await WaitUntilLapsedAsync();

        var renewed = await store.RenewLeaseAsync();

        renewed.FencingToken.ShouldBe(opened.FencingToken);
        renewed.ExpiresAt!.Value.ShouldBeGreaterThan(opened.ExpiresAt!.Value);
        store.Lease.ShouldBe(renewed);
        await using var other = Pg.Create(owner: "worker-b");
        (await Should.ThrowAsync<PortfolioStoreException>(async () => await other.OpenAsync(PgTemp.PaperIdentity))).Kind.ShouldBe(StoreErrorKind.Fenced);
    }

    [StoreFact]
    public async Task RenewInterval_OnTheStoresClock_RenewsByItself()
    {
        await using var store = await Pg.OpenAsync(ttl: TimeSpan.FromSeconds(3));
        var opened = store.Lease!;
        await Task.Delay(50);

        Pg.Clock.Advance(TimeSpan.FromSeconds(1)); // the renew interval is a third of the TTL
        for (var i = 0; i < 100 && store.Lease!.ExpiresAt == opened.ExpiresAt; i++)
        {
            await Task.Delay(50);
        }

        store.Lease!.ExpiresAt!.Value.ShouldBeGreaterThan(opened.ExpiresAt!.Value);
        store.Lease.FencingToken.ShouldBe(opened.FencingToken);
    }

    [StoreFact]
    public async Task Dispose_ReleasesTheLease_SoAnotherWorkerTakesOverAtOnce()
    {
        await (await Pg.OpenAsync(owner: "worker-a")).DisposeAsync();

        await using var second = await Pg.OpenAsync(owner: "worker-b");

        second.Lease!.FencingToken.ShouldBe(2);
    }

    [StoreFact]
    public async Task SameOwner_Reopening_TakesOverAndFencesItsOldInstance()
    {
        await using var old = await Pg.OpenAsync(owner: "worker-a");
        await using var restarted = await Pg.OpenAsync(owner: "worker-a");

        restarted.Lease!.FencingToken.ShouldBe(2);
        (await Should.ThrowAsync<PortfolioStoreException>(async () => await old.AppendAsync(new StoreBatch { LedgerEntries = [OpenEntry()] }))).Kind.ShouldBe(StoreErrorKind.Fenced);
    }

    [StoreFact]
    public async Task TwoWorkers_OwningDifferentPortfolios_WriteConcurrentlyWithoutInterference()
    {
        var identities = new[] { "alpha", "beta" }.Select(p => new StoreIdentity("binance-spot", "acct-1", TradingMode.Paper, p)).ToArray();
        await using var a = await Pg.OpenAsync(identities[0], owner: "worker-a");
        await using var b = await Pg.OpenAsync(identities[1], owner: "worker-b");

        async Task WriteAsync(IPortfolioStore store, string prefix)
        {
            for (var i = 0; i < 25; i++)
            {
                var n = i.ToString(CultureInfo.InvariantCulture);
                await store.AppendAsync(new StoreBatch
                {
                    Intents = [new OrderIntentRecord(Market($"{prefix}-o-{n}"), T0)],
                    Fills = [Fill("t-" + n)], // the same trade ids in both portfolios: not duplicates of each other
                    LedgerEntries = [OpenEntry($"{prefix}-p-{n}", "t-" + n)],
                });
            }
        }

        await Task.WhenAll(WriteAsync(a, "a"), WriteAsync(b, "b"));
        var stateA = await a.LoadAsync();
        var stateB = await b.LoadAsync();

        foreach (var (state, prefix) in new[] { (stateA, "a"), (stateB, "b") })
        {
            state.LedgerEntries.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, 25).Select(i => (long)i));
            state.LedgerEntries.ShouldAllBe(e => e.PositionId.Value.StartsWith(prefix + "-", StringComparison.Ordinal));
            state.OpenOrders.Count.ShouldBe(25);
            state.OpenOrders.ShouldAllBe(o => o.ClientOrderId.Value.StartsWith(prefix + "-", StringComparison.Ordinal));
            state.NextClientOrderSequence.ShouldBe(26);
        }

        Pg.Count("fills").ShouldBe(50);
        Pg.Count("leases").ShouldBe(2);
    }

    [StoreFact]
    public async Task ConcurrentWorkers_OnAFreshSchema_MigrateOnceAndAllOpen()
    {
        var stores = Enumerable.Range(0, 4).Select(i => Pg.Create(owner: "worker-" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        try
        {
            var leases = await Task.WhenAll(stores.Select((s, i) => s.OpenAsync(new StoreIdentity("binance-spot", "acct-1", TradingMode.Paper, "p" + i.ToString(CultureInfo.InvariantCulture))).AsTask()));

            leases.ShouldAllBe(l => l.FencingToken == 1);
            Pg.Count("schema_info", $"version = {PostgresPortfolioStore.CurrentSchemaVersion}").ShouldBe(1);
            Pg.Count("portfolios").ShouldBe(4);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    private async Task WaitUntilLapsedAsync()
    {
        for (var i = 0; i < 100 && Pg.Count("leases", "expires_at > clock_timestamp()") > 0; i++)
        {
            await Task.Delay(100);
        }

        Pg.Count("leases", "expires_at > clock_timestamp()").ShouldBe(0);
    }
}
