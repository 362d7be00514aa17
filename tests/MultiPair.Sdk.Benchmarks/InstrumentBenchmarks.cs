using BenchmarkDotNet.Attributes;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Benchmarks;

/// <summary>Exchange filters on the order path, with Binance's real BTCUSDT spot filters.</summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class InstrumentBenchmarks
{
    private Instrument _btcUsdt = null!;

    // Instance fields, not constants, so the JIT cannot fold the calls.
    private readonly decimal _rawQuantity = 0.123456789m;
    private readonly decimal _rawPrice = 43_123.4567m;
    private readonly decimal _price = 43_123.45m;
    private readonly decimal _quantity = 0.00123m;
    private readonly decimal _tooSmallQuantity = 0.0002m;

    [GlobalSetup]
    public void Setup() =>
        _btcUsdt = new Instrument(
            new TradingPair("BTC", "USDT"),
            MarketType.Spot,
            tickSize: 0.01m,
            stepSize: 0.00001m,
            minQuantity: 0.00001m,
            minNotional: 10m);

    [Benchmark]
    public decimal RoundQuantityDown() => _btcUsdt.RoundQuantityDown(_rawQuantity);

    [Benchmark]
    public decimal RoundPriceToTick() => _btcUsdt.RoundPriceToTick(_rawPrice);

    [Benchmark]
    public bool Validate_Valid() => _btcUsdt.Validate(_price, _quantity).IsValid;

    /// <summary>Below the 10 USDT minimum notional: the failure builds its message.</summary>
    [Benchmark]
    public bool Validate_BelowMinNotional() => _btcUsdt.Validate(_price, _tooSmallQuantity).IsValid;
}
