using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Testing;
using static MultiPair.Sdk.Tests.Portfolio.LedgerFixture;

namespace MultiPair.Sdk.Tests.Portfolio;

public sealed class PortfolioManagerTests
{
    [Fact]
    public void Constructor_InvalidConfig_ThrowsListingEveryProblem()
    {
        var config = new PortfolioConfig { TotalCapital = -1m, MaxPositions = 0, MaxPositionSizePercent = 150m, QuoteAsset = "US DT" };

        var error = Should.Throw<ArgumentException>(() => new PortfolioManager(config));

        error.Message.ShouldContain("TotalCapital");
        error.Message.ShouldContain("MaxPositions");
        error.Message.ShouldContain("MaxPositionSizePercent");
        error.Message.ShouldContain("QuoteAsset");
    }

    [Fact]
    public void Constructor_ValidConfig_HoldsCapitalAsCash()
    {
        var manager = new PortfolioManager(new PortfolioConfig { TotalCapital = 2_500m });

        manager.Cash.ShouldBe(2_500m);
        manager.GetPortfolioMetrics().TotalCapital.ShouldBe(2_500m);
        manager.Pairs.ShouldBeEmpty();
    }

    [Fact]
    public void RegisterPair_QuotedInAnotherAsset_FailsWithQuoteAssetMismatch()
    {
        var manager = new PortfolioManager(new PortfolioConfig { TotalCapital = 1_000m });

        var result = manager.RegisterPair(new PairConfig { Pair = new TradingPair("ETH", "BTC") });

        result.IsSuccess.ShouldBeFalse();
        result.Error.Code.ShouldBe(LedgerErrorCode.QuoteAssetMismatch);
        manager.Pairs.ShouldBeEmpty();
    }

    [Fact]
    public void RegisterPair_Twice_FailsAndKeepsTheFirstConfig()
    {
        var manager = Create();

        var result = manager.RegisterPair(new PairConfig { Pair = Btc, PositionSizePercent = 50m });

        result.Error!.Code.ShouldBe(LedgerErrorCode.PairAlreadyRegistered);
        manager.GetPairConfig(Btc)!.PositionSizePercent.ShouldBe(5m);
    }

    [Fact]
    public void RegisterPair_InvalidConfig_ListsEveryProblem()
    {
        var manager = new PortfolioManager(new PortfolioConfig { TotalCapital = 1_000m });

        var result = manager.RegisterPair(new PairConfig { Pair = Btc, Leverage = 3m, PositionSizePercent = 0m, TrailingStopPercent = 100m, EntryConfirmationLevel = 0 });

        result.Error!.Code.ShouldBe(LedgerErrorCode.InvalidConfiguration);
        result.Error.Message.ShouldContain("Leverage");
        result.Error.Message.ShouldContain("PositionSizePercent");
        result.Error.Message.ShouldContain("TrailingStopPercent");
        result.Error.Message.ShouldContain("EntryConfirmationLevel");
    }

    [Fact]
    public void Pairs_SeveralRegistered_AreInPairOrder()
    {
        Create().Pairs.Select(p => p.Pair).ShouldBe([Btc, Eth, Sol]);
    }

    [Fact]
    public void AddPosition_SpotLongWithQuoteFee_DebitsCostAndFeeFromCash()
    {
        var manager = Create();

        var position = manager.AddPosition(Open("p1", Btc, 0.5m, 40_000m, fee: Fee.InQuote(20m))).Value;

        manager.Cash.ShouldBe(79_980m);
        position.Quantity.ShouldBe(0.5m);
        position.EntryPrice.ShouldBe(40_000m);
        position.CostBasis.ShouldBe(20_000m);
        position.RealizedPnl.ShouldBe(-20m);
        position.FeesPaid.ShouldBe(20m);
        position.UnrealizedPnl.ShouldBe(0m);
        position.OpenedAt.ShouldBe(Start);
        position.IsOpen.ShouldBeTrue();
        manager.GetPrice(Btc).ShouldBe(40_000m);
        var metrics = manager.GetPortfolioMetrics();
        metrics.TotalCapital.ShouldBe(99_980m);
        metrics.DeployedCapital.ShouldBe(20_000m);
        metrics.AvailableCapital.ShouldBe(79_980m);
        metrics.TotalPnl.ShouldBe(-20m);
        metrics.TotalReturnPercent.ShouldBe(-0.02m);
    }

    [Fact]
    public void AddPosition_SpotFeeInBaseAsset_ReducesQuantityHeld()
    {
        // Binance spot: buying 1 BTC with a 0.1 % fee taken in BTC credits 0.999 BTC.
        var manager = Create();

        var position = manager.AddPosition(Open("p1", Btc, 1m, 50_000m, fee: Fee.InBase(0.001m))).Value;

        manager.Cash.ShouldBe(50_000m);
        position.Quantity.ShouldBe(0.999m);
        position.EntryPrice.ShouldBe(50_000m);
        position.FeesPaid.ShouldBe(50m);
        position.RealizedPnl.ShouldBe(-50m);
        manager.GetPortfolioMetrics().TotalCapital.ShouldBe(99_950m);
    }

    [Fact]
    public void IncreasePosition_AtHigherPrice_AveragesEntryPrice()
    {
        var manager = Create();
        manager.AddPosition(Open("p1", Eth, 1m, 100m)).IsSuccess.ShouldBeTrue();

        var position = manager.IncreasePosition(new PositionId("p1"), 3m, 200m).Value;

        position.Quantity.ShouldBe(4m);
        position.EntryPrice.ShouldBe(175m);
        position.EntryQuantity.ShouldBe(4m);
        position.UnrealizedPnl.ShouldBe(100m);
        manager.Cash.ShouldBe(99_300m);
    }

    [Fact]
    public void ReducePosition_Partial_RealizesTheClosedShareOfCost()
    {
        var manager = Create();
        manager.AddPosition(Open("p1", Eth, 2m, 1_000m));

        var reduction = manager.ReducePosition(new PositionId("p1"), 0.5m, 1_200m, Fee.InQuote(0.6m)).Value;

        reduction.GrossPnl.ShouldBe(100m);
        reduction.Fee.ShouldBe(0.6m);
        reduction.NetPnl.ShouldBe(99.4m);
        reduction.IsFullClose.ShouldBeFalse();
        reduction.Position.Quantity.ShouldBe(1.5m);
        reduction.Position.EntryPrice.ShouldBe(1_000m);
        reduction.Position.RealizedPnl.ShouldBe(99.4m);
        reduction.Position.UnrealizedPnl.ShouldBe(300m);
        manager.Cash.ShouldBe(98_599.4m);
    }

    [Fact]
    public void ClosePosition_AfterPartialClose_ClosesAtProviderTime()
    {
        var time = new ManualTimeProvider(Start);
        var manager = Create(time: time);
        manager.AddPosition(Open("p1", Eth, 2m, 1_000m));
        manager.ReducePosition(new PositionId("p1"), 0.5m, 1_200m, Fee.InQuote(0.6m));
        time.Advance(TimeSpan.FromHours(5));

        var reduction = manager.ClosePosition(new PositionId("p1"), 900m).Value;

        reduction.IsFullClose.ShouldBeTrue();
        reduction.Quantity.ShouldBe(1.5m);
        reduction.GrossPnl.ShouldBe(-150m);
        var closed = reduction.Position;
        closed.IsOpen.ShouldBeFalse();
        closed.ClosedAt.ShouldBe(Start.AddHours(5));
        closed.Quantity.ShouldBe(0m);
        closed.EntryPrice.ShouldBe(1_000m);
        closed.RealizedPnl.ShouldBe(-50.6m);
        closed.ExitQuantity.ShouldBe(2m);
        manager.Cash.ShouldBe(99_949.4m);
        var metrics = manager.GetPortfolioMetrics();
        metrics.ActivePositions.ShouldBe(0);
        metrics.ClosedPositions.ShouldBe(1);
        metrics.WinRatePercent.ShouldBe(0m);
        metrics.TotalCapital.ShouldBe(99_949.4m);
        manager.GetPositions().ShouldBeEmpty();
        manager.GetPositions(includeClosed: true).Single().Id.ShouldBe(new PositionId("p1"));
    }

    [Fact]
    public void ClosePosition_FeeInBaseAsset_SellsWhatIsHeldLessTheFee()
    {
        var manager = Create();
        manager.AddPosition(Open("p1", Btc, 1m, 50_000m));

        var reduction = manager.ClosePosition(new PositionId("p1"), 55_000m, Fee.InBase(0.001m)).Value;

        reduction.Quantity.ShouldBe(0.999m);
        reduction.Fee.ShouldBe(55m);
        reduction.GrossPnl.ShouldBe(5_000m);
        reduction.NetPnl.ShouldBe(4_945m);
        reduction.IsFullClose.ShouldBeTrue();
        manager.Cash.ShouldBe(104_945m);
        manager.GetPortfolioMetrics().RealizedPnl.ShouldBe(4_945m);
    }

    [Fact]
    public void AddPosition_PerpetualShort_EarnsWhenPriceFalls()
    {
        var manager = Create();

        var opened = manager.AddPosition(Open("s1", Sol, 100m, 20m, PositionSide.Short, Fee.InQuote(0.8m))).Value;
        var marked = manager.UpdatePosition(new PositionId("s1"), 18m).Value;

        opened.Leverage.ShouldBe(10m);
        opened.MarginUsed.ShouldBe(200m);
        manager.Cash.ShouldBe(99_999.2m);
        marked.UnrealizedPnl.ShouldBe(200m);
        marked.Notional.ShouldBe(1_800m);
        marked.MarginUsed.ShouldBe(180m);
        marked.LowestPrice.ShouldBe(18m);
        var metrics = manager.GetPortfolioMetrics();
        metrics.TotalCapital.ShouldBe(100_199.2m);
        metrics.DeployedCapital.ShouldBe(180m);
        metrics.AvailableCapital.ShouldBe(100_019.2m);
        metrics.NetExposure.ShouldBe(-1_800m);

        var closed = manager.ClosePosition(new PositionId("s1"), 18m, Fee.InQuote(0.72m)).Value;

        closed.GrossPnl.ShouldBe(200m);
        closed.Position.RealizedPnl.ShouldBe(198.48m);
        manager.Cash.ShouldBe(100_198.48m);
    }

    [Fact]
    public void AddPosition_PerpetualMarginAboveAvailable_FailsWithInsufficientFunds()
    {
        var manager = Create(capital: 1_000m);

        manager.AddPosition(Open("s1", Sol, 600m, 20m)).Error!.Code.ShouldBe(LedgerErrorCode.InsufficientFunds);
        var position = manager.AddPosition(Open("s2", Sol, 400m, 20m)).Value;

        position.Notional.ShouldBe(8_000m);
        position.MarginUsed.ShouldBe(800m);
        manager.GetPortfolioMetrics().AvailableCapital.ShouldBe(200m);
    }

    [Fact]
    public void AddPosition_LeverageOverride_UsesRequestedLeverage()
    {
        var manager = Create();

        var position = manager.AddPosition(Open("s1", Sol, 100m, 20m) with { Leverage = 4m }).Value;

        position.Leverage.ShouldBe(4m);
        position.MarginUsed.ShouldBe(500m);
    }

    [Fact]
    public void UpdatePrice_TwoPositionsInPair_MarksBothAndTracksExtremes()
    {
        var manager = Create();
        manager.AddPosition(Open("a", Btc, 0.1m, 40_000m, strategy: "trend"));
        manager.AddPosition(Open("b", Btc, 0.2m, 40_000m, strategy: "revert"));

        manager.UpdatePrice(Btc, 45_000m).Value.ShouldBe(2);
        manager.UpdatePrice(Btc, 38_000m).Value.ShouldBe(2);

        foreach (var position in manager.GetPositions())
        {
            position.CurrentPrice.ShouldBe(38_000m);
            position.HighestPrice.ShouldBe(45_000m);
            position.LowestPrice.ShouldBe(38_000m);
        }

        manager.GetPosition(new PositionId("a"))!.UnrealizedPnl.ShouldBe(-200m);
        manager.GetPosition(new PositionId("b"))!.UnrealizedPnl.ShouldBe(-400m);
    }

    [Fact]
    public void UpdatePrice_PairWithoutPositions_RemembersPrice()
    {
        var manager = Create();

        manager.UpdatePrice(Eth, 1_234.5m).Value.ShouldBe(0);

        manager.GetPrice(Eth).ShouldBe(1_234.5m);
        manager.GetPrice(new TradingPair("XRP", "USDT")).ShouldBeNull();
    }

    [Fact]
    public void GetPortfolioMetrics_SeveralPairsAndStrategies_BreakdownsSumToTotals()
    {
        var manager = Create();
        manager.AddPosition(Open("btc-trend", Btc, 0.5m, 40_000m, fee: Fee.InQuote(20m), strategy: "trend"));
        manager.AddPosition(Open("eth-revert", Eth, 5m, 1_000m, fee: Fee.InQuote(5m), strategy: "revert"));
        manager.AddPosition(Open("sol-trend", Sol, 100m, 20m, PositionSide.Short, Fee.InQuote(0.8m), strategy: "trend"));
        manager.AddPosition(Open("eth-trend", Eth, 1m, 1_000m, strategy: "trend"));
        manager.ClosePosition(new PositionId("eth-trend"), 1_100m, Fee.InQuote(1.1m));
        manager.UpdatePrice(Sol, 18m);

        var metrics = manager.GetPortfolioMetrics();

        metrics.ActivePositions.ShouldBe(3);
        metrics.ClosedPositions.ShouldBe(1);
        metrics.WinRatePercent.ShouldBe(100m);
        metrics.FeesPaid.ShouldBe(26.9m);
        metrics.RealizedPnl.ShouldBe(-20m - 5m - 0.8m + 100m - 1.1m);
        metrics.UnrealizedPnl.ShouldBe(500m + 200m); // ETH marked at the 1,100 close; SOL short at 18
        metrics.GrossExposure.ShouldBe(20_000m + 5_500m + 1_800m);
        metrics.ByPair.Select(a => a.Key).ShouldBe([Btc, Eth, Sol]);
        metrics.ByStrategy.Select(a => a.Key.Value).ShouldBe(["revert", "trend"]);
        metrics.ByPair.Sum(a => a.RealizedPnl).ShouldBe(metrics.RealizedPnl);
        metrics.ByPair.Sum(a => a.UnrealizedPnl).ShouldBe(metrics.UnrealizedPnl);
        metrics.ByStrategy.Sum(a => a.TotalPnl).ShouldBe(metrics.TotalPnl);
        metrics.ByStrategy.Sum(a => a.FeesPaid).ShouldBe(metrics.FeesPaid);
        var eth = metrics.ByPair.Single(a => a.Key == Eth);
        eth.ActivePositions.ShouldBe(1);
        eth.ClosedPositions.ShouldBe(1);
        eth.RealizedPnl.ShouldBe(-5m + 98.9m);
        eth.WinRatePercent.ShouldBe(100m);
        var trend = metrics.ByStrategy.Single(a => string.Equals(a.Key.Value, "trend", StringComparison.Ordinal));
        trend.ActivePositions.ShouldBe(2);
        trend.UnrealizedPnl.ShouldBe(200m);
        metrics.TotalCapital.ShouldBe(metrics.InitialCapital + metrics.TotalPnl);
        metrics.TotalCapital.ShouldBe(metrics.AvailableCapital + metrics.DeployedCapital);
    }

    [Fact]
    public void GetPortfolioMetrics_ThreePairs_ReportsConcentrationOfLargestPairs()
    {
        var manager = Create();
        manager.AddPosition(Open("a", Btc, 0.25m, 40_000m));
        manager.AddPosition(Open("b", Btc, 0.25m, 40_000m));
        manager.AddPosition(Open("c", Eth, 5m, 1_000m));
        manager.AddPosition(Open("d", Sol, 250m, 20m));

        var metrics = manager.GetPortfolioMetrics();

        metrics.GrossExposure.ShouldBe(30_000m);
        metrics.ConcentrationPercent.ShouldBe(20_000m * 100m / 30_000m);
        metrics.Top3ConcentrationPercent.ShouldBe(100m);
        metrics.GrossExposurePercent.ShouldBe(30m);
    }

    [Fact]
    public void GetPortfolioMetrics_Empty_HasNoConcentrationOrWinRate()
    {
        var metrics = Create().GetPortfolioMetrics();

        metrics.ConcentrationPercent.ShouldBe(0m);
        metrics.Top3ConcentrationPercent.ShouldBe(0m);
        metrics.WinRatePercent.ShouldBe(0m);
        metrics.Timestamp.ShouldBe(Start);
        metrics.ByPair.ShouldBeEmpty();
    }

    [Fact]
    public void Value_FailedResult_ThrowsLedgerExceptionWithTheError()
    {
        var manager = Create();

        var result = manager.ClosePosition(new PositionId("missing"), 1m);
        var error = Should.Throw<LedgerException>(() => result.Value);

        error.Error.Code.ShouldBe(LedgerErrorCode.UnknownPosition);
        error.Message.ShouldContain("missing");
        result.TryGetValue(out _).ShouldBeFalse();
    }

    [Fact]
    public void AddPosition_DefaultId_ThrowsArgumentException()
    {
        var manager = Create();

        Should.Throw<ArgumentException>(() => manager.AddPosition(Open("x", Btc, 1m, 1m) with { Id = default }));
    }

    [Fact]
    public void AddPosition_ExecutedFillBeyondCash_IsBookedWhenFundsAreNotEnforced()
    {
        var manager = Create(capital: 1_000m);

        manager.AddPosition(Open("p", Eth, 1m, 1_050m)).Error!.Code.ShouldBe(LedgerErrorCode.InsufficientFunds);
        var booked = manager.AddPosition(Open("p", Eth, 1m, 1_050m) with { EnforceFunds = false }).Value;
        manager.IncreasePosition(booked.Id, 0.1m, 1_050m, enforceFunds: false).IsSuccess.ShouldBeTrue();

        manager.Cash.ShouldBe(-155m);
        manager.GetPortfolioMetrics().TotalCapital.ShouldBe(1_000m);
    }
}
