using BenchmarkDotNet.Attributes;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Benchmarks;

/// <summary>Parsing and formatting of <see cref="TradingPair"/>: the symbol boundary of every adapter message.</summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class TradingPairBenchmarks
{
    private PairCatalog _catalog = null!;
    private TradingPair _pair;

    [GlobalSetup]
    public void Setup()
    {
        // 500 listed pairs, as a mid-sized exchange lists them, quoted in a mix of assets; BTC/USDT among them.
        string[] quotes = ["USDT", "USDC", "BTC", "FDUSD", "ETH"];
        var pairs = new List<TradingPair>(500) { new("BTC", "USDT") };
        for (var i = 1; i < 500; i++)
        {
            pairs.Add(new TradingPair($"COIN{i}", quotes[i % quotes.Length]));
        }

        _catalog = new PairCatalog(pairs);
        _pair = new TradingPair("BTC", "USDT");
    }

    [Benchmark]
    public TradingPair Parse_Concatenated_KnownQuotes() => TradingPair.Parse("BTCUSDT");

    [Benchmark]
    public TradingPair Parse_Slash() => TradingPair.Parse("BTC/USDT");

    [Benchmark]
    public TradingPair Parse_Concatenated_Catalog500() => TradingPair.Parse("BTCUSDT", _catalog);

    [Benchmark]
    public string Format_Concatenated() => _pair.Format(PairFormat.Concatenated);
}
