using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;
using static MultiPair.Sdk.Tests.Allocation.AllocationFixture;

namespace MultiPair.Sdk.Tests.Allocation;

/// <summary>The <see cref="IAllocationStrategy"/> contract, checked for every built-in strategy on random portfolios.</summary>
public sealed class AllocationPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static readonly TradingPair[] Universe = [Btc, Eth, Sol, Bnb, Xrp, Doge, new("PEPE", "USDT")];

    private static readonly IAllocationStrategy[] Strategies =
    [
        new EqualWeightAllocation(),
        new EqualWeightAllocation { BudgetPercent = 30m },
        new ConfidenceWeightedAllocation(),
        new ConfidenceWeightedAllocation { MaxTotalPercent = 50m },
        new FixedFractionAllocation(),
        new FixedFractionAllocation { FractionPercent = 60m },
        new PairWeightAllocation { WeightsPercent = new Dictionary<TradingPair, decimal> { [Btc] = 50m, [Eth] = 25m, [Doge] = 25m } },
        new RiskParityAllocation(),
        new RiskParityAllocation { RiskPerTradePercent = 5m, AtrMultiplier = 0.5m, MaxPositionPercent = 20m },
        new InverseVolatilityAllocation(),
        new InverseVolatilityAllocation { CorrelationPenalty = 0, MaxTotalPercent = 70m },
    ];

    /// <summary>Statistics as they come: often fine, sometimes missing, NaN, infinite, negative, tiny or huge.</summary>
    private static readonly Gen<double?> Statistic = Gen.Frequency(
        (6, Gen.Choose(1, 1_000_000).Select(n => (double?)(n / 10_000d))),
        (1, Gen.Constant<double?>(null)),
        (1, Gen.Elements<double?>(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0d, -0.5, 1e-300, 1e-30, 1e-12, 1e30, double.Epsilon)));

    private static readonly Gen<double?> CorrelationValue = Gen.Frequency(
        (6, Gen.Choose(-100, 100).Select(n => (double?)(n / 100d))),
        (2, Gen.Constant<double?>(null)),
        (1, Gen.Elements<double?>(double.NaN, double.PositiveInfinity, 1.5, -2d)));

    private static readonly Gen<decimal> Money = Gen.Frequency(
        (3, Gen.Choose(0, 1_000_000).Select(n => n / 100m)),
        (2, Gen.Choose(0, 100_000).Select(n => (decimal)n)),
        (1, Gen.Choose(0, 5_000).Select(n => n / 100m)));

    private static readonly Gen<PairConfig> PairConfigGen =
        from pair in Gen.Elements(Universe)
        from perpetual in Gen.Elements(true, false)
        from leverage in Gen.Elements(1m, 2m, 3m, 5m, 10m, 20m, 125m)
        select perpetual ? Perp(pair, leverage) : Spot(pair);

    private static readonly Gen<Instrument> InstrumentGen =
        from pair in Gen.Elements(Universe)
        from minNotional in Gen.Elements(0m, 5m, 10m, 50m, 100m, 1_000m)
        select new Instrument(pair, MarketType.Spot, 0.01m, 0.001m, minNotional: minNotional);

    private static readonly Gen<Signal> SignalGen =
        from pair in Gen.Elements(Universe)
        from direction in Gen.Frequency((5, Gen.Constant(SignalDirection.Long)), (3, Gen.Constant(SignalDirection.Short)), (1, Gen.Constant(SignalDirection.Exit)))
        from confidence in Gen.OneOf(Gen.Elements(0d, 0.25, 0.5, 0.75, 1d), Gen.Choose(0, 1000).Select(n => n / 1000d))
        from strategy in Gen.Elements("default", "trend", "revert")
        select new Signal(pair, direction, confidence, Now) { Strategy = new StrategyId(strategy) };

    private static readonly Gen<AllocationCase> CaseGen =
        from equity in Money
        from pairCount in Gen.Choose(0, Universe.Length)
        from pairs in Gen.ArrayOf(PairConfigGen, pairCount)
        from priced in Gen.ArrayOf(Gen.Elements(Universe), Universe.Length)
        from priceUnits in Gen.ArrayOf(Gen.Choose(1, 10_000_000), Universe.Length)
        from instrumentCount in Gen.Choose(0, 4)
        from instruments in Gen.ArrayOf(InstrumentGen, instrumentCount)
        from reservationCount in Gen.Choose(0, 3)
        from reservationMargins in Gen.ArrayOf(Margin(equity), reservationCount)
        from positionCount in Gen.Choose(0, 2)
        from positionMargins in Gen.ArrayOf(Margin(equity), positionCount)
        from heldPairs in Gen.ArrayOf(Gen.Elements(Universe), reservationCount + positionCount)
        from signalCount in Gen.Frequency((1, Gen.Constant(0)), (12, Gen.Choose(1, 9)))
        from signals in Gen.ArrayOf(SignalGen, signalCount)
        from slots in Gen.Frequency((1, Gen.Constant(0)), (8, Gen.Choose(1, 6)))
        from minimum in Gen.Elements(0m, 1m, 10m, 25m, 100m)
        from withStatistics in Gen.Frequency((6, Gen.Constant(true)), (1, Gen.Constant(false)))
        from atr in Gen.ArrayOf(Statistic, Universe.Length)
        from volatility in Gen.ArrayOf(Statistic, Universe.Length)
        from correlation in Gen.ArrayOf(CorrelationValue, Universe.Length * Universe.Length)
        select Build(
            equity, pairs, priced.Zip(priceUnits), instruments, reservationMargins, positionMargins, heldPairs,
            signals, slots, minimum, withStatistics ? Statistics(atr, volatility, correlation) : null);

    /// <summary>Mostly a share of equity up to 40 %, sometimes any amount (which can leave nothing available).</summary>
    private static Gen<decimal> Margin(decimal equity) => Gen.Frequency(
        (5, Gen.Choose(0, 40).Select(percent => equity * percent / 100m)),
        (1, Money));

    [Fact]
    public void Allocate_AnyPortfolio_KeepsTheContractForEveryStrategy()
    {
        Check.One(Config, Prop.ForAll(Arb.From(CaseGen), (Action<AllocationCase>)(c =>
        {
            foreach (var strategy in Strategies)
            {
                var targets = strategy.Allocate(c.Request);
                AssertContract(strategy.Name, c.Request, targets);
                strategy.Allocate(c.Request).ShouldBe(targets, $"{strategy.Name} is not deterministic");
            }
        })));
    }

    [Fact]
    public void Enforce_AnyProposal_KeepsTheContract()
    {
        var gen =
            from c in CaseGen
            from capitals in Gen.ArrayOf(Gen.OneOf(Money, Money.Select(m => -m)), c.Request.Signals.Count)
            from keep in Gen.ArrayOf(Gen.Elements(true, false), c.Request.Signals.Count)
            select (Case: c, Proposed: c.Request.Signals
                .Select((s, i) => (Target: new AllocationTarget(s, capitals[i], capitals[i]), Keep: keep[i]))
                .Where(t => t.Keep)
                .Select(t => t.Target)
                .Reverse()
                .ToArray());

        Check.One(Config, Prop.ForAll(Arb.From(gen), (Action<(AllocationCase Case, AllocationTarget[] Proposed)>)(t =>
        {
            var targets = AllocationContract.Enforce(t.Case.Request, t.Proposed);
            AssertContract("Enforce", t.Case.Request, targets);
        })));
    }

    [Fact]
    public void Rank_AnySignals_IsSortedAndAPermutation()
    {
        Check.One(Config, Prop.ForAll(Arb.From(Gen.ArrayOf(SignalGen, 12)), (Action<Signal[]>)(signals =>
        {
            var ranked = SignalRanking.Rank(signals);
            ranked.Count.ShouldBe(signals.Length);
            ranked.ShouldBe(signals.OrderByDescending(s => s.Confidence).ThenBy(s => s.Pair.ToString(), StringComparer.Ordinal)
                .ThenBy(s => s.Strategy.Value, StringComparer.Ordinal));
            for (int i = 1; i < ranked.Count; i++)
            {
                ranked[i - 1].Confidence.ShouldBeGreaterThanOrEqualTo(ranked[i].Confidence);
            }
        })));
    }

    private static void AssertContract(string name, AllocationRequest request, IReadOnlyList<AllocationTarget> targets)
    {
        var snapshot = request.Snapshot;
        targets.Count.ShouldBeLessThanOrEqualTo(request.AvailableSlots, name);
        if (targets.Count == 0)
        {
            return;
        }

        targets.Sum(t => t.Capital).ShouldBeLessThanOrEqualTo(snapshot.AvailableCapital, name);
        int previous = -1;
        foreach (var target in targets)
        {
            target.Capital.ShouldBeGreaterThan(0m, name);
            target.Notional.ShouldBe(target.Capital * snapshot.LeverageOf(target.Signal.Pair), name);
            target.Notional.ShouldBeGreaterThanOrEqualTo(request.MinimumNotional, name);
            if (snapshot.Instruments.TryGetValue(target.Signal.Pair, out var instrument))
            {
                target.Notional.ShouldBeGreaterThanOrEqualTo(instrument.MinNotional, name);
            }

            target.Signal.Direction.ShouldNotBe(SignalDirection.Exit, name);
            int index = IndexOf(request.Signals, target.Signal, previous + 1);
            index.ShouldBeGreaterThan(previous, $"{name}: a target without a signal, or out of signal order");
            previous = index;
        }
    }

    private static int IndexOf(IReadOnlyList<Signal> signals, Signal signal, int start)
    {
        for (int i = start; i < signals.Count; i++)
        {
            if (ReferenceEquals(signals[i], signal))
            {
                return i;
            }
        }

        return -1;
    }

    private static MarketStatisticsTable Statistics(double?[] atr, double?[] volatility, double?[] correlation)
    {
        var table = MarketStatisticsTable.Empty;
        for (int i = 0; i < Universe.Length; i++)
        {
            table = atr[i] is { } a ? table.WithAtr(Universe[i], a) : table;
            table = volatility[i] is { } v ? table.WithVolatility(Universe[i], v) : table;
            for (int j = i + 1; j < Universe.Length; j++)
            {
                table = correlation[(i * Universe.Length) + j] is { } r ? table.WithCorrelation(Universe[i], Universe[j], r) : table;
            }
        }

        return table;
    }

    private static AllocationCase Build(
        decimal equity,
        PairConfig[] pairs,
        IEnumerable<(TradingPair Pair, int Units)> prices,
        Instrument[] instruments,
        decimal[] reservationMargins,
        decimal[] positionMargins,
        TradingPair[] heldPairs,
        Signal[] signals,
        int slots,
        decimal minimum,
        MarketStatisticsTable? statistics)
    {
        var snapshot = new PortfolioSnapshot
        {
            Time = Now,
            Config = new PortfolioConfig { TotalCapital = 10_000m },
            Equity = equity,
            Cash = equity,
            Pairs = pairs.DistinctBy(p => p.Pair).ToDictionary(p => p.Pair),
            Prices = prices.DistinctBy(p => p.Pair).ToDictionary(p => p.Pair, p => p.Units / 100m),
            Instruments = instruments.DistinctBy(i => i.Pair).ToDictionary(i => i.Pair),
            Reservations = reservationMargins.Select((m, i) => Reservation(heldPairs[i], m, id: $"r{i}")).ToArray(),
            Positions = positionMargins.Select((m, i) => Position(heldPairs[reservationMargins.Length + i], m, id: $"p{i}")).ToArray(),
        };
        var request = new AllocationRequest
        {
            Signals = SignalRanking.Rank(signals),
            Snapshot = snapshot,
            AvailableSlots = slots,
            MinimumNotional = minimum,
            Statistics = statistics,
        };
        return new AllocationCase(request);
    }

    /// <summary>One random allocation input, printed compactly when a property fails.</summary>
    public sealed record AllocationCase(AllocationRequest Request)
    {
        public override string ToString()
        {
            var s = Request.Snapshot;
            var signals = string.Join(", ", Request.Signals.Select(x => $"{x.Pair} {x.Direction} {x.Confidence} {x.Strategy}"));
            var pairs = string.Join(", ", s.Pairs.Values.Select(p => $"{p.Pair} x{p.Leverage}"));
            return string.Create(
                CultureInfo.InvariantCulture,
                $"equity {s.Equity}, available {s.AvailableCapital}, slots {Request.AvailableSlots}, min {Request.MinimumNotional}, pairs [{pairs}], signals [{signals}], statistics {(Request.Statistics is null ? "none" : "table")}");
        }
    }
}
