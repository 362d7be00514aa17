using System.Diagnostics;
using System.Globalization;
using MultiPair.Sdk.Exchanges.Binance.Tests.WarmStart;
using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Benchmarks;

/// <summary>
/// <c>warm-start [pairs] [bars] [weightLimit]</c>: warm-starts pairs × 1m/5m/15m × bars against the loopback fake Binance
/// server through the real adapter, and prints the wall time and the most request weight used in a minute against the limit.
/// </summary>
internal static class WarmStartBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pairs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var bars = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var limit = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 6000;
        Timeframe[] frames = [Timeframe.OneMinute, Timeframe.FiveMinutes, Timeframe.FifteenMinutes];
        await using var rig = await WarmStartRig.StartAsync(pairs, frames, bars, limit);

        // The strategies' look-back plus the default margin is exactly the bars asked for.
        var options = new WarmStartOptions();
        var engine = rig.BuildEngine(frames, warmupBars: bars - options.MarginBars);
        var stopwatch = Stopwatch.StartNew();
        var report = await new WarmStarter(rig.Adapter, options).RunAsync(engine, rig.Setups);
        stopwatch.Stop();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"warm-start: {pairs} pairs x {frames.Length} timeframes x {bars} bars: {report.Ready.Count} ready, {report.Disabled.Count} disabled, {report.BarsFetched:N0} bars, {rig.Server.RestRequestCount} requests, wall {stopwatch.Elapsed.TotalSeconds:F2} s, max weight {rig.Server.MaxWeightUsed}/{rig.Server.WeightLimit} per minute, 429s {rig.Server.WeightLimitExceeded}"));
        return report.Disabled.Count == 0 && rig.Server.WeightLimitExceeded == 0 ? 0 : 1;
    }
}
