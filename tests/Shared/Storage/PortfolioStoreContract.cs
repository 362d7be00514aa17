using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Testing;
using static MultiPair.Sdk.Storage.Tests.Samples;

namespace MultiPair.Sdk.Storage.Tests;

/// <summary>
/// What every <see cref="IPortfolioStore"/> must do, run against each store (this file is linked into each store's
/// test project): record round trips, intents, duplicate fills, atomic batches, bad input, order states, snapshots.
/// </summary>
public abstract class PortfolioStoreContract
{
    /// <summary>The identity the tests open with.</summary>
    public static readonly StoreIdentity PaperIdentity = new("binance-spot", "acct-1", TradingMode.Paper, "main");

    /// <summary>Gets the clock the stores stamp intents with.</summary>
    protected abstract ManualTimeProvider Clock { get; }

    /// <summary>Opens a store of the kind under test (the same database on every call).</summary>
    protected abstract Task<IPortfolioStore> OpenAsync(StoreIdentity? identity = null);

    /// <summary>Counts rows through another connection, as another process would see them.</summary>
    protected abstract long Count(string table, string? where = null);

    /// <summary>Makes every insert into <paramref name="table"/> fail with the message <c>injected failure</c>.</summary>
    protected abstract void FailInsertsInto(string table);

    [StoreFact]
    public async Task AppendThenLoad_EveryRecordKind_RoundTripsExactly()
    {
        await using var store = await OpenAsync();
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
        state.Identity.ShouldBe(PaperIdentity);
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
        Count("positions", "position_id = 'pos-btc' AND quantity = '0.01' AND closed_at IS NULL").ShouldBe(1);
        Count("order_history").ShouldBe(3);
    }

    [StoreFact]
    public async Task RecordIntentAsync_ReturnsOnlyOnceAnotherConnectionCanReadIt()
    {
        await using var store = await OpenAsync();
        var recordedAt = Clock.GetUtcNow();

        await store.RecordIntentAsync(Market("mp-42"), CancellationToken.None);

        Count("intents", "client_order_id = 'mp-42' AND quantity = '0.015' AND sleeve = 'trend'").ShouldBe(1);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var state = await store.LoadAsync();
        state.OpenOrders.Single().Intent.ShouldBe(new OrderIntentRecord(Market("mp-42"), recordedAt));
    }

    [StoreFact]
    public async Task RecordIntentAsync_SameClientIdTwice_RefusedAsDuplicateIntent()
    {
        await using var store = await OpenAsync();
        await store.RecordIntentAsync(Market("mp-1"), CancellationToken.None);

        var error = await Should.ThrowAsync<PortfolioStoreException>(async () => await store.RecordIntentAsync(Market("mp-1"), CancellationToken.None));

        error.Kind.ShouldBe(StoreErrorKind.DuplicateIntent);
        Count("intents").ShouldBe(1);
    }

    [StoreFact]
    public async Task AppendAsync_DuplicateFill_IsSkippedWithItsLedgerEntry()
    {
        await using var store = await OpenAsync();
        var batch = new StoreBatch { Fills = [Fill("t-1")], LedgerEntries = [OpenEntry(tradeId: "t-1")] };
        (await store.AppendAsync(batch)).LedgerEntriesWritten.ShouldBe(1);

        var again = await store.AppendAsync(batch);
        var twiceInOne = await store.AppendAsync(new StoreBatch { Fills = [Fill("t-2"), Fill("t-2")], LedgerEntries = [OpenEntry("pos-2", "t-2")] });

        again.DuplicateTradeIds.ShouldBe(["t-1"]);
        again.LedgerEntriesWritten.ShouldBe(0);
        twiceInOne.DuplicateTradeIds.ShouldBe(["t-2"]);
        twiceInOne.LedgerEntriesWritten.ShouldBe(0); // the entry names t-2, which this batch found already stored
        Count("fills").ShouldBe(2);
        (await store.LoadAsync()).LedgerEntries.Count.ShouldBe(1);
    }

    [StoreFact]
    public async Task AppendAsync_SameTradeIdOnAnotherPair_IsNotADuplicate()
    {
        await using var store = await OpenAsync();

        var result = await store.AppendAsync(new StoreBatch { Fills = [Fill("7", pair: Btc), Fill("7", pair: Eth)] });

        result.HadDuplicates.ShouldBeFalse();
        Count("fills").ShouldBe(2);
    }

    [StoreFact]
    public async Task ExitLevels_AreKeptPerPositionUntilCleared_TheLatestWinning()
    {
        await using var store = await OpenAsync();
        var btc = new ExitLevelsState(new PositionId("pos-btc"), 63_500.125m, 68_900.50m, T0);
        var eth = new ExitLevelsState(new PositionId("pos-eth"), null, 3_100m, T0.AddSeconds(1));
        var sol = new ExitLevelsState(new PositionId("pos-sol"), 140.25m, null, T0.AddSeconds(2));
        await store.AppendAsync(new StoreBatch { ExitLevels = [btc, eth, sol] });
        await store.AppendAsync(new StoreBatch { ExitLevels = [btc with { StopLoss = 64_000m, Time = T0.AddSeconds(3) }], ClearedExitLevels = [new PositionId("pos-eth"), new PositionId("never-stored")] });

        var state = await store.LoadAsync();

        state.ExitLevels.ShouldBe([btc with { StopLoss = 64_000m, Time = T0.AddSeconds(3) }, sol]);
        state.ExitLevels[0].TakeProfit!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("68900.50"); // scale kept
        (await store.LoadAsync()).ExitLevels.ShouldBe(state.ExitLevels);
    }

    [StoreFact]
    public async Task AppendAsync_LaterStatementFails_LeavesNoTraceOfTheEarlierOnes()
    {
        await using var store = await OpenAsync();
        await store.AppendAsync(new StoreBatch { Intents = [new OrderIntentRecord(Market("o-0"), T0)] });
        FailInsertsInto("trailing_stops");

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
        Count("intents").ShouldBe(1);
        Count("orders").ShouldBe(0);
        Count("order_history").ShouldBe(0);
        Count("fills").ShouldBe(0);
        Count("ledger_entries").ShouldBe(0);
        var state = await store.LoadAsync();
        state.OpenOrders.Single().ClientOrderId.Value.ShouldBe("o-0");
        state.NextClientOrderSequence.ShouldBe(2);
    }

    public static TheoryData<string> BadBatches => new() { "null list", "null intent", "null fill", "null entry", "two intents one id", "bad state", "bad stop", "default cleared id", "bad exit levels", "null exit levels", "default cleared exit levels" };

    [StoreTheory]
    [MemberData(nameof(BadBatches))]
    public async Task AppendAsync_BadInput_ThrowsArgumentExceptionAndChangesNothing(string name)
    {
        await using var store = await OpenAsync();
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
            "bad exit levels" => batch with { ExitLevels = [new ExitLevelsState(new PositionId("p"), 0m, 110m, T0)] },
            "null exit levels" => batch with { ExitLevels = [null!] },
            "default cleared exit levels" => batch with { ClearedExitLevels = [default] },
            _ => batch with { ClearedTrailingStops = [default] },
        };

        var error = await Should.ThrowAsync<ArgumentException>(async () => await store.AppendAsync(batch));

        error.ParamName.ShouldBe("batch");
        var after = await store.LoadAsync();
        after.LedgerEntries.ShouldBe(before.LedgerEntries);
        after.OpenOrders.ShouldBe(before.OpenOrders);
        after.NextClientOrderSequence.ShouldBe(before.NextClientOrderSequence);
    }

    [StoreFact]
    public async Task OrderStates_AFinalStateIsNotUndoneByALateReport()
    {
        await using var store = await OpenAsync();
        var id = new ClientOrderId("o-1");
        await store.AppendAsync(new StoreBatch { Intents = [new OrderIntentRecord(Market("o-1"), T0)], OrderStates = [new OrderStateRecord(id, ExecutionStatus.Filled, T0.AddSeconds(2)) { ExchangeOrderId = "55", FilledQuantity = 0.015m }] });

        await store.AppendAsync(new StoreBatch { OrderStates = [new OrderStateRecord(id, ExecutionStatus.Accepted, T0.AddSeconds(1)), new OrderStateRecord(new ClientOrderId("adopted-1"), ExecutionStatus.Accepted, T0) { ExchangeOrderId = "77" }] });
        var state = await store.LoadAsync();

        state.OpenOrders.ShouldHaveSingleItem().ShouldBe(new StoredOrder(new ClientOrderId("adopted-1"), null, new OrderStateRecord(new ClientOrderId("adopted-1"), ExecutionStatus.Accepted, T0) { ExchangeOrderId = "77" }));
        Count("orders", "client_order_id = 'o-1' AND status = 2 AND exchange_order_id = '55'").ShouldBe(1);
        Count("order_history").ShouldBe(3);
    }

    [StoreFact]
    public async Task SaveSnapshotAsync_KeepsTheLatestFew()
    {
        await using var store = await OpenAsync();

        for (var i = 1; i <= 5; i++)
        {
            await store.SaveSnapshotAsync(new StoreSnapshot(i, "x/1", new byte[] { (byte)i }, T0.AddSeconds(i)));
        }

        (await store.LoadAsync()).LatestSnapshot!.Payload.ToArray().ShouldBe(new byte[] { 5 });
        Count("snapshots").ShouldBe(3);
    }

    private sealed class StoreAppendResultComparer : IEqualityComparer<StoreAppendResult>
    {
        public bool Equals(StoreAppendResult? x, StoreAppendResult? y) =>
            x is not null && y is not null && x.FirstLedgerSequence == y.FirstLedgerSequence && x.LedgerEntriesWritten == y.LedgerEntriesWritten && x.DuplicateTradeIds.SequenceEqual(y.DuplicateTradeIds, StringComparer.Ordinal);

        public int GetHashCode(StoreAppendResult obj) => obj.FirstLedgerSequence.GetHashCode();
    }
}
