using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Storage.PostgreSql.Tests;

/// <summary>Random ledger operation sequences journaled through PostgreSQL (random batch sizes, a reopen by another worker) rebuild the same ledger.</summary>
public sealed class LedgerReplayPropertyTests
{
    [StoreFact]
    public async Task Replay_ThroughThePostgresStore_GivesAnIdenticalLedger()
    {
        await using var pg = new PgTemp();
        var run = 0;
        var gen = from ops in Gen.ListOf(LedgerScenario.OpGen).Select(o => o.ToArray())
                  from split in Gen.Choose(1, 6)
                  select (ops, split);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10), Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (original, entries, clock) = LedgerScenario.Run(t.ops);
            var identity = new StoreIdentity("binance-spot", "acct-1", TradingMode.Paper, "p" + (run++).ToString(CultureInfo.InvariantCulture));
            var loaded = JournalAndLoad(pg, identity, entries, t.split).GetAwaiter().GetResult();
            loaded.Select(e => e with { Sequence = 0 }).ShouldBe(entries);
            var rebuilt = LedgerReplay.Rebuild(LedgerScenario.Portfolio, LedgerScenario.Pairs, loaded, new ManualTimeProvider(clock.GetUtcNow()));
            LedgerScenario.Describe(rebuilt).ShouldBe(LedgerScenario.Describe(original));
        }));
    }

    private static async Task<IReadOnlyList<LedgerEntry>> JournalAndLoad(PgTemp pg, StoreIdentity identity, IReadOnlyList<LedgerEntry> entries, int split)
    {
        await using (var store = await pg.OpenAsync(identity, owner: "worker-a"))
        {
            foreach (var chunk in entries.Chunk(split))
            {
                await store.AppendAsync(new StoreBatch { LedgerEntries = chunk });
            }
        }

        await using var reopened = await pg.OpenAsync(identity, owner: "worker-b");
        return (await reopened.LoadAsync()).LedgerEntries;
    }
}
