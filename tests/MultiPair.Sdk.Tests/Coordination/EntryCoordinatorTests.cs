using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;
using static MultiPair.Sdk.Tests.Risk.GateFixture;

namespace MultiPair.Sdk.Tests.Coordination;

public sealed class EntryCoordinatorTests
{
    private static Signal Long(TradingPair pair, double confidence, string strategy = "default") =>
        new(pair, SignalDirection.Long, confidence, Start) { Strategy = new StrategyId(strategy) };

    [Fact]
    public void Coordinate_ExitSignal_ClosesTheSleevesPositionInThePair()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, instruments: false);
        using var coordinator = new EntryCoordinator(gate, new FixedFractionAllocation());
        var held = Fill(ledger, gate, gate.Submit(Buy(Eth, 1m, 2_000m, "trend"), NextId()));
        Fill(ledger, gate, gate.Submit(Buy(Eth, 1m, 2_000m, "revert"), NextId()));

        var result = coordinator.Coordinate([new Signal(Eth, SignalDirection.Exit, 1.0, Start) { Strategy = new StrategyId("trend") }]);

        var close = result.Approved.ShouldHaveSingleItem().Proposal;
        close.Intent.ShouldBe(ProposalIntent.Close);
        close.PositionId.ShouldBe(held);
        close.Side.ShouldBe(OrderSide.Sell);
        close.Quantity.ShouldBe(1m);
    }

    [Fact]
    public void Coordinate_HeldPairUnknownPairAndDuplicate_AreRejectedWithReasons()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, instruments: false);
        using var coordinator = new EntryCoordinator(gate, new FixedFractionAllocation());
        Fill(ledger, gate, gate.Submit(Buy(Eth, 1m, 2_000m), NextId()));

        var result = coordinator.Coordinate(
        [
            Long(Eth, 0.9),
            Long(new TradingPair("DOGE", "USDT"), 0.8),
            Long(Btc, 0.7),
            Long(Btc, 0.6),
        ]);

        result.Approved.ShouldHaveSingleItem().Proposal.Pair.ShouldBe(Btc);
        result.Approved[0].Proposal.Confidence.ShouldBe(0.7);
        result.Rejected.Select(r => (r.Signal!.Pair, r.Code)).ShouldBe(
        [
            (Eth, RiskReasonCode.OnePositionPerPair),
            (new TradingPair("DOGE", "USDT"), RiskReasonCode.UnknownPair),
            (Btc, RiskReasonCode.OnePositionPerPair),
        ]);
    }

    [Fact]
    public void Coordinate_MoreSignalsThanSlots_RanksByConfidenceThenPairName()
    {
        var (ledger, time) = Ledger(config: new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 2, MaxPositionSizePercent = 100m });
        using var gate = Gate(ledger, time, instruments: false);
        using var coordinator = new EntryCoordinator(gate, new FixedFractionAllocation { FractionPercent = 10m });

        var result = coordinator.Coordinate([Long(Xrp, 0.5), Long(Sol, 0.8), Long(Eth, 0.8), Long(Btc, 0.3)]);

        result.Approved.Select(i => i.Proposal.Pair).ShouldBe([Eth, Sol]);
        result.Rejected.Select(r => (r.Signal!.Pair, r.Code)).ShouldBe([(Xrp, RiskReasonCode.MaxPositions), (Btc, RiskReasonCode.MaxPositions)]);
    }

    [Fact]
    public void Coordinate_SameInputs_GiveTheSameClientOrderIds()
    {
        static IReadOnlyList<string> Run()
        {
            var (ledger, time) = Ledger();
            using var gate = Gate(ledger, time, instruments: false);
            using var coordinator = new EntryCoordinator(gate, new EqualWeightAllocation { BudgetPercent = 10m });
            coordinator.Coordinate([Long(Eth, 0.9), Long(Sol, 0.8)]);
            time.Advance(TimeSpan.FromHours(1));
            return [.. coordinator.Coordinate([Long(Btc, 0.9)]).Approved.Select(i => i.ClientOrderId.Value)];
        }

        Run().ShouldBe(Run());
        Run().ShouldBe(["mp-210301130000-3"]);
    }

    [Fact]
    public void Constructor_InvalidAllocationAndOptions_ListsEveryProblem()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time);
        var weights = new PairWeightAllocation { WeightsPercent = new Dictionary<TradingPair, decimal> { [Btc] = 60m, [Eth] = 30m } };

        var error = Should.Throw<OptionsValidationException>(() => new EntryCoordinator(gate, weights, new CoordinatorOptions { ClientOrderIdPrefix = "too-long-prefix", MinimumNotional = -1m }));

        var text = string.Join("\n", error.Failures);
        text.ShouldContain("ClientOrderIdPrefix");
        text.ShouldContain("MinimumNotional");
        text.ShouldContain("100");
    }

    [Fact]
    public void Coordinate_CustomAllocationOverspending_IsHeldToTheContract()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, instruments: false);
        using var coordinator = new EntryCoordinator(gate, new Greedy());

        var result = coordinator.Coordinate([Long(Eth, 0.9), Long(Btc, 0.8)]);

        result.Approved.Sum(i => i.Proposal.Notional).ShouldBeLessThanOrEqualTo(10_000m);
        gate.CreateSnapshot().AvailableCapital.ShouldBeGreaterThanOrEqualTo(0m);
    }

    [Fact]
    public void Coordinate_RandomSignalBatches_NeverSpendMoreThanAvailableOrOpenMoreThanSlots()
    {
        TradingPair[] pairs = [Btc, Eth, Sol, Xrp];
        var signal = from pair in Gen.Elements(pairs)
                     from direction in Gen.Elements(SignalDirection.Long, SignalDirection.Short, SignalDirection.Exit)
                     from confidence in Gen.Choose(0, 100)
                     from strategy in Gen.Elements("a", "b", "c")
                     select new Signal(pair, pair.Base is "BTC" or "ETH" && direction == SignalDirection.Short ? SignalDirection.Long : direction, confidence / 100.0, Start) { Strategy = new StrategyId(strategy) };
        var batches = Gen.ArrayOf(Gen.ArrayOf(signal, 6), 4);
        var allocations = Gen.Elements<IAllocationStrategy>(new EqualWeightAllocation(), new ConfidenceWeightedAllocation(), new FixedFractionAllocation { FractionPercent = 30m });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), Prop.ForAll(Arb.From(Gen.Zip(batches, allocations)), (Action<(Signal[][], IAllocationStrategy)>)(input =>
        {
            var (ledger, time) = Ledger(config: new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 3, MaxPositionSizePercent = 100m, MaxCorrelatedExposurePercent = 500m });
            using var gate = Gate(ledger, time, [new MaxPositionsRule()], new RiskGateOptions { Sleeves = [new SleeveConfig { Id = new StrategyId("a"), BudgetPercent = 50m }, new SleeveConfig { Id = new StrategyId("b"), BudgetPercent = 30m }, new SleeveConfig { Id = new StrategyId("c"), BudgetPercent = 20m }] });
            using var coordinator = new EntryCoordinator(gate, input.Item2, new CoordinatorOptions { SkipHeldPairs = false });
            foreach (var batch in input.Item1)
            {
                var before = gate.CreateSnapshot();
                var result = coordinator.Coordinate(batch);
                var after = gate.CreateSnapshot();
                var entries = result.Approved.Where(i => i.Proposal.Intent == ProposalIntent.Open).ToList();
                entries.Sum(i => i.Proposal.Notional / after.LeverageOf(i.Proposal.Pair)).ShouldBeLessThanOrEqualTo(before.AvailableCapital);
                (after.OpenPositionCount + after.PendingOpenCount).ShouldBeLessThanOrEqualTo(3);
                after.AvailableCapital.ShouldBeGreaterThanOrEqualTo(0m);
                foreach (var intent in result.Approved.Where(i => i.Proposal.Intent == ProposalIntent.Open && i.ClientOrderId.Value.EndsWith('0')))
                {
                    Fill(ledger, gate, intent.Result);
                }
            }
        })));
    }

    /// <summary>A custom allocation that ignores the contract: it asks for all the equity for every signal.</summary>
    private sealed class Greedy : IAllocationStrategy
    {
        public string Name => "Greedy";

        public IReadOnlyList<AllocationTarget> Allocate(AllocationRequest request) =>
            [.. request.Signals.Select(s => new AllocationTarget(s, request.Snapshot.Equity, request.Snapshot.Equity))];
    }
}
