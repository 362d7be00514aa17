using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Tests.Backtesting;

public sealed class BacktestStatisticsTests
{
    private const double Tolerance = 1e-9;
    private static readonly DateTimeOffset T0 = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");
    private static readonly StrategyId Trend = new("trend");
    private static readonly StrategyId MeanRev = new("meanrev");

    // Daily equity 1000 → 1100 → 990 → 1188 → 1188: returns +10 %, -10 %, +20 %, 0 %.
    private static readonly EquityPoint[] Curve =
    [
        Point(0, 1000m, 0m),
        Point(1, 1100m, 500m),
        Point(2, 990m, 400m),
        Point(3, 1188m, 300m),
        Point(4, 1188m, 0m),
    ];

    private static readonly TradeRecord[] Trades =
    [
        Trade("p1", Btc, Trend, T0, TimeSpan.FromDays(1), pnl: 100m, fees: 2m),
        Trade("p2", Btc, MeanRev, T0, TimeSpan.FromDays(2), pnl: -110m, fees: 3m),
        Trade("p3", Eth, Trend, T0, TimeSpan.FromHours(3), pnl: 198m, fees: 1m),
        Trade("p4", Eth, Trend, T0, TimeSpan.FromHours(1), pnl: 0m, fees: 0.5m),
    ];

    [Fact]
    public void Compute_HandComputedCurve_SharpeSortinoAndDrawdownMatch()
    {
        var stats = BacktestStatistics.Compute(Curve, Trades, 1000m, Timeframe.OneDay);

        // mean = 0.05; sample variance = (0.05² + 0.15² + 0.15² + 0.05²) / 3 = 0.05 / 3.
        double annualise = Math.Sqrt(365.25);
        stats.BarsPerYear.ShouldBe(365.25, Tolerance);
        stats.ReturnCount.ShouldBe(4);
        stats.Sharpe!.Value.ShouldBe(0.05 / Math.Sqrt(0.05 / 3) * annualise, Tolerance);

        // Downside deviation over all 4 periods = sqrt(0.1² / 4) = 0.05, so the per-bar Sortino is 1.
        stats.Sortino!.Value.ShouldBe(annualise, Tolerance);

        // Peak 1100 on day 1, trough 990 on day 2, back above 1100 on day 3.
        stats.MaxDrawdown.ShouldBe(0.1, Tolerance);
        stats.MaxDrawdownDuration.ShouldBe(TimeSpan.FromDays(2));

        stats.FinalEquity.ShouldBe(1188m);
        stats.NetProfit.ShouldBe(188m);
        stats.TotalReturn.ShouldBe(0.188, Tolerance);
        stats.Cagr!.Value.ShouldBe(Math.Pow(1.188, 365.25 / 4) - 1, 1e-6 * stats.Cagr.Value);
        stats.Calmar!.Value.ShouldBe(stats.Cagr.Value / 0.1, 1e-6 * stats.Calmar.Value);
        stats.ExposureTime.ShouldBe(0.6, Tolerance);
        stats.StartTime.ShouldBe(T0);
        stats.EndTime.ShouldBe(T0.AddDays(4));
    }

    [Fact]
    public void Compute_HandComputedTrades_TradeStatisticsAndAttributionMatch()
    {
        var stats = BacktestStatistics.Compute(Curve, Trades, 1000m, Timeframe.OneDay);

        stats.TradeCount.ShouldBe(4);
        stats.WinningTrades.ShouldBe(2);
        stats.LosingTrades.ShouldBe(1);
        stats.WinRate.ShouldBe(0.5);
        stats.GrossProfit.ShouldBe(298m);
        stats.GrossLoss.ShouldBe(110m);
        stats.ProfitFactor!.Value.ShouldBe(298.0 / 110.0, Tolerance);
        stats.TradePnl.ShouldBe(188m);
        stats.TotalFees.ShouldBe(6.5m);
        stats.Expectancy.ShouldBe(47m);
        stats.AverageHoldingTime.ShouldBe(TimeSpan.FromHours(19));
        stats.ByPair.ShouldBe(
        [
            new TradeAttribution<TradingPair>(Btc, 2, 1, 1, -10m, 5m),
            new TradeAttribution<TradingPair>(Eth, 2, 1, 0, 198m, 1.5m),
        ]);
        stats.BySleeve.ShouldBe(
        [
            new TradeAttribution<StrategyId>(MeanRev, 1, 0, 1, -110m, 3m),
            new TradeAttribution<StrategyId>(Trend, 3, 2, 0, 298m, 3.5m),
        ]);
    }

    [Fact]
    public void Compute_TwoYearsTenPercentPerYear_CagrIsTenPercent()
    {
        EquityPoint[] curve = [Point(0, 1000m, 0m), new(T0.AddDays(2 * 365.25), 1210m, 1210m, 0m, 0)];

        var stats = BacktestStatistics.Compute(curve, [], 1000m, Timeframe.OneDay);

        stats.Cagr!.Value.ShouldBe(0.1, Tolerance);
        stats.TotalReturn.ShouldBe(0.21, Tolerance);
        stats.MaxDrawdown.ShouldBe(0);
        stats.Calmar.ShouldBeNull();
    }

    [Fact]
    public void Compute_NeverRecovers_DurationRunsToTheEnd()
    {
        EquityPoint[] curve = [Point(0, 1000m, 0m), Point(1, 1200m, 0m), Point(2, 900m, 0m), Point(3, 1100m, 0m), Point(7, 1150m, 0m)];

        var stats = BacktestStatistics.Compute(curve, [], 1000m, Timeframe.OneDay);

        stats.MaxDrawdown.ShouldBe(0.25, Tolerance);
        stats.MaxDrawdownDuration.ShouldBe(TimeSpan.FromDays(6));
    }

    [Fact]
    public void Compute_LongestDrawdownIsNotTheDeepest_DurationOfLongest()
    {
        // A deep short drawdown (day 1 → 2) and a shallow long one (day 3 → 10).
        EquityPoint[] curve =
        [
            Point(0, 1000m, 0m), Point(1, 500m, 0m), Point(2, 1000m, 0m), Point(3, 1100m, 0m),
            Point(4, 1090m, 0m), Point(10, 1100m, 0m), Point(11, 1050m, 0m), Point(12, 1101m, 0m),
        ];

        var stats = BacktestStatistics.Compute(curve, [], 1000m, Timeframe.OneDay);

        stats.MaxDrawdown.ShouldBe(0.5, Tolerance);
        stats.MaxDrawdownDuration.ShouldBe(TimeSpan.FromDays(7));
    }

    [Fact]
    public void Compute_FirstPointBelowInitialCapital_CountsAsDrawdown()
    {
        EquityPoint[] curve = [Point(0, 990m, 0m), Point(1, 995m, 0m)];

        var stats = BacktestStatistics.Compute(curve, [], 1000m, Timeframe.OneDay);

        stats.MaxDrawdown.ShouldBe(0.01, Tolerance);
        stats.MaxDrawdownDuration.ShouldBe(TimeSpan.FromDays(1));
    }

    [Fact]
    public void Compute_NoTrades_TradeRatiosAreNull()
    {
        var stats = BacktestStatistics.Compute(Curve, [], 1000m, Timeframe.OneDay);

        stats.TradeCount.ShouldBe(0);
        stats.WinRate.ShouldBeNull();
        stats.ProfitFactor.ShouldBeNull();
        stats.Expectancy.ShouldBeNull();
        stats.AverageHoldingTime.ShouldBeNull();
        stats.TradePnl.ShouldBe(0m);
        stats.ByPair.ShouldBeEmpty();
        stats.BySleeve.ShouldBeEmpty();
    }

    [Fact]
    public void Compute_FlatCurve_NoVolatilityNoDrawdown()
    {
        var curve = Enumerable.Range(0, 10).Select(d => Point(d, 1000m, 0m)).ToArray();

        var stats = BacktestStatistics.Compute(curve, [], 1000m, Timeframe.OneHour);

        stats.Sharpe.ShouldBeNull();
        stats.Sortino.ShouldBeNull();
        stats.MaxDrawdown.ShouldBe(0);
        stats.MaxDrawdownDuration.ShouldBe(TimeSpan.Zero);
        stats.Calmar.ShouldBeNull();
        stats.Cagr.ShouldBe(0);
        stats.TotalReturn.ShouldBe(0);
        stats.ExposureTime.ShouldBe(0);
    }

    [Fact]
    public void Compute_ConstantGrowth_SortinoUndefinedAndNoDrawdown()
    {
        var curve = Enumerable.Range(0, 6).Select(d => Point(d, 1000m * (decimal)Math.Pow(1.01, d), 0m)).ToArray();

        var stats = BacktestStatistics.Compute(curve, [], 1000m, Timeframe.OneDay);

        stats.Sortino.ShouldBeNull();
        stats.MaxDrawdown.ShouldBe(0);
        stats.Cagr!.Value.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Compute_OnlyLosses_ProfitFactorZeroAndNegativeRatios()
    {
        EquityPoint[] curve = [Point(0, 1000m, 0m), Point(1, 950m, 950m), Point(2, 940m, 0m), Point(3, 900m, 0m)];
        TradeRecord[] trades =
        [
            Trade("a", Btc, Trend, T0, TimeSpan.FromDays(1), pnl: -50m, fees: 1m),
            Trade("b", Eth, Trend, T0.AddDays(1), TimeSpan.FromDays(2), pnl: -50m, fees: 1m),
        ];

        var stats = BacktestStatistics.Compute(curve, trades, 1000m, Timeframe.OneDay);

        stats.ProfitFactor.ShouldBe(0);
        stats.WinRate.ShouldBe(0);
        stats.GrossProfit.ShouldBe(0m);
        stats.GrossLoss.ShouldBe(100m);
        stats.Expectancy.ShouldBe(-50m);
        stats.Sharpe!.Value.ShouldBeLessThan(0);
        stats.Sortino!.Value.ShouldBeLessThan(0);
        stats.Cagr!.Value.ShouldBeLessThan(0);
        stats.Calmar!.Value.ShouldBeLessThan(0);
        stats.MaxDrawdown.ShouldBe(0.1, Tolerance);
        stats.MaxDrawdownDuration.ShouldBe(TimeSpan.FromDays(3));
        stats.ExposureTime.ShouldBe(0.25);
    }

    [Fact]
    public void Compute_OnlyWins_ProfitFactorIsInfinite()
    {
        TradeRecord[] trades = [Trade("a", Btc, Trend, T0, TimeSpan.FromHours(1), pnl: 5m, fees: 0m)];

        BacktestStatistics.Compute(Curve, trades, 1000m, Timeframe.OneDay).ProfitFactor.ShouldBe(double.PositiveInfinity);
    }

    [Fact]
    public void Compute_OnlyBreakEvenTrades_ProfitFactorIsNull()
    {
        TradeRecord[] trades = [Trade("a", Btc, Trend, T0, TimeSpan.FromHours(1), pnl: 0m, fees: 1m)];

        var stats = BacktestStatistics.Compute(Curve, trades, 1000m, Timeframe.OneDay);

        stats.ProfitFactor.ShouldBeNull();
        stats.WinRate.ShouldBe(0);
    }

    [Fact]
    public void Compute_EmptyCurve_FinalEquityIsInitialCapital()
    {
        var stats = BacktestStatistics.Compute([], [], 1000m, Timeframe.OneDay);

        stats.FinalEquity.ShouldBe(1000m);
        stats.TotalReturn.ShouldBe(0);
        stats.Cagr.ShouldBeNull();
        stats.Sharpe.ShouldBeNull();
        stats.MaxDrawdown.ShouldBe(0);
        stats.ExposureTime.ShouldBe(0);
        stats.StartTime.ShouldBeNull();
        stats.ReturnCount.ShouldBe(0);
    }

    [Fact]
    public void Compute_EquityWipedOut_DrawdownIsOneAndCagrMinusOne()
    {
        EquityPoint[] curve = [Point(0, 1000m, 0m), Point(1, 400m, 0m), Point(2, -50m, 0m), Point(3, 10m, 0m)];

        var stats = BacktestStatistics.Compute(curve, [], 1000m, Timeframe.OneDay);

        stats.MaxDrawdown.ShouldBe(1);
        stats.Cagr!.Value.ShouldBe(Math.Pow(0.01, 365.25 / 3) - 1, 1e-12);
        stats.ReturnCount.ShouldBe(2);
    }

    [Fact]
    public void Compute_BadArguments_Throw()
    {
        Should.Throw<ArgumentNullException>(() => BacktestStatistics.Compute(null!, [], 1000m, Timeframe.OneDay));
        Should.Throw<ArgumentNullException>(() => BacktestStatistics.Compute([], null!, 1000m, Timeframe.OneDay));
        Should.Throw<ArgumentOutOfRangeException>(() => BacktestStatistics.Compute([], [], 0m, Timeframe.OneDay));
        Should.Throw<ArgumentException>(() => BacktestStatistics.Compute([], [], 1000m, default));
        Should.Throw<ArgumentException>(() => BacktestStatistics.Compute([Point(1, 1000m, 0m), Point(0, 1000m, 0m)], [], 1000m, Timeframe.OneDay));
        Should.Throw<ArgumentException>(() => BacktestStatistics.Compute([], [Trade("x", Btc, Trend, T0, TimeSpan.FromHours(-1), 1m, 0m)], 1000m, Timeframe.OneDay));
        Should.Throw<ArgumentException>(() => BacktestStatistics.Compute([], [Trade("x", default, Trend, T0, TimeSpan.Zero, 1m, 0m)], 1000m, Timeframe.OneDay));
        Should.Throw<ArgumentNullException>(() => BacktestStatistics.Compute([], [null!], 1000m, Timeframe.OneDay));
    }

    [Fact]
    public void HoldingTime_Trade_IsExitMinusEntry()
    {
        Trade("x", Btc, Trend, T0, TimeSpan.FromMinutes(90), 1m, 0m).HoldingTime.ShouldBe(TimeSpan.FromMinutes(90));
    }

    internal static EquityPoint Point(double day, decimal equity, decimal exposure) =>
        new(T0.AddDays(day), equity, equity - exposure, exposure, 0);

    internal static TradeRecord Trade(string id, TradingPair pair, StrategyId sleeve, DateTimeOffset entry, TimeSpan held, decimal pnl, decimal fees) =>
        new(new PositionId(id), pair, sleeve, PositionSide.Long, entry, 100m, entry + held, 101m, 1m, fees, pnl, ExitReason.Signal);
}
