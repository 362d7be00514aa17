// MultiPair.Sdk benchmarks.
//   dotnet run -c Release --project tests/MultiPair.Sdk.Benchmarks -- --filter '*'        BenchmarkDotNet suite
//   dotnet run -c Release --project tests/MultiPair.Sdk.Benchmarks -- throughput [options] plain ledger replay
//   dotnet run -c Release --project tests/MultiPair.Sdk.Benchmarks -- backtest-throughput [options] whole backtest, streamed files
//   dotnet run -c Release --project tests/MultiPair.Sdk.Benchmarks -- warm-start [pairs] [bars] [weightLimit] history fetch, fake Binance
// See docs/performance.md for the figures and how to read them.
using BenchmarkDotNet.Running;
using MultiPair.Sdk.Benchmarks;

if (args.Length > 0 && string.Equals(args[0], "throughput", StringComparison.OrdinalIgnoreCase))
{
    return Throughput.Run(args[1..]);
}

if (args.Length > 0 && string.Equals(args[0], "backtest-throughput", StringComparison.OrdinalIgnoreCase))
{
    return BacktestThroughput.Run(args[1..]);
}

if (args.Length > 0 && string.Equals(args[0], "warm-start", StringComparison.OrdinalIgnoreCase))
{
    return await WarmStartBenchmark.RunAsync(args[1..]);
}

_ = BenchmarkSwitcher.FromAssembly(typeof(TradingPairBenchmarks).Assembly).Run(args);
return 0;
