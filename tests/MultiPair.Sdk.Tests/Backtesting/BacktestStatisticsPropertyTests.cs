using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Tests.Backtesting;

public sealed class BacktestStatisticsPropertyTests
{
    private static readonly DateTimeOffset T0 = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TradingPair[] Pairs = [new("BTC", "USDT"), new("ETH", "USDT"), new("BTCB", "USDT"), new("SOL", "BTC"), new("ADA", "USDT")];
    private static readonly StrategyId[] Sleeves = [new("trend"), new("meanrev"), new("Trend"), new("breakout")];

    /// <summary>Money with 0–8 decimal places between -1e9 and 1e9.</summary>
    private static readonly Gen<decimal> Money =
        from units in Gen.Choose(-1_000_000_000, 1_000_000_000)
        from fraction in Gen.Choose(0, 99_999_999)
        from scale in Gen.Choose(0, 8)
        select units + Math.Round(fraction / 100_000_000m, scale);

    private static readonly Gen<TradeRecord> TradeGen =
        from pair in Gen.Elements(Pairs)
        from sleeve in Gen.Elements(Sleeves)
        from entryHour in Gen.Choose(0, 10_000)
        from heldMinutes in Gen.Choose(0, 100_000)
        from pnl in Money
        from fees in Money.Select(Math.Abs)
        select new TradeRecord(
            new PositionId("p" + entryHour), pair, sleeve, PositionSide.Long, T0.AddHours(entryHour), 1m,
            T0.AddHours(entryHour).AddMinutes(heldMinutes), 1m, 1m, fees, pnl, null);

    /// <summary>Equity in cents, mostly positive, sometimes zero or negative (a wiped-out leveraged account).</summary>
    private static readonly Gen<EquityPoint[]> CurveGen =
        Gen.ListOf(Gen.Frequency((9, Gen.Choose(1, 10_000_000)), (1, Gen.Choose(-100_000, 0))))
            .Select(cents => cents.Select((c, i) => new EquityPoint(T0.AddHours(i), c / 100m, c / 100m, c % 3 == 0 ? 0m : 1m, 0)).ToArray());

    [Fact]
    public void Compute_AnyTradesAndCurve_AttributionSumsExactlyAndDrawdownInUnitInterval()
    {
        var gen =
            from trades in Gen.ListOf(TradeGen)
            from curve in CurveGen
            from capital in Gen.Choose(1, 10_000_000)
            select (Trades: trades.ToArray(), Curve: curve, Capital: capital / 100m);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(gen), (Action<(TradeRecord[] Trades, EquityPoint[] Curve, decimal Capital)>)(x =>
        {
            var stats = BacktestStatistics.Compute(x.Curve, x.Trades, x.Capital, Timeframe.OneHour);

            decimal total = x.Trades.Sum(t => t.Pnl);
            stats.TradePnl.ShouldBe(total);
            stats.ByPair.Sum(a => a.Pnl).ShouldBe(total);
            stats.BySleeve.Sum(a => a.Pnl).ShouldBe(total);
            stats.ByPair.Sum(a => a.Fees).ShouldBe(stats.TotalFees);
            stats.BySleeve.Sum(a => a.Fees).ShouldBe(stats.TotalFees);
            stats.ByPair.Sum(a => a.TradeCount).ShouldBe(stats.TradeCount);
            stats.BySleeve.Sum(a => a.TradeCount).ShouldBe(stats.TradeCount);
            stats.ByPair.Sum(a => a.WinningTrades).ShouldBe(stats.WinningTrades);
            stats.BySleeve.Sum(a => a.LosingTrades).ShouldBe(stats.LosingTrades);
            (stats.GrossProfit - stats.GrossLoss).ShouldBe(total);
            stats.MaxDrawdown.ShouldBeInRange(0.0, 1.0);
            stats.ExposureTime.ShouldBeInRange(0.0, 1.0);
            stats.ByPair.Select(a => a.Key.ToString()).ShouldBe(stats.ByPair.Select(a => a.Key.ToString()).Order(StringComparer.Ordinal));
        })));
    }

    [Fact]
    public void Compute_RandomPositiveCurves_MatchesIndependentComputation()
    {
        var gen =
            from returns in Gen.ListOf(Gen.Choose(-5_000, 5_000))
            select returns.ToArray();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(gen), (Action<int[]>)(basisPoints =>
        {
            // Equity compounds returns of -50 %..+50 % from 1000.
            var equity = new List<decimal> { 1000m };
            foreach (int bp in basisPoints)
            {
                equity.Add(Math.Round(equity[^1] * (1 + (bp / 10_000m)), 8));
            }

            var curve = equity.Select((e, i) => new EquityPoint(T0.AddHours(4 * i), e, e, 0m, 0)).ToArray();
            var stats = BacktestStatistics.Compute(curve, [], 1000m, Timeframe.FourHours);
            var expected = Independent(equity.Select(e => (double)e).ToArray(), 365.25 * 6);

            Close(stats.Sharpe, expected.Sharpe);
            Close(stats.Sortino, expected.Sortino);
            stats.MaxDrawdown.ShouldBe(expected.MaxDrawdown, 1e-9);
        })));
    }

    private static void Close(double? actual, double? expected)
    {
        if (expected is null)
        {
            actual.ShouldBeNull();
            return;
        }

        actual.ShouldNotBeNull();
        actual.Value.ShouldBe(expected.Value, 1e-6 * Math.Max(1, Math.Abs(expected.Value)));
    }

    // A plain textbook computation on doubles: sample standard deviation, downside deviation over all periods, running peak.
    private static (double? Sharpe, double? Sortino, double MaxDrawdown) Independent(double[] equity, double periodsPerYear)
    {
        var returns = new double[equity.Length - 1];
        for (int i = 1; i < equity.Length; i++)
        {
            returns[i - 1] = (equity[i] / equity[i - 1]) - 1;
        }

        double peak = equity[0];
        double maxDrawdown = 0;
        foreach (double e in equity)
        {
            peak = Math.Max(peak, e);
            maxDrawdown = Math.Max(maxDrawdown, (peak - e) / peak);
        }

        if (returns.Length < 2)
        {
            return (null, null, maxDrawdown);
        }

        double mean = returns.Average();
        double sd = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Length - 1));
        double downside = Math.Sqrt(returns.Sum(r => Math.Pow(Math.Min(r, 0), 2)) / returns.Length);
        double? sharpe = sd > 1e-12 * Math.Abs(mean) && sd > 0 ? mean / sd * Math.Sqrt(periodsPerYear) : null;
        double? sortino = downside > 0 ? mean / downside * Math.Sqrt(periodsPerYear) : null;
        return (sharpe, sortino, maxDrawdown);
    }
}
