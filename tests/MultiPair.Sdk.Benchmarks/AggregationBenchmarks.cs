using BenchmarkDotNet.Attributes;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Benchmarks;

/// <summary>
/// Market data on the per-bar path: one closed 1m bar aggregated into 5m/15m/1h/4h/1d bars
/// (<see cref="BarAggregator.OnBar"/>, closed bars counted by a sink), and one bar validated by
/// <see cref="MarketDataGuard.Validate(in Bar)"/>. Target: 0 B allocated per update.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AggregationBenchmarks
{
    // Ten days of 1m bars; when they run out, a fresh aggregator and guard take over (once per 14,400 calls).
    private const int BarCount = 10 * 24 * 60;

    private static readonly TradingPair Pair = new("BTC", "USDT");
    private static readonly Timeframe[] Targets =
        [Timeframe.FiveMinutes, Timeframe.FifteenMinutes, Timeframe.OneHour, Timeframe.FourHours, Timeframe.OneDay];

    private readonly CountingSink _sink = new();
    private Bar[] _bars = null!;
    private BarAggregator _aggregator = null!;
    private MarketDataGuard _guard = null!;
    private int _aggregateIndex;
    private int _guardIndex;

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTimeOffset(2021, 4, 18, 0, 0, 0, TimeSpan.Zero);
        _bars = new Bar[BarCount];
        var price = 56_000.0;
        for (var i = 0; i < BarCount; i++)
        {
            var open = price;
            price += ((i * 7919) % 201 - 100) * 0.5;
            var close = price;
            _bars[i] = new Bar(Pair, Timeframe.OneMinute, start.AddMinutes(i), open, Math.Max(open, close) + 3, Math.Min(open, close) - 3, close, 1 + (i % 13));
        }

        _aggregator = NewAggregator();
        _guard = NewGuard();
    }

    /// <summary>One 1m bar into five target timeframes (emitting whichever close with it).</summary>
    [Benchmark]
    public DataRejection Aggregate_1mTo5Timeframes()
    {
        if (_aggregateIndex == BarCount)
        {
            _aggregator = NewAggregator();
            _aggregateIndex = 0;
        }

        return _aggregator.OnBar(_bars[_aggregateIndex++]);
    }

    /// <summary>One accepted 1m bar through the guard (pair lookup, value checks, order check).</summary>
    [Benchmark]
    public DataRejection Guard_ValidateBar()
    {
        if (_guardIndex == BarCount)
        {
            _guard = NewGuard();
            _guardIndex = 0;
        }

        return _guard.Validate(_bars[_guardIndex++]);
    }

    /// <summary>Guard then aggregator, as the event loop runs them for each inbound bar.</summary>
    [Benchmark]
    public DataRejection GuardThenAggregate()
    {
        if (_aggregateIndex == BarCount)
        {
            _aggregator = NewAggregator();
            _guard = NewGuard();
            _aggregateIndex = 0;
        }

        ref readonly var bar = ref _bars[_aggregateIndex++];
        var reason = _guard.Validate(bar);
        return reason == DataRejection.None ? _aggregator.OnBar(bar) : reason;
    }

    private BarAggregator NewAggregator() => new(Pair, Targets, _sink);

    private static MarketDataGuard NewGuard() =>
        new([Pair, new TradingPair("ETH", "USDT"), new TradingPair("SOL", "USDT")], TimeProvider.System);

    private sealed class CountingSink : IBarSink
    {
        public long Count { get; private set; }

        public void OnBarClosed(in Bar bar) => Count++;
    }
}
