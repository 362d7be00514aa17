using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Tests.Coordination;

/// <summary>
/// The "five bots, one account" case of requirements/003: five strategies with 20 % each of a 9,882.31 USDT account,
/// each position 10 % of its bot's budget, firing on the same bar with conflicting BUY/SELL on BTC.
/// </summary>
public sealed class FiveBotsOneAccountTests
{
    private const decimal Account = 9_882.31m;
    private static readonly DateTimeOffset Bar = new(2025, 6, 2, 14, 0, 0, TimeSpan.Zero);
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");
    private static readonly string[] Bots = ["MeanReversion", "SashaHybrid", "GridTrading", "TripleEMA", "EMARibbon"];

    // Binance filters from the nautilus exchangeInfo captures: BTCUSDT USDⓈ-M perpetual, ETHUSDT spot.
    private static readonly Instrument BtcPerp = new(Btc, MarketType.LinearPerpetual, tickSize: 0.10m, stepSize: 0.001m, minQuantity: 0.001m, maxQuantity: 1000m, minNotional: 10m, minPrice: 402m, maxPrice: 1_246_396.60m);
    private static readonly Instrument EthSpot = new(Eth, MarketType.Spot, tickSize: 0.01m, stepSize: 0.0001m, minQuantity: 0.0001m, maxQuantity: 9000m, minNotional: 10m);

    [Fact]
    public void Coordinate_FiveBotsOnOneBar_SizesFromBudgetsResolvesConflictAndAttributesPnl()
    {
        var time = new ManualTimeProvider(Bar);
        var ledger = new PortfolioManager(new PortfolioConfig { TotalCapital = Account, MaxPositions = 10, MaxPositionSizePercent = 20m, MaxCorrelatedExposurePercent = 100m }, time);
        ledger.RegisterPair(new PairConfig { Pair = Btc, MarketType = MarketType.LinearPerpetual, Leverage = 1m });
        ledger.RegisterPair(new PairConfig { Pair = Eth });
        ledger.UpdatePrice(Btc, 106_000m);
        ledger.UpdatePrice(Eth, 3_900m);
        var options = new RiskGateOptions
        {
            ConflictPolicy = SideConflictPolicy.RejectLater,
            Sleeves = [.. Bots.Select(bot => new SleeveConfig { Id = new StrategyId(bot), BudgetPercent = 20m })],
        };
        using var gate = new RiskGate(ledger, [new OnePositionPerPairRule { PerSleeve = true }, new MaxPositionSizeRule()], options, [BtcPerp, EthSpot], time);
        using var coordinator = new EntryCoordinator(gate, new FixedFractionAllocation { FractionPercent = 2m }, new CoordinatorOptions { SkipHeldPairs = false, ClientOrderIdPrefix = "bots" });
        var observed = new List<RejectedProposal>();
        using var subscription = coordinator.Rejections.Subscribe(observed.Add);

        var result = coordinator.Coordinate(
        [
            Signal(Btc, SignalDirection.Long, 0.9, "MeanReversion"),
            Signal(Btc, SignalDirection.Short, 0.8, "SashaHybrid"),
            Signal(Btc, SignalDirection.Long, 0.7, "GridTrading"),
            Signal(Eth, SignalDirection.Long, 0.6, "TripleEMA"),
            Signal(Eth, SignalDirection.Long, 0.5, "EMARibbon"),
        ]);

        // Each bot's budget is 1,976.462; a position is 10 % of it (2 % of the account): 197.6462 of notional,
        // rounded down to the exchange's step: 0.001 BTC (106) and 0.0506 ETH (197.34).
        result.Approved.Select(i => (i.Proposal.Sleeve.Value, i.Proposal.Pair, i.Proposal.Quantity)).ShouldBe(
        [
            ("MeanReversion", Btc, 0.001m),
            ("GridTrading", Btc, 0.001m),
            ("TripleEMA", Eth, 0.0506m),
            ("EMARibbon", Eth, 0.0506m),
        ]);
        result.Approved.Select(i => i.ClientOrderId.Value).ShouldBe(["bots-250602140000-1", "bots-250602140000-3", "bots-250602140000-4", "bots-250602140000-5"]);
        var conflict = result.Rejected.ShouldHaveSingleItem();
        conflict.Code.ShouldBe(RiskReasonCode.SideConflict);
        conflict.Signal!.Strategy.Value.ShouldBe("SashaHybrid");
        observed.ShouldBe(result.Rejected);

        // Fill everything with a 0.1 % fee, move prices, close one bot: P&L per bot sums exactly to the account's.
        foreach (var intent in result.Approved)
        {
            var fee = Fee.InQuote(decimal.Round(intent.Proposal.Notional * 0.001m, 8));
            ledger.AddPosition(new OpenPositionRequest { Id = new PositionId(intent.ClientOrderId.Value), Pair = intent.Proposal.Pair, Quantity = intent.Proposal.Quantity, EntryPrice = intent.Proposal.Price, Strategy = intent.Proposal.Sleeve, Fee = fee }).IsSuccess.ShouldBeTrue();
            gate.ApplyFill(intent.ClientOrderId, intent.Proposal.Quantity).ShouldBeTrue();
        }

        time.Advance(TimeSpan.FromHours(3));
        ledger.UpdatePrice(Btc, 107_060m);
        ledger.UpdatePrice(Eth, 3_861m);
        ledger.ClosePosition(new PositionId("bots-250602140000-1"), 107_060m, Fee.InQuote(0.10706m)).IsSuccess.ShouldBeTrue();

        var metrics = ledger.GetPortfolioMetrics();
        metrics.ByStrategy.Sum(a => a.TotalPnl).ShouldBe(metrics.TotalPnl);
        metrics.ByStrategy.Sum(a => a.RealizedPnl).ShouldBe(metrics.RealizedPnl);
        var byBot = metrics.ByStrategy.ToDictionary(a => a.Key.Value, a => a.TotalPnl, StringComparer.Ordinal);
        byBot["MeanReversion"].ShouldBe(1.06m - 0.106m - 0.10706m); // closed: +1 % on 106, both fees
        byBot["GridTrading"].ShouldBe(1.06m - 0.106m); // open: +1 %, entry fee
        byBot["TripleEMA"].ShouldBe(-1.9734m - 0.19734m); // open: -1 % on 197.34, entry fee
        byBot.ContainsKey("SashaHybrid").ShouldBeFalse();
        var snapshot = gate.CreateSnapshot();
        foreach (var bot in Bots)
        {
            snapshot.CapitalUsedBy(new StrategyId(bot)).ShouldBeLessThanOrEqualTo(Account * 0.2m);
        }
    }

    [Fact]
    public void Coordinate_ThreeSleevesGreedyOnOneBar_NeverExceedTheirBudgetsOrTheAccount()
    {
        var time = new ManualTimeProvider(Bar);
        var ledger = new PortfolioManager(new PortfolioConfig { TotalCapital = Account, MaxPositions = 10, MaxPositionSizePercent = 100m, MaxCorrelatedExposurePercent = 500m }, time);
        ledger.RegisterPair(new PairConfig { Pair = Btc, MarketType = MarketType.LinearPerpetual, Leverage = 3m });
        ledger.RegisterPair(new PairConfig { Pair = Eth });
        ledger.UpdatePrice(Btc, 106_000m);
        ledger.UpdatePrice(Eth, 3_900m);
        var options = new RiskGateOptions
        {
            Sleeves =
            [
                new SleeveConfig { Id = new StrategyId("trend"), BudgetPercent = 50m, Strategies = ["ema-cross", "breakout"] },
                new SleeveConfig { Id = new StrategyId("revert"), BudgetPercent = 30m },
                new SleeveConfig { Id = new StrategyId("carry"), BudgetAmount = 1_000m },
            ],
        };
        using var gate = new RiskGate(ledger, [], options, [BtcPerp, EthSpot], time);
        using var coordinator = new EntryCoordinator(gate, new ConfidenceWeightedAllocation(), new CoordinatorOptions { SkipHeldPairs = false });

        var result = coordinator.Coordinate(
        [
            Signal(Btc, SignalDirection.Long, 1.0, "ema-cross"),
            Signal(Eth, SignalDirection.Long, 0.9, "breakout"),
            Signal(Eth, SignalDirection.Long, 0.8, "revert"),
            Signal(Btc, SignalDirection.Long, 0.7, "carry"),
        ]);

        var snapshot = gate.CreateSnapshot();
        result.Approved.Count.ShouldBeGreaterThan(0);
        snapshot.CapitalUsedBy(new StrategyId("trend")).ShouldBeLessThanOrEqualTo(Account * 0.5m);
        snapshot.CapitalUsedBy(new StrategyId("revert")).ShouldBeLessThanOrEqualTo(Account * 0.3m);
        snapshot.CapitalUsedBy(new StrategyId("carry")).ShouldBeLessThanOrEqualTo(1_000m);
        snapshot.ReservedCapital.ShouldBeLessThanOrEqualTo(Account);
        snapshot.AvailableCapital.ShouldBeGreaterThanOrEqualTo(0m);
        result.Approved.Select(i => i.Proposal.Sleeve).ShouldContain(new StrategyId("trend"));
    }

    private static Signal Signal(TradingPair pair, SignalDirection direction, double confidence, string strategy) =>
        new(pair, direction, confidence, Bar) { Strategy = new StrategyId(strategy), Reason = $"{strategy} on the 14:00 bar" };
}
