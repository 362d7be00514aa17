using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using static MultiPair.Sdk.Tests.Portfolio.LedgerFixture;

namespace MultiPair.Sdk.Tests.Portfolio;

/// <summary>
/// Random sequences of opens, adds, partial and full closes, price updates and fees (in quote and base asset,
/// spot and leveraged perpetuals, long and short, including refused changes) against the ledger's money identities.
/// </summary>
public sealed class LedgerPropertyTests
{
    private const decimal Capital = 10_000_000m;
    private static readonly TradingPair[] PairsUnderTest = [Btc, Eth, Sol];
    private static readonly string[] Strategies = ["trend", "revert", "carry"];

    private enum Kind
    {
        Open,
        Increase,
        Reduce,
        Close,
        Mark,
    }

    private enum FeeKind
    {
        None,
        Quote,
        Base,
    }

    [Fact]
    public void RandomOperations_AfterEveryStep_EquityIdentitiesAndAttributionHoldExactly()
    {
        Prop.ForAll(Arb.From(Operations()), (Action<Step[]>)(steps =>
        {
            var manager = new PortfolioManager(new PortfolioConfig { TotalCapital = Capital }, new MultiPair.Sdk.Testing.ManualTimeProvider(Start));
            Register(manager);
            var ids = new List<PositionId>();
            foreach (var step in steps)
            {
                var before = Snapshot(manager);
                var succeeded = Apply(manager, step, ids, model: null);
                if (!succeeded)
                {
                    Snapshot(manager).ShouldBe(before, $"refused {step} changed the ledger");
                }

                AssertIdentities(manager);
            }
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RandomOperations_ThenCloseEverything_CashEqualsCapitalPlusTradeFlowsLessFees()
    {
        Prop.ForAll(Arb.From(Operations()), (Action<Step[]>)(steps =>
        {
            var manager = new PortfolioManager(new PortfolioConfig { TotalCapital = Capital }, new MultiPair.Sdk.Testing.ManualTimeProvider(Start));
            Register(manager);
            var ids = new List<PositionId>();
            var model = new CashModel();
            foreach (var step in steps)
            {
                Apply(manager, step, ids, model);
            }

            foreach (var position in manager.GetPositions())
            {
                var price = manager.GetPrice(position.Pair)!.Value;
                manager.ClosePosition(position.Id, price).IsSuccess.ShouldBeTrue();
                model.Exit(position, position.Quantity, price, Fee.None);
            }

            var metrics = manager.GetPortfolioMetrics();
            manager.Cash.ShouldBe(Capital + model.Flows);
            metrics.UnrealizedPnl.ShouldBe(0m);
            metrics.RealizedPnl.ShouldBe(manager.Cash - Capital);
            metrics.TotalCapital.ShouldBe(manager.Cash);
            metrics.FeesPaid.ShouldBe(model.Fees);
            metrics.ActivePositions.ShouldBe(0);
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Operations_Generator_ExercisesSuccessfulAndRefusedChangesOfEveryKind()
    {
        // Guards the two properties above against a generator whose steps are all refused.
        var succeeded = new Dictionary<Kind, int>();
        var refused = 0;
        foreach (var steps in Operations().Sample(60, 40))
        {
            var manager = new PortfolioManager(new PortfolioConfig { TotalCapital = Capital });
            Register(manager);
            var ids = new List<PositionId>();
            foreach (var step in steps)
            {
                if (Apply(manager, step, ids, model: null))
                {
                    succeeded[step.Kind] = succeeded.GetValueOrDefault(step.Kind) + 1;
                }
                else
                {
                    refused++;
                }
            }
        }

        foreach (var kind in Enum.GetValues<Kind>())
        {
            succeeded.GetValueOrDefault(kind).ShouldBeGreaterThan(20, $"successful {kind} steps");
        }

        refused.ShouldBeGreaterThan(20);
    }

    private static void Register(PortfolioManager manager)
    {
        manager.RegisterPair(new PairConfig { Pair = Btc, CorrelationGroup = "majors" });
        manager.RegisterPair(new PairConfig { Pair = Eth, CorrelationGroup = "majors" });
        manager.RegisterPair(new PairConfig { Pair = Sol, MarketType = MarketType.LinearPerpetual, Leverage = 20m });
    }

    private static void AssertIdentities(PortfolioManager manager)
    {
        var metrics = manager.GetPortfolioMetrics();
        var positions = manager.GetPositions(includeClosed: true);
        var open = positions.Where(p => p.IsOpen).ToList();
        var marked = manager.Cash
            + open.Where(p => p.MarketType == MarketType.Spot).Sum(p => p.Quantity * p.CurrentPrice)
            + open.Where(p => p.MarketType == MarketType.LinearPerpetual).Sum(p => p.UnrealizedPnl);

        metrics.TotalCapital.ShouldBe(marked, "equity = cash + marked positions");
        metrics.TotalCapital.ShouldBe(metrics.InitialCapital + metrics.RealizedPnl + metrics.UnrealizedPnl, "equity = capital + P&L");
        (metrics.AvailableCapital + metrics.DeployedCapital).ShouldBe(metrics.TotalCapital);
        positions.Sum(p => p.RealizedPnl).ShouldBe(metrics.RealizedPnl);
        positions.Sum(p => p.FeesPaid).ShouldBe(metrics.FeesPaid);
        metrics.ByPair.Sum(a => a.RealizedPnl).ShouldBe(metrics.RealizedPnl);
        metrics.ByPair.Sum(a => a.UnrealizedPnl).ShouldBe(metrics.UnrealizedPnl);
        metrics.ByPair.Sum(a => a.TotalPnl).ShouldBe(metrics.TotalPnl);
        metrics.ByPair.Sum(a => a.FeesPaid).ShouldBe(metrics.FeesPaid);
        metrics.ByPair.Sum(a => a.Exposure).ShouldBe(metrics.GrossExposure);
        metrics.ByStrategy.Sum(a => a.RealizedPnl).ShouldBe(metrics.RealizedPnl);
        metrics.ByStrategy.Sum(a => a.UnrealizedPnl).ShouldBe(metrics.UnrealizedPnl);
        metrics.ByStrategy.Sum(a => a.TotalPnl).ShouldBe(metrics.TotalPnl);
        metrics.ByStrategy.Sum(a => a.ActivePositions).ShouldBe(metrics.ActivePositions);
        metrics.ByPair.Sum(a => a.ClosedPositions).ShouldBe(metrics.ClosedPositions);
        foreach (var position in open)
        {
            position.Quantity.ShouldBeGreaterThan(0m);
            position.HighestPrice.ShouldBeGreaterThanOrEqualTo(position.CurrentPrice);
            position.LowestPrice.ShouldBeLessThanOrEqualTo(position.CurrentPrice);
        }
    }

    private static bool Apply(PortfolioManager manager, Step step, List<PositionId> ids, CashModel? model)
    {
        var pair = PairsUnderTest[step.PairIndex];
        var target = ids.Count == 0 ? new PositionId("none") : ids[step.PositionIndex % ids.Count];
        var existing = manager.GetPosition(target);
        switch (step.Kind)
        {
            case Kind.Open:
                {
                    var side = pair == Sol && step.Short ? PositionSide.Short : PositionSide.Long;
                    var id = new PositionId($"p{ids.Count}");
                    var fee = MakeFee(step.Fee, step.Quantity, step.Price);
                    var result = manager.AddPosition(new OpenPositionRequest
                    {
                        Id = id, Pair = pair, Side = side, Quantity = step.Quantity, EntryPrice = step.Price, Fee = fee,
                        Strategy = new StrategyId(Strategies[step.PositionIndex % Strategies.Length]),
                    });
                    if (result.IsSuccess)
                    {
                        ids.Add(id);
                        model?.Entry(result.Value, step.Quantity, step.Price, fee);
                    }

                    return result.IsSuccess;
                }

            case Kind.Increase:
                {
                    var fee = MakeFee(step.Fee, step.Quantity, step.Price);
                    var result = manager.IncreasePosition(target, step.Quantity, step.Price, fee);
                    if (result.IsSuccess)
                    {
                        model?.Entry(result.Value, step.Quantity, step.Price, fee);
                    }

                    return result.IsSuccess;
                }

            case Kind.Reduce:
                {
                    // 1..120 % of what is held: some steps ask for more than is held and must be refused.
                    var quantity = existing is null ? step.Quantity : decimal.Round(existing.Quantity * step.Percent / 100m, 8);
                    var fee = MakeFee(step.Fee, quantity, step.Price);
                    var result = manager.ReducePosition(target, quantity, step.Price, fee);
                    if (result.IsSuccess)
                    {
                        model?.Exit(result.Value.Position, quantity, step.Price, fee);
                    }

                    return result.IsSuccess;
                }

            case Kind.Close:
                {
                    var fee = existing is null ? Fee.None : MakeFee(step.Fee, existing.Quantity, step.Price);
                    var result = manager.ClosePosition(target, step.Price, fee);
                    if (result.IsSuccess)
                    {
                        model?.Exit(result.Value.Position, result.Value.Quantity, step.Price, fee);
                    }

                    return result.IsSuccess;
                }

            default:
                return manager.UpdatePrice(pair, step.Price).IsSuccess;
        }
    }

    /// <summary>A 0.1 % fee in the chosen asset, rounded to 8 decimals like an exchange's fee.</summary>
    private static Fee MakeFee(FeeKind kind, decimal quantity, decimal price) => kind switch
    {
        FeeKind.Quote => Fee.InQuote(decimal.Round(quantity * price * 0.001m, 8)),
        FeeKind.Base => Fee.InBase(decimal.Round(quantity * 0.001m, 8)),
        _ => Fee.None,
    };

    private static Gen<Step[]> Operations()
    {
        var price = from mantissa in Gen.Choose(1, 5_000_000)
                    from scale in Gen.Choose(0, 6)
                    select new decimal(mantissa, 0, 0, false, (byte)scale);
        var quantity = from mantissa in Gen.Choose(1, 1_000_000)
                       from scale in Gen.Choose(3, 8)
                       select new decimal(mantissa, 0, 0, false, (byte)scale);
        var step = from kind in Gen.Frequency((4, Gen.Constant(Kind.Open)), (2, Gen.Constant(Kind.Increase)), (3, Gen.Constant(Kind.Reduce)), (2, Gen.Constant(Kind.Close)), (4, Gen.Constant(Kind.Mark)))
                   from pairIndex in Gen.Choose(0, PairsUnderTest.Length - 1)
                   from positionIndex in Gen.Choose(0, 1_000)
                   from isShort in Gen.Elements(true, false)
                   from q in quantity
                   from p in price
                   from fee in Gen.Elements(FeeKind.None, FeeKind.Quote, FeeKind.Base)
                   from percent in Gen.Choose(1, 120)
                   select new Step(kind, pairIndex, positionIndex, isShort, q, p, fee, percent);
        return Gen.ArrayOf(step);
    }

    private sealed record Step(Kind Kind, int PairIndex, int PositionIndex, bool Short, decimal Quantity, decimal Price, FeeKind Fee, int Percent);

    /// <summary>
    /// Cash as trade flows alone, without average prices or cost bases: spot pays and receives the full value;
    /// a perpetual's entries and exits net out to its P&amp;L once it is fully closed.
    /// </summary>
    private sealed class CashModel
    {
        public decimal Flows { get; private set; }

        public decimal Fees { get; private set; }

        public void Entry(Position position, decimal quantity, decimal price, Fee fee) =>
            Record(position, -quantity * price, fee, price);

        public void Exit(Position position, decimal quantity, decimal price, Fee fee) =>
            Record(position, quantity * price, fee, price);

        private void Record(Position position, decimal value, Fee fee, decimal price)
        {
            var direction = position.Side == PositionSide.Long ? 1m : -1m;
            Flows += direction * value;
            if (fee.Asset == FeeAsset.Quote)
            {
                Flows -= fee.Amount;
            }

            Fees += fee.QuoteValue(price);
        }
    }
}
