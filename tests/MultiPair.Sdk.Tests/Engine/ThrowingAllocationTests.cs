using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;
using static MultiPair.Sdk.Tests.Engine.EngineHarness;

namespace MultiPair.Sdk.Tests.Engine;

public sealed class ThrowingAllocationTests
{
    [Fact]
    public void ProcessBars_AllocationThrowsOnce_LaterDecisionPointsDecideTheirOwnSignals()
    {
        var allocation = new ThrowOnce(new FixedFractionAllocation { FractionPercent = 10m });
        using var harness = new EngineHarness(
            [(new PairConfig { Pair = Btc }, Entry()), (new PairConfig { Pair = Eth }, Entry())],
            allocation: allocation);

        // Hour 0: both strategies enter, the allocation throws out of the decision.
        harness.Time.SetUtcNow(Start + TimeSpan.FromHours(1));
        harness.Gateway.SetPrice(Btc, 100m);
        harness.Gateway.SetPrice(Eth, 10m);
        Should.Throw<InvalidOperationException>(() => harness.Engine.ProcessBars([Bar(Btc, Start, 100), Bar(Eth, Start, 10)]));
        harness.Deliver();
        harness.Ledger.GetPositions().Count.ShouldBe(0);

        // Hour 1: the next decision point decides exactly its own two signals (nothing left over from hour 0).
        harness.Time.SetUtcNow(Start + TimeSpan.FromHours(2));
        harness.Engine.ProcessBars([Bar(Btc, Start + TimeSpan.FromHours(1), 100), Bar(Eth, Start + TimeSpan.FromHours(1), 10)]);
        harness.Deliver();

        allocation.Requests.Count.ShouldBe(2);
        allocation.Requests[1].Select(s => s.Pair).ShouldBe([Btc, Eth], ignoreOrder: true);
        allocation.Requests[1].ShouldAllBe(s => s.Time == Start + TimeSpan.FromHours(2));
        harness.Ledger.GetPositions().Select(p => p.Pair).ShouldBe([Btc, Eth], ignoreOrder: true);
    }

    /// <summary>Goes long on every primary bar while flat.</summary>
    private static ScriptedStrategy Entry() =>
        new([Timeframe.OneHour], (_, context) => context.Position is null ? context.Emit(SignalDirection.Long, 0.7, "in") : null);

    private sealed class ThrowOnce(IAllocationStrategy inner) : IAllocationStrategy
    {
        public string Name => "throw-once";

        public List<List<Signal>> Requests { get; } = [];

        public IReadOnlyList<AllocationTarget> Allocate(AllocationRequest request)
        {
            Requests.Add([.. request.Signals]);
            return Requests.Count == 1 ? throw new InvalidOperationException("allocation failed") : inner.Allocate(request);
        }
    }
}
