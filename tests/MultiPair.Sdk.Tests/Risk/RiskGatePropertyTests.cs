using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Testing;
using static MultiPair.Sdk.Tests.Risk.GateFixture;

namespace MultiPair.Sdk.Tests.Risk;

/// <summary>
/// Random portfolios driven by random batches of proposals (entries, increases, reductions, cancels; several sleeves;
/// all trading states), random fills, releases and price moves, through a gate with the full built-in chain.
/// Each property runs 1,000 cases; FsCheck prints the seed to replay a failure.
/// </summary>
public sealed class RiskGatePropertyTests
{
    private const int MaxPositions = 3;
    private const decimal GrossCapPercent = 150m;
    private const decimal Tolerance = 0.000000000001m;
    private static readonly TradingPair[] Pairs = [Btc, Eth, Sol, Xrp];
    private static readonly decimal[] BasePrices = [40_000m, 2_000m, 20m, 0.5m];
    private static readonly string[] Sleeves = ["alpha", "beta", "gamma"];
    private static readonly Config Cases = Config.QuickThrowOnFailure.WithMaxTest(1_000);

    private enum Act
    {
        Propose,
        Fill,
        Release,
        SetState,
        Move,
    }

    [Fact]
    public void Submit_AnyScenario_NeverMorePositionsThanTheLimit() =>
        Run((step, before, after, result) =>
        {
            (after.OpenPositionCount + after.PendingOpenCount).ShouldBeLessThanOrEqualTo(Math.Max(MaxPositions, before.OpenPositionCount + before.PendingOpenCount));
            if (result is { IsApproved: true, Proposal.Intent: ProposalIntent.Open })
            {
                (after.OpenPositionCount + after.PendingOpenCount).ShouldBeLessThanOrEqualTo(MaxPositions);
            }
        });

    [Fact]
    public void Submit_ApprovedEntry_KeepsGrossExposureUnderTheCap() =>
        Run((step, before, after, result) =>
        {
            if (result is { IsApproved: true } && !result.Proposal.IsReducing)
            {
                after.GrossExposure.ShouldBeLessThanOrEqualTo((GrossCapPercent * after.Equity / 100m) + Tolerance);
                (result.Decision.Quantity * result.Proposal.Price / after.LeverageOf(result.Proposal.Pair)).ShouldBeLessThanOrEqualTo(before.AvailableCapital + Tolerance);
            }
        });

    [Fact]
    public void Submit_ApprovedEntry_NeverSpendsBeyondTheSleeveBudget() =>
        Run((step, before, after, result) =>
        {
            if (result is { IsApproved: true } && !result.Proposal.IsReducing)
            {
                var budget = after.Sleeves.Single(s => s.Sleeve == result.Proposal.Sleeve).Budget;
                after.CapitalUsedBy(result.Proposal.Sleeve).ShouldBeLessThanOrEqualTo(budget + Tolerance);
            }
        });

    [Fact]
    public void Submit_ReduceOnlyOrHalted_OnlyShrinksTheBook() =>
        Run((step, before, after, result) =>
        {
            if (result is null || !result.IsApproved)
            {
                return;
            }

            if (before.State == TradingState.Halted)
            {
                result.Proposal.Intent.ShouldBe(ProposalIntent.Cancel);
            }

            if (before.State == TradingState.ReduceOnly)
            {
                result.Proposal.IsReducing.ShouldBeTrue();
                after.GrossExposure.ShouldBeLessThanOrEqualTo(before.GrossExposure);
            }
        });

    [Fact]
    public void Submit_AnyProposal_ResizeNeverIncreasesQuantityAndApprovedOrdersPassTheFilters() =>
        Run((step, before, after, result) =>
        {
            if (result is null)
            {
                return;
            }

            result.Decision.Quantity.ShouldBeLessThanOrEqualTo(result.Proposal.Quantity);
            foreach (var s in result.Steps.Where(s => s.Kind == RiskDecisionKind.Resize))
            {
                s.Quantity.ShouldBeLessThan(result.Proposal.Quantity);
            }

            if (result.IsApproved && result.Proposal.Intent != ProposalIntent.Cancel && before.Instruments.TryGetValue(result.Proposal.Pair, out var instrument))
            {
                instrument.Validate(instrument.RoundPriceToTick(result.Proposal.Price), result.Decision.Quantity).IsValid.ShouldBeTrue();
            }
        });

    [Fact]
    public void Scenario_Generator_ReachesApprovalsResizesAndEveryKindOfRejection()
    {
        // Guards the properties above against a generator that only produces rejected proposals.
        var kinds = new Dictionary<RiskDecisionKind, int>();
        var codes = new HashSet<RiskReasonCode>();
        var states = new HashSet<TradingState>();
        foreach (var steps in Scenario().Sample(200, 30))
        {
            Play(steps, (step, before, after, result) =>
            {
                states.Add(before.State);
                if (result is not null)
                {
                    kinds[result.Decision.Kind] = kinds.GetValueOrDefault(result.Decision.Kind) + 1;
                    codes.Add(result.Decision.Code);
                }
            });
        }

        kinds.GetValueOrDefault(RiskDecisionKind.Approve).ShouldBeGreaterThan(100);
        kinds.GetValueOrDefault(RiskDecisionKind.Resize).ShouldBeGreaterThan(100);
        kinds.GetValueOrDefault(RiskDecisionKind.Reject).ShouldBeGreaterThan(100);
        codes.ShouldContain(RiskReasonCode.MaxPositions);
        codes.ShouldContain(RiskReasonCode.SleeveBudget);
        codes.ShouldContain(RiskReasonCode.ExchangeFilter);
        codes.ShouldContain(RiskReasonCode.ReduceOnly);
        codes.ShouldContain(RiskReasonCode.TradingHalted);
        states.Count.ShouldBe(3);
    }

    private static void Run(Action<Step, PortfolioSnapshot, PortfolioSnapshot, GateResult?> check) =>
        Check.One(Cases, Prop.ForAll(Arb.From(Scenario()), (Action<Step[]>)(steps => Play(steps, check))));

    private static void Play(Step[] steps, Action<Step, PortfolioSnapshot, PortfolioSnapshot, GateResult?> check)
    {
        var time = new ManualTimeProvider(Start);
        var ledger = new PortfolioManager(new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = MaxPositions, MaxPositionSizePercent = 40m, MaxCorrelatedExposurePercent = 120m }, time);
        ledger.RegisterPair(new PairConfig { Pair = Btc, CorrelationGroup = "majors" });
        ledger.RegisterPair(new PairConfig { Pair = Eth, CorrelationGroup = "majors" });
        ledger.RegisterPair(new PairConfig { Pair = Sol, MarketType = MarketType.LinearPerpetual, Leverage = 10m, CorrelationGroup = "alts" });
        ledger.RegisterPair(new PairConfig { Pair = Xrp, MarketType = MarketType.LinearPerpetual, Leverage = 3m });
        var prices = (decimal[])BasePrices.Clone();
        for (var i = 0; i < Pairs.Length; i++)
        {
            ledger.UpdatePrice(Pairs[i], prices[i]);
        }

        IRiskRule[] rules =
        [
            new MaxPositionsRule(),
            new MaxPositionSizeRule(),
            new MaxGrossExposureRule { MaxPercent = GrossCapPercent },
            new MaxPairExposureRule { MaxPercent = 60m },
            new CorrelatedExposureRule(),
            new DrawdownThrottleRule(),
        ];
        var options = new RiskGateOptions
        {
            Sleeves = [.. Sleeves.Select((s, i) => new SleeveConfig { Id = new StrategyId(s), BudgetPercent = i == 0 ? 50m : 25m })],
            ConflictPolicy = SideConflictPolicy.Net,
        };
        using var gate = new RiskGate(ledger, rules, options, [BtcInstrument, EthInstrument], time);
        var sequence = 0;
        foreach (var step in steps)
        {
            var before = gate.CreateSnapshot();
            GateResult? result = null;
            var pairIndex = step.PairIndex;
            var pair = Pairs[pairIndex];
            switch (step.Act)
            {
                case Act.Propose:
                    result = gate.Submit(Proposal(step, before, pair, prices[pairIndex]), new ClientOrderId($"o{sequence++}"));
                    break;
                case Act.Fill when before.Reservations.Count > 0:
                    FillReservation(ledger, gate, before.Reservations[step.Pick % before.Reservations.Count]);
                    break;
                case Act.Release when before.Reservations.Count > 0:
                    gate.Release(before.Reservations[step.Pick % before.Reservations.Count].ClientOrderId);
                    break;
                case Act.SetState:
                    gate.SetTradingState((TradingState)(step.Pick % 3), "property test");
                    break;
                case Act.Move:
                    prices[pairIndex] = Math.Max(prices[pairIndex] * (0.8m + (step.Percent / 300m)), 0.0001m);
                    ledger.UpdatePrice(pair, decimal.Round(prices[pairIndex], 4));
                    prices[pairIndex] = decimal.Round(prices[pairIndex], 4);
                    break;
            }

            check(step, before, gate.CreateSnapshot(), result);
        }
    }

    private static OrderProposal Proposal(Step step, PortfolioSnapshot snapshot, TradingPair pair, decimal price)
    {
        var sleeve = new StrategyId(Sleeves[step.Pick % Sleeves.Length]);
        var quantity = step.Quantity;
        var side = step.Short ? OrderSide.Sell : OrderSide.Buy;
        var held = snapshot.Positions.Where(p => p.Pair == pair).ToList();
        var intent = step.Intent;
        if (intent is ProposalIntent.Increase or ProposalIntent.Reduce or ProposalIntent.Close && held.Count > 0)
        {
            var position = held[step.Pick % held.Count];
            var shrinking = intent != ProposalIntent.Increase;
            side = (position.Side == PositionSide.Long) ^ shrinking ? OrderSide.Buy : OrderSide.Sell;
            return new OrderProposal { Pair = pair, Side = side, Quantity = quantity, Price = price, Intent = intent, PositionId = position.Id, Sleeve = position.Strategy };
        }

        if (intent == ProposalIntent.Cancel)
        {
            return new OrderProposal { Pair = pair, Side = side, Quantity = quantity, Price = price, Intent = intent, CancelOrderId = new ClientOrderId("any") };
        }

        if (pair.Base is "BTC" or "ETH")
        {
            side = OrderSide.Buy;
        }

        return new OrderProposal { Pair = pair, Side = side, Quantity = quantity, Price = price, Sleeve = sleeve, Confidence = step.Percent / 100.0 };
    }

    private static void FillReservation(PortfolioManager ledger, RiskGate gate, Reservation reservation)
    {
        if (reservation.IsEntry && reservation.Intent == ProposalIntent.Open)
        {
            var added = ledger.AddPosition(new OpenPositionRequest
            {
                Id = new PositionId(reservation.ClientOrderId.Value),
                Pair = reservation.Pair,
                Side = reservation.Side,
                Quantity = reservation.Quantity,
                EntryPrice = reservation.Price,
                Strategy = reservation.Sleeve,
            });
            if (!added.IsSuccess)
            {
                gate.Release(reservation.ClientOrderId);
                return;
            }
        }
        else if (reservation.PositionId is { } id && ledger.GetPosition(id) is { IsOpen: true } position)
        {
            var done = reservation.IsEntry
                ? ledger.IncreasePosition(id, reservation.Quantity, reservation.Price).IsSuccess
                : ledger.ReducePosition(id, Math.Min(reservation.Quantity, position.Quantity), reservation.Price).IsSuccess;
            if (!done)
            {
                gate.Release(reservation.ClientOrderId);
                return;
            }
        }

        gate.ApplyFill(reservation.ClientOrderId, reservation.Quantity);
    }

    private static Gen<Step[]> Scenario()
    {
        var quantity = from mantissa in Gen.Choose(1, 2_000_000)
                       from scale in Gen.Choose(2, 6)
                       select new decimal(mantissa, 0, 0, false, (byte)scale);
        var step = from act in Gen.Frequency((6, Gen.Constant(Act.Propose)), (3, Gen.Constant(Act.Fill)), (1, Gen.Constant(Act.Release)), (1, Gen.Constant(Act.SetState)), (2, Gen.Constant(Act.Move)))
                   from intent in Gen.Frequency((5, Gen.Constant(ProposalIntent.Open)), (2, Gen.Constant(ProposalIntent.Increase)), (2, Gen.Constant(ProposalIntent.Reduce)), (1, Gen.Constant(ProposalIntent.Close)), (1, Gen.Constant(ProposalIntent.Cancel)))
                   from pairIndex in Gen.Choose(0, Pairs.Length - 1)
                   from pick in Gen.Choose(0, 999)
                   from isShort in Gen.Elements(true, false)
                   from q in quantity
                   from percent in Gen.Choose(1, 100)
                   select new Step(act, intent, pairIndex, pick, isShort, q, percent);
        return Gen.Sized(size => Gen.ArrayOf(step, Math.Min(size, 30)));
    }

    private sealed record Step(Act Act, ProposalIntent Intent, int PairIndex, int Pick, bool Short, decimal Quantity, int Percent);
}
