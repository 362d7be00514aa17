using System.Globalization;
using BenchmarkDotNet.Attributes;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Benchmarks;

/// <summary>
/// The ledger's hot paths: the per-tick mark (<see cref="PortfolioManager.UpdatePrice"/>), an entry and exit
/// round trip, and the portfolio views an engine reads before sizing or approving an order.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class LedgerBenchmarks
{
    private const int PairCount = 50;
    private const int PriceRing = 1024;

    // A round trip needs an id never used in its ledger. Ids come from this pre-built array; when it runs out,
    // a fresh ledger takes over (a few hundred ns once every RoundTripIds calls: negligible per call).
    private const int RoundTripIds = 65_536;

    private readonly decimal[] _prices = new decimal[PriceRing];
    private TradingPair[] _pairs = null!;
    private PositionId[] _roundTripIds = null!;
    private PortfolioManager _marks = null!;
    private PortfolioManager _book = null!;
    private PortfolioManager _bookWithHistory = null!;
    private PortfolioManager _roundTrip = null!;
    private int _priceIndex;
    private int _nextId;

    [GlobalSetup]
    public void Setup()
    {
        _pairs = [.. Enumerable.Range(0, PairCount).Select(i => new TradingPair(string.Create(CultureInfo.InvariantCulture, $"P{i:D3}"), "USDT"))];
        for (var i = 0; i < PriceRing; i++)
        {
            // Prices around 100 on a 0.01 tick, as a stream of ticks would bring them.
            _prices[i] = 100m + (((i * 37) % 200) - 100) * 0.01m;
        }

        // Mark path: pair 0 holds 1 open position, pair 1 holds 10.
        _marks = NewLedger();
        Open(_marks, _pairs[0], "m1-", 1);
        Open(_marks, _pairs[1], "m10-", 10);

        // Views: 50 open positions, one per pair; with and without 5,000 closed positions (100 per pair) of history.
        _book = NewLedger();
        _bookWithHistory = NewLedger();
        for (var p = 0; p < PairCount; p++)
        {
            for (var c = 0; c < 100; c++)
            {
                var id = new PositionId(string.Create(CultureInfo.InvariantCulture, $"h-{p}-{c}"));
                _ = _bookWithHistory.AddPosition(Request(id, _pairs[p], 100m)).Value;
                _ = _bookWithHistory.ClosePosition(id, c % 2 == 0 ? 101m : 99m, Fee.InQuote(0.1m)).Value;
            }

            Open(_book, _pairs[p], "b-", 1);
            Open(_bookWithHistory, _pairs[p], "b-", 1);
            _ = _book.UpdatePrice(_pairs[p], 100m + p * 0.01m).Value;
            _ = _bookWithHistory.UpdatePrice(_pairs[p], 100m + p * 0.01m).Value;
        }

        if (_book.GetRiskViolations().Count != 0 || _bookWithHistory.GetRiskViolations().Count != 0)
        {
            throw new InvalidOperationException("The benchmark book is meant to break no limit.");
        }

        _roundTripIds = [.. Enumerable.Range(0, RoundTripIds).Select(i => new PositionId(string.Create(CultureInfo.InvariantCulture, $"rt-{i}")))];
        _roundTrip = NewLedger();
        _nextId = 0;
    }

    [Benchmark]
    public int UpdatePrice_1Position() => _marks.UpdatePrice(_pairs[0], NextPrice()).Value;

    [Benchmark]
    public int UpdatePrice_10Positions() => _marks.UpdatePrice(_pairs[1], NextPrice()).Value;

    /// <summary>AddPosition then ClosePosition with a fresh id, a quote fee on each side.</summary>
    [Benchmark]
    public decimal AddThenClose_RoundTrip()
    {
        if (_nextId == RoundTripIds)
        {
            _roundTrip = NewLedger();
            _nextId = 0;
        }

        var id = _roundTripIds[_nextId++];
        _ = _roundTrip.AddPosition(Request(id, _pairs[0], 100m)).Value;
        return _roundTrip.ClosePosition(id, 101m, Fee.InQuote(0.1m)).Value.NetPnl;
    }

    [Benchmark]
    public decimal GetPortfolioMetrics_50Open() => _book.GetPortfolioMetrics().TotalCapital;

    [Benchmark]
    public decimal GetPortfolioMetrics_50Open_5000Closed() => _bookWithHistory.GetPortfolioMetrics().TotalCapital;

    [Benchmark]
    public int GetRiskViolations_50Open() => _book.GetRiskViolations().Count;

    [Benchmark]
    public int GetRiskViolations_50Open_5000Closed() => _bookWithHistory.GetRiskViolations().Count;

    private static OpenPositionRequest Request(PositionId id, TradingPair pair, decimal price) => new()
    {
        Id = id,
        Pair = pair,
        Quantity = 1m,
        EntryPrice = price,
        Fee = Fee.InQuote(0.1m),
    };

    private static void Open(PortfolioManager ledger, TradingPair pair, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var id = new PositionId(string.Create(CultureInfo.InvariantCulture, $"{prefix}{pair.Base}-{i}"));
            _ = ledger.AddPosition(Request(id, pair, 100m)).Value;
        }
    }

    private PortfolioManager NewLedger()
    {
        // Limits wide enough that the book breaks none: the common case an engine checks on every decision.
        var ledger = new PortfolioManager(new PortfolioConfig
        {
            TotalCapital = 1_000_000m,
            MaxPositions = 100,
            MaxPositionSizePercent = 10m,
            MaxCorrelatedExposurePercent = 50m,
        });
        for (var i = 0; i < _pairs.Length; i++)
        {
            _ = ledger.RegisterPair(new PairConfig { Pair = _pairs[i], CorrelationGroup = string.Create(CultureInfo.InvariantCulture, $"g{i % 5}") }).Value;
        }

        return ledger;
    }

    private decimal NextPrice()
    {
        _priceIndex = (_priceIndex + 1) & (PriceRing - 1);
        return _prices[_priceIndex];
    }
}
