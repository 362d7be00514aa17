using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Exchanges.Binance;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Storage.Sqlite;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;

// A live portfolio process for the crash tests: USDⓈ-M futures through the Binance adapter against the fake server,
// SQLite state, restart reconciliation before trading, then one entry or exit per closed bar until killed.
// Usage: worker <rest-url> <stream-url> <db-path> <api-key> <api-secret>
// Prints "READY <consistent>" after the reconciliation and "STATE <trading state>" on every change.
if (args.Length < 5)
{
    await Console.Error.WriteLineAsync("usage: worker <rest-url> <stream-url> <db-path> <api-key> <api-secret>");
    return 2;
}

TradingPair[] pairs = [new("BTC", "USDT"), new("ETH", "USDT")];
var time = TimeProvider.System;
var services = new ServiceCollection();
services.AddMultiPairTrading().UseBinance(o =>
{
    o.Market = MarketType.LinearPerpetual;
    o.RestAddress = new Uri(args[0]);
    o.StreamAddress = new Uri(args[1]);
    o.ApiKey = args[3];
    o.ApiSecret = args[4];
    o.RequestTimeout = TimeSpan.FromSeconds(2);
});
await using var provider = services.BuildServiceProvider();
var adapter = provider.GetRequiredService<BinanceAdapter>();
var streams = provider.GetRequiredService<IMarketStreamApi>();
var userData = provider.GetRequiredService<IUserDataStreamApi>();
var instruments = (await adapter.GetInstrumentsAsync()).Value;

await using var store = new SqlitePortfolioStore(new SqliteStoreOptions { DatabasePath = args[2], BusyTimeout = TimeSpan.FromSeconds(2) });
await store.OpenAsync(new StoreIdentity("binance-usdm", "crash-test", TradingMode.Live, "main"));
var state = await store.LoadAsync();

var config = new PortfolioConfig { TotalCapital = 100_000m, MaxPositions = 10, MaxPositionSizePercent = 50m, MaxCorrelatedExposurePercent = 500m };
IReadOnlyList<PairConfig> pairConfigs = [.. pairs.Select(p => new PairConfig { Pair = p, MarketType = MarketType.LinearPerpetual, Leverage = 1m })];
var ledger = PortfolioRecovery.RebuildLedger(state, config, pairConfigs, time);
using var gate = new RiskGate(ledger, [], new RiskGateOptions { FeeReservePercent = 0m }, instruments.Where(i => pairs.Contains(i.Pair)), time);
using var coordinator = new EntryCoordinator(gate, new FixedFractionAllocation { FractionPercent = 2m }, new CoordinatorOptions { MinimumNotional = 1m });
await using var executor = new OrderExecutor(adapter, new OrderExecutorOptions
{
    QueryDelay = TimeSpan.FromMilliseconds(50),
    MaxQueryDelay = TimeSpan.FromMilliseconds(400),
    UnknownOrderGracePeriod = TimeSpan.FromMilliseconds(500),
    FillSyncDelay = TimeSpan.FromMilliseconds(300),
}, time, journal: store);
(await executor.AttachUserDataStreamAsync(userData)).Value.ToString();

// Enter when flat, exit when holding: one order per pair per closed bar.
IPairStrategy Alternate() => new ScriptedStrategy(
    [Timeframe.OneMinute],
    (bar, context) => context.Position is null ? context.Emit(SignalDirection.Long, 0.9, "enter") : context.Emit(SignalDirection.Exit, 0.9, "exit"));
using var engine = new PortfolioEngine(
    ledger,
    gate,
    coordinator,
    executor,
    pairs.Select(p => new PairSetup { Pair = p, Strategy = Alternate(), StrategyId = new StrategyId("crash"), InputTimeframe = Timeframe.OneMinute }),
    new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero },
    time);
await using var journal = new PortfolioJournal(store, engine);
using var states = gate.StateChanges.Subscribe(change => Console.WriteLine("STATE " + change.To + " " + change.Reason));

var report = await PortfolioRecovery.ReconcileAsync(state, engine, executor, adapter);
var feed = await streams.SubscribeToClosedBarsAsync(pairs, Timeframe.OneMinute, bar => engine.PostBarAsync(bar).AsTask().GetAwaiter().GetResult());
await using var subscription = feed.Value;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"READY {report.IsConsistent} orders={report.Orders.Count} orphans={report.Orphans.Count} state={gate.State}"));
foreach (var mismatch in report.Mismatches)
{
    Console.WriteLine("MISMATCH " + mismatch);
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
_ = Task.Run(async () =>
{
    // "quit" on stdin stops cleanly (the final check run); a kill stops it anywhere.
    while (await Console.In.ReadLineAsync() is { } line)
    {
        if (string.Equals(line, "quit", StringComparison.Ordinal))
        {
            await stop.CancelAsync();
            return;
        }
    }
});
await engine.RunAsync(stop.Token);
await executor.WhenIdleAsync();
engine.ProcessPending();
await journal.FlushAsync();
Console.WriteLine("STOPPED " + gate.State);
return 0;
