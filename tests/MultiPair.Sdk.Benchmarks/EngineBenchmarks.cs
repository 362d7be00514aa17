using BenchmarkDotNet.Attributes;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Benchmarks;

/// <summary>
/// The engine's two hot paths with real parts (<see cref="Engine.PortfolioEngine"/>, <see cref="Portfolio.PortfolioManager"/>,
/// <see cref="RiskGate"/> with a rule chain, <see cref="Coordination.EntryCoordinator"/>):
/// <list type="bullet">
/// <item><see cref="BarPath"/>: 100 pairs running the built-in <c>ema-cross</c> on 1h input bars, per bar
/// <c>ProcessBar</c> → guard → aggregator → ledger mark → history → regime → strategy → decision point (no signal).</item>
/// <item><see cref="TickToDecision"/>: 200 pairs, one open position with a stop per pair; one tick below a
/// position's stop → exit check → <see cref="RiskGate.Submit"/> (approved) → order sent → the gateway's rejection
/// processed (reservation released, the position's exit re-armed).</item>
/// <item><see cref="GateEvaluateEntry"/>: <see cref="RiskGate.Evaluate"/> of one entry proposal over the same 200 positions.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class EngineBenchmarks : IDisposable
{
    private const int BarPairs = 100;
    private const int BarTimestamps = 100;
    private const int BookPairs = 200;

    private EngineFixture? _bars;
    private EngineFixture? _book;
    private Bar[] _template = [];
    private long _t;
    private int _next;
    private DateTimeOffset _tickTime;
    private OrderProposal _entry = null!;

    [GlobalSetup(Target = nameof(BarPath))]
    public void SetupBarPath()
    {
        _bars = EngineFixture.BarPath(BarPairs);
        _template = [.. _bars.Pairs.Select(p => new Bar(p, Timeframe.OneHour, EngineFixture.Start, 100, 100, 100, 100, 10))];

        // Warm up well past the slow EMA, the regime detector's lookback and the history length.
        for (var i = 0; i < 600; i++)
        {
            FeedTimestamp();
        }

        if (_bars.Gateway.Sent != 0)
        {
            throw new InvalidOperationException("The bar path is meant to produce no signal.");
        }
    }

    /// <summary>100 pairs × 100 timestamps of 1h bars through <c>ProcessBar</c>; figures are per bar.</summary>
    [Benchmark(OperationsPerInvoke = BarPairs * BarTimestamps)]
    public void BarPath()
    {
        for (var i = 0; i < BarTimestamps; i++)
        {
            FeedTimestamp();
        }
    }

    [GlobalCleanup(Target = nameof(BarPath))]
    public void CleanupBarPath()
    {
        if (_bars!.Gateway.Sent != 0)
        {
            throw new InvalidOperationException("The bar path produced a signal.");
        }
    }

    [GlobalSetup(Targets = [nameof(TickToDecision), nameof(GateEvaluateEntry)])]
    public void SetupBook()
    {
        _book = EngineFixture.Book(BookPairs);
        _tickTime = EngineFixture.Start + TimeSpan.FromHours(1.5);
        _book.Time.SetUtcNow(_tickTime);
        var free = _book.Pairs[BookPairs];
        _entry = new OrderProposal { Pair = free, Side = OrderSide.Buy, Quantity = 40m, Price = 100m, Confidence = 0.7, Sleeve = new("bench") };
        var sent = _book.Gateway.Sent;
        TickToDecision();
        if (_book.Gateway.Sent != sent + 1 || _book.Gate.Reservations.Count != 0 || !GateEvaluateEntry())
        {
            throw new InvalidOperationException("A tick below the stop is meant to send exactly one exit order, and the entry to pass.");
        }
    }

    /// <summary>One tick below the next pair's stop: exit check, gate decision, order sent, rejection processed.</summary>
    [Benchmark]
    public void TickToDecision()
    {
        var pair = _book!.Pairs[_next];
        _next = _next + 1 == BookPairs ? 0 : _next + 1;
        _book.Engine.ProcessTick(new PriceTick(pair, _tickTime, 89.99, 90.01));
    }

    /// <summary>One entry proposal on a free pair through the rule chain and the exchange filter (a dry run).</summary>
    /// <returns>Whether it was approved.</returns>
    [Benchmark]
    public bool GateEvaluateEntry() => _book!.Gate.Evaluate(_entry).IsApproved;

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the fixtures.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bars?.Dispose();
            _book?.Dispose();
        }
    }

    private void FeedTimestamp()
    {
        var t = ++_t;
        var open = EngineFixture.Start + TimeSpan.FromHours(t);
        var engine = _bars!.Engine;
        for (var p = 0; p < _template.Length; p++)
        {
            var close = EngineFixture.BarPathClose(p, t);
            engine.ProcessBar(new Bar(_template[p].Pair, Timeframe.OneHour, open, close - 0.001, close + 0.05, close - 0.05, close, 10));
        }
    }
}
