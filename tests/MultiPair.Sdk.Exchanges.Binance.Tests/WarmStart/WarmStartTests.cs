using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.WarmStart;

public sealed class WarmStartTests
{
    private static readonly Timeframe[] Frames = [Timeframe.OneMinute, Timeframe.FiveMinutes, Timeframe.FifteenMinutes];

    [Fact]
    public async Task Many_pairs_are_warm_and_ready_inside_the_weight_budget()
    {
        await using var rig = await WarmStartRig.StartAsync(12, Frames, 200);
        var engine = rig.BuildEngine(Frames, warmupBars: 100);

        var report = await new WarmStarter(rig.Adapter, new WarmStartOptions { MarginBars = 10, MaxConcurrency = 8 }).RunAsync(engine, rig.Setups);

        report.Ready.Count.ShouldBe(12);
        report.Disabled.ShouldBeEmpty();
        report.BadRows.Dropped.ShouldBe(0);
        foreach (var pair in rig.Pairs)
        {
            var strategy = rig.StrategyOf(pair);
            foreach (var timeframe in Frames)
            {
                var seen = strategy.SeenOf(timeframe);
                seen.Count.ShouldBeGreaterThanOrEqualTo(100, $"{pair} {timeframe}");
                seen.Zip(seen.Skip(1)).ShouldAllBe(p => p.Second.OpenTime - p.First.OpenTime == timeframe.Duration);
            }

            // Time order across timeframes: close times never go back.
            strategy.Seen.Zip(strategy.Seen.Skip(1)).ShouldAllBe(p => p.Second.CloseTime >= p.First.CloseTime);
        }

        rig.Server.WeightLimitExceeded.ShouldBe(0);
        rig.Server.MaxWeightUsed.ShouldBeLessThanOrEqualTo(rig.Server.WeightLimit);
        engine.Ledger.GetPositions().ShouldBeEmpty();
    }

    [Fact]
    public async Task Unknown_symbol_and_repeated_5xx_disable_those_pairs_and_the_others_start()
    {
        await using var rig = await WarmStartRig.StartAsync(4, Frames, 60);
        var unknown = new TradingPair("NOPE", "USDT");
        var engine = rig.BuildEngine(Frames, warmupBars: 30, pairs: [.. rig.Pairs, unknown]);
        rig.Server.InjectSymbolFault("/api/v3/klines", "P1USDT", FakeFault.BinanceError(503, -1001, "Internal error; unable to process your request."), times: 100);

        var report = await new WarmStarter(rig.Adapter, new WarmStartOptions { MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(10) }).RunAsync(engine, rig.Setups);

        report.Ready.ShouldBe([rig.Pairs[0], rig.Pairs[2], rig.Pairs[3]], ignoreOrder: true);
        report.Disabled.Single(d => d.Pair == unknown).Failure.ShouldBe(WarmStartFailureReason.UnknownSymbol);
        var failing = report.Disabled.Single(d => d.Pair == rig.Pairs[1]);
        failing.Failure.ShouldBe(WarmStartFailureReason.FetchFailed);
        failing.Message.ShouldContain("attempt");
        engine.CanEnter(unknown).ShouldBeFalse();
        engine.CanEnter(rig.Pairs[1]).ShouldBeFalse();
        rig.AlertsSoFar.Where(a => a.Kind == EngineAlertKind.PairDisabled).Select(a => a.Pair).ShouldBe([rig.Pairs[1], unknown], ignoreOrder: true);

        rig.StrategyOf(rig.Pairs[1]).Seen.ShouldBeEmpty();
        rig.StrategyOf(rig.Pairs[0]).SeenOf(Timeframe.FifteenMinutes).Count.ShouldBeGreaterThanOrEqualTo(30);
    }

    [Fact]
    public async Task Duplicate_klines_from_the_server_are_dropped_and_too_short_history_disables_the_pair()
    {
        await using var rig = await WarmStartRig.StartAsync(2, [Timeframe.OneMinute], 80);
        var now = TimeProvider.System.GetUtcNow();
        var end = Timeframe.OneMinute.BarOpenTime(now);
        var rows = FakeBinanceServer.GenerateKlines(end - TimeSpan.FromMinutes(80), TimeSpan.FromMinutes(1), 81).ToList();
        rig.Server.SetKlines("P0USDT", "1m", [.. rows, .. rows.Take(40)]); // every early row twice
        rig.Server.SetKlines("P1USDT", "1m", rows.TakeLast(11)); // newly listed: 10 closed bars
        var engine = rig.BuildEngine([Timeframe.OneMinute], warmupBars: 50);

        var report = await new WarmStarter(rig.Adapter).RunAsync(engine, rig.Setups);

        report.Ready.ShouldBe([rig.Pairs[0]]);
        rig.StrategyOf(rig.Pairs[0]).Seen.Select(b => b.OpenTime).ShouldBeUnique();
        rig.StrategyOf(rig.Pairs[0]).Seen.Count.ShouldBe(70);
        var disabled = report.Disabled.ShouldHaveSingleItem();
        disabled.Failure.ShouldBe(WarmStartFailureReason.NotEnoughHistory);
        disabled.Message.ShouldContain("10 usable bars, 50 needed");
    }

    [Fact]
    public async Task Stream_bars_at_the_seam_are_neither_lost_nor_duplicated()
    {
        // Not across a minute boundary: the test names the last closed minute.
        if (TimeProvider.System.GetUtcNow().Second >= 45)
        {
            await Task.Delay(TimeSpan.FromSeconds(16));
        }

        await using var rig = await WarmStartRig.StartAsync(2, [Timeframe.OneMinute], 60);
        var engine = rig.BuildEngine([Timeframe.OneMinute], warmupBars: 20);
        await using var seam = new LiveBarSeam();
        await using var subscription = (await rig.Streams.SubscribeToClosedBarsAsync(rig.Pairs, Timeframe.OneMinute, seam.OnBar)).Value;

        // The subscription returns while its socket may still be connecting: a kline published before the server has
        // the connection reaches nobody (this test timed out once that way).
        await WaitUntilAsync(() => rig.Server.MarketConnections.Count > 0, "subscribed");
        var lastClosed = Timeframe.OneMinute.BarOpenTime(TimeProvider.System.GetUtcNow()) - TimeSpan.FromMinutes(1);

        // Before the history is in: a bar the fetch also returns (closed during the fetch), then the next one.
        rig.Server.PublishKline("P0USDT", "1m", lastClosed, 100m, 102m, 99m, 101m);
        rig.Server.PublishKline("P0USDT", "1m", lastClosed + TimeSpan.FromMinutes(1), 101m, 103m, 100m, 102m);

        var report = await new WarmStarter(rig.Adapter).RunAsync(engine, rig.Setups, seam);
        report.Ready.Count.ShouldBe(2);
        using var stop = new CancellationTokenSource();
        var loop = engine.RunAsync(stop.Token);

        // After: the stream goes on.
        rig.Server.PublishKline("P0USDT", "1m", lastClosed + TimeSpan.FromMinutes(2), 102m, 104m, 101m, 103m);
        await WaitUntilAsync(() => seam.Forwarded + seam.Dropped >= 3, "stream bars handled");
        await WaitUntilAsync(() => LastSeen(rig, rig.Pairs[0]) == lastClosed + TimeSpan.FromMinutes(2), "bars processed");
        await stop.CancelAsync();
        await loop;

        seam.Dropped.ShouldBe(1);
        seam.Forwarded.ShouldBe(2);
        var opens = rig.StrategyOf(rig.Pairs[0]).Seen.Select(b => b.OpenTime).ToList();
        opens.ShouldBeUnique();
        opens.Zip(opens.Skip(1)).ShouldAllBe(p => p.Second - p.First == TimeSpan.FromMinutes(1));
        opens[^1].ShouldBe(lastClosed + TimeSpan.FromMinutes(2));
    }

    private static DateTimeOffset? LastSeen(WarmStartRig rig, TradingPair pair)
    {
        var seen = rig.StrategyOf(pair).Seen;
        var count = seen.Count;
        return count > 0 ? seen[count - 1].OpenTime : null;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(5);
        }
    }
}
