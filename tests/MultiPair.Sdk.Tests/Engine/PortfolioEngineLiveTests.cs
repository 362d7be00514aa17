using System.Reactive.Concurrency;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;
using static MultiPair.Sdk.Tests.Engine.EngineHarness;

namespace MultiPair.Sdk.Tests.Engine;

public sealed class PortfolioEngineLiveTests
{
    [Fact]
    public async Task RunAsync_BarsAndExecutionsPostedFromOtherThreads_AreProcessedInOrderOnTheLoop()
    {
        var time = new ManualTimeProvider(Start.AddHours(1));
        var ledger = new PortfolioManager(new PortfolioConfig { TotalCapital = 10_000m, MaxPositionSizePercent = 50m }, time);
        ledger.RegisterPair(new PairConfig { Pair = Btc });
        ledger.RegisterPair(new PairConfig { Pair = Eth });
        using var gate = new RiskGate(ledger, [], timeProvider: time);
        using var coordinator = new EntryCoordinator(gate, new FixedFractionAllocation { FractionPercent = 10m });
        var gateway = new InstantFillGateway(time);
        gateway.SetPrice(Btc, 40_000m);
        gateway.SetPrice(Eth, 2_000m);
        using var engine = new PortfolioEngine(
            ledger,
            gate,
            coordinator,
            gateway,
            [
                new PairSetup { Pair = Btc, Strategy = EnterOnce(0.9), InputTimeframe = Timeframe.OneHour },
                new PairSetup { Pair = Eth, Strategy = EnterOnce(0.8), InputTimeframe = Timeframe.OneHour },
            ],
            new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero },
            time,
            ImmediateScheduler.Instance);
        var fills = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        using var subscription = engine.Fills.Subscribe(_ =>
        {
            if (Interlocked.Increment(ref count) == 2)
            {
                fills.TrySetResult(count);
            }
        });
        using var cts = new CancellationTokenSource();
        var loop = Task.Run(() => engine.RunAsync(cts.Token));

        await Task.WhenAll(
            Task.Run(() => engine.PostBarAsync(Bar(Btc, Start, 40_000)).AsTask()),
            Task.Run(() => engine.PostBarAsync(Bar(Eth, Start, 2_000)).AsTask()));
        var booked = await fills.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await cts.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(20));

        booked.ShouldBe(2);
        ledger.GetPositions().Count.ShouldBe(2);
        gate.Reservations.ShouldBeEmpty();
    }

    [Fact]
    public void PostTick_ChannelFull_ConflatesTicksPerPairToTheLatest()
    {
        var time = new ManualTimeProvider(Start);
        var ledger = new PortfolioManager(new PortfolioConfig { TotalCapital = 10_000m }, time);
        ledger.RegisterPair(new PairConfig { Pair = Btc });
        using var gate = new RiskGate(ledger, [], timeProvider: time);
        using var coordinator = new EntryCoordinator(gate, new FixedFractionAllocation());
        using var engine = new PortfolioEngine(ledger, gate, coordinator, new InstantFillGateway(time), [new PairSetup { Pair = Btc, Strategy = new ScriptedStrategy([Timeframe.OneMinute], (_, _) => null) }], new PortfolioEngineOptions { MarketDataCapacity = 16 }, time, ImmediateScheduler.Instance);

        for (var i = 1; i <= 100; i++)
        {
            engine.PostTick(PriceTick.FromTrade(Btc, Start.AddSeconds(i), 40_000 + i));
        }

        engine.ConflatedTicks.ShouldBe(84);
    }
}
