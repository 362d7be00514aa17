using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Storage.Sqlite.Tests;

/// <summary>Random ledger operation sequences, journaled and replayed, rebuild the same ledger to the last decimal.</summary>
public sealed class LedgerReplayPropertyTests
{
    [Fact]
    public void Replay_OfJournaledOperations_GivesAnIdenticalLedger()
    {
        var gen = Gen.ListOf(LedgerScenario.OpGen).Select(ops => ops.ToArray());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(gen.ToArbitrary(), ops =>
        {
            var (original, entries, clock) = LedgerScenario.Run(ops);
            var rebuilt = LedgerReplay.Rebuild(LedgerScenario.Portfolio, LedgerScenario.Pairs, entries, new ManualTimeProvider(clock.GetUtcNow()));
            LedgerScenario.Describe(rebuilt).ShouldBe(LedgerScenario.Describe(original));
        }));
    }

    [Fact]
    public void Replay_ThroughTheSqliteStore_GivesAnIdenticalLedger()
    {
        var gen = from ops in Gen.ListOf(LedgerScenario.OpGen).Select(o => o.ToArray())
                  from split in Gen.Choose(1, 6)
                  select (ops, split);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (original, entries, clock) = LedgerScenario.Run(t.ops);
            using var temp = new TempStore();
            var loaded = JournalAndLoad(temp, entries, t.split).GetAwaiter().GetResult();
            loaded.Select(e => e with { Sequence = 0 }).ShouldBe(entries);
            var rebuilt = LedgerReplay.Rebuild(LedgerScenario.Portfolio, LedgerScenario.Pairs, loaded, new ManualTimeProvider(clock.GetUtcNow()));
            LedgerScenario.Describe(rebuilt).ShouldBe(LedgerScenario.Describe(original));
        }));
    }

    [Fact]
    public void Generator_ExercisesEveryEntryKind()
    {
        var kinds = Gen.ListOf(LedgerScenario.OpGen).Sample(40, 60)
            .SelectMany(ops => LedgerScenario.Run(ops.ToArray()).Entries)
            .GroupBy(e => (e.Kind, e.Fee.Asset, e.Side))
            .ToDictionary(g => g.Key, g => g.Count());

        foreach (var kind in Enum.GetValues<LedgerEntryKind>())
        {
            kinds.Where(k => k.Key.Kind == kind).Sum(k => k.Value).ShouldBeGreaterThan(5, kind.ToString());
        }

        kinds.Keys.ShouldContain(k => k.Side == PositionSide.Short);
        kinds.Keys.ShouldContain(k => k.Asset == FeeAsset.Base && k.Kind == LedgerEntryKind.Reduce);
    }

    [Fact]
    public void Rebuild_AfterReplay_RunsOnTheGivenClock()
    {
        var clock = new ManualTimeProvider(Samples.T0);
        var entries = new[] { Samples.OpenEntry(time: Samples.T0.AddDays(-3)) };

        var ledger = LedgerReplay.Rebuild(LedgerScenario.Portfolio, [LedgerScenario.Pairs[0]], entries, clock);

        ledger.GetPositions().Single().OpenedAt.ShouldBe(Samples.T0.AddDays(-3));
        ledger.GetPortfolioMetrics().Timestamp.ShouldBe(Samples.T0);
    }

    [Fact]
    public void Apply_EntryThatDoesNotFit_ThrowsReplayFailed()
    {
        var ledger = new PortfolioManager(LedgerScenario.Portfolio);

        var error = Should.Throw<PortfolioStoreException>(() => LedgerReplay.Apply(ledger, [Samples.OpenEntry() with { Sequence = 4 }]));

        error.Kind.ShouldBe(StoreErrorKind.ReplayFailed);
        error.Message.ShouldContain("entry 4");
    }

    private static async Task<IReadOnlyList<LedgerEntry>> JournalAndLoad(TempStore temp, IReadOnlyList<LedgerEntry> entries, int split)
    {
        await using (var store = await temp.OpenAsync())
        {
            foreach (var chunk in entries.Chunk(split))
            {
                await store.AppendAsync(new StoreBatch { LedgerEntries = chunk });
            }
        }

        await using var reopened = await temp.OpenAsync();
        return (await reopened.LoadAsync()).LedgerEntries;
    }

}
