using System.Globalization;
using BenchmarkDotNet.Attributes;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Benchmarks;

/// <summary>
/// The pre-trade path: one entry proposal through a <see cref="RiskGate"/> with every built-in rule and protection
/// (approved, reserved, then released), and one <see cref="EntryCoordinator.Coordinate"/> of 10 entry signals, over
/// a ledger holding 20 open positions on 20 pairs and 500 trades closed within the gate's lookback.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RiskGateBenchmarks : IDisposable
{
    private const int HeldPairs = 20;
    private const int FreePairs = 10;
    private const int ClosedTrades = 500;

    private readonly ClientOrderId _orderId = new("bench-1");
    private TradingPair[] _pairs = null!;
    private PortfolioManager _ledger = null!;
    private RiskGate _gate = null!;
    private EntryCoordinator _coordinator = null!;
    private OrderProposal _entry = null!;
    private Signal[] _signals = null!;

    [GlobalSetup]
    public void Setup()
    {
        var clock = new BenchClock(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _pairs = [.. Enumerable.Range(0, HeldPairs + FreePairs).Select(i => new TradingPair(string.Create(CultureInfo.InvariantCulture, $"P{i:D3}"), "USDT"))];
        _ledger = new PortfolioManager(
            new PortfolioConfig
            {
                TotalCapital = 1_000_000m,
                MaxPositions = 100,
                MaxPositionSizePercent = 10m,
                MaxCorrelatedExposurePercent = 50m,
            },
            clock);
        for (var i = 0; i < _pairs.Length; i++)
        {
            _ = _ledger.RegisterPair(new PairConfig { Pair = _pairs[i], CorrelationGroup = string.Create(CultureInfo.InvariantCulture, $"g{i % 5}") }).Value;
        }

        // 500 winning trades, one closed every 10 minutes over the last ~3.5 days (inside the 7-day lookback), each
        // held 2 hours, spread over the 20 held pairs: no protection is triggered, so every rule runs to the end.
        for (var t = 0; t < ClosedTrades; t++)
        {
            var pair = _pairs[t % HeldPairs];
            var id = new PositionId(string.Create(CultureInfo.InvariantCulture, $"c-{t}"));
            _ = _ledger.AddPosition(Request(id, pair, 100m, 1m)).Value;
            clock.Advance(TimeSpan.FromHours(2));
            _ = _ledger.ClosePosition(id, 101m, Fee.InQuote(0.1m)).Value;
            clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromHours(2));
        }

        clock.Advance(TimeSpan.FromHours(3));
        for (var p = 0; p < _pairs.Length; p++)
        {
            if (p < HeldPairs)
            {
                _ = _ledger.AddPosition(Request(new PositionId(string.Create(CultureInfo.InvariantCulture, $"o-{p}")), _pairs[p], 100m, 10m)).Value;
            }

            _ = _ledger.UpdatePrice(_pairs[p], 100m + (p * 0.01m)).Value;
        }

        clock.Advance(TimeSpan.FromHours(3));
        _gate = new RiskGate(_ledger, Rules(), timeProvider: clock);
        _coordinator = new EntryCoordinator(_gate, new FixedFractionAllocation());
        _entry = new OrderProposal { Pair = _pairs[HeldPairs], Side = OrderSide.Buy, Quantity = 10m, Price = _ledger.GetPrice(_pairs[HeldPairs])!.Value };
        _signals = [.. Enumerable.Range(HeldPairs, FreePairs).Select(p => new Signal(_pairs[p], SignalDirection.Long, 0.6 + (p * 0.01), clock.GetUtcNow()))];

        if (!Submit_Release() || Coordinate_10Signals() != FreePairs)
        {
            throw new InvalidOperationException("The benchmark entries are meant to pass every rule.");
        }
    }

    /// <summary>One entry proposal through the full chain, approved and reserved, then released.</summary>
    /// <returns>Whether it was approved.</returns>
    [Benchmark]
    public bool Submit_Release()
    {
        var approved = _gate.Submit(_entry, _orderId).IsApproved;
        _ = _gate.Release(_orderId);
        return approved;
    }

    /// <summary>10 entry signals on free pairs coordinated in one step; their reservations are released afterwards.</summary>
    /// <returns>The number of approved intents.</returns>
    [Benchmark]
    public int Coordinate_10Signals()
    {
        var result = _coordinator.Coordinate(_signals);
        foreach (var intent in result.Approved)
        {
            _ = _gate.Release(intent.ClientOrderId);
        }

        return result.Approved.Count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the coordinator and the gate.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _coordinator?.Dispose();
            _gate?.Dispose();
        }
    }

    private static IRiskRule[] Rules() =>
    [
        new MaxPositionsRule(),
        new MaxPositionSizeRule(),
        new MaxGrossExposureRule(),
        new MaxPairExposureRule(),
        new CorrelatedExposureRule(),
        new DailyLossLimitRule(),
        new DrawdownThrottleRule(),
        new MinimumConfidenceRule(),
        new StopLossRule { Required = false },
        new StopLossGuardProtection(),
        new QuickExitCooldownProtection(),
        new LossStreakCooldownProtection(),
        new DrawdownCooldownProtection(),
        new LowProfitPairLockProtection(),
        new HighFrequencyCooldownProtection(),
        new DailyTradeLimitProtection(),
    ];

    private static OpenPositionRequest Request(PositionId id, TradingPair pair, decimal price, decimal quantity) => new()
    {
        Id = id,
        Pair = pair,
        Quantity = quantity,
        EntryPrice = price,
        Fee = Fee.InQuote(0.1m),
    };

    private sealed class BenchClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan delta) => _now += delta;
    }
}
