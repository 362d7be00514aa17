using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Backtesting;

/// <summary>Performance statistics of a backtest, computed from its equity curve and closed trades.</summary>
/// <remarks>
/// <para>
/// Immutable and thread-safe. Ratios are <see cref="double"/>, money is <see cref="decimal"/>. Every formula is in
/// <c>docs/backtesting-statistics.md</c>. A ratio is <see langword="null"/> when it is undefined (too few points, zero
/// volatility, no trades, no drawdown), never NaN; <see cref="ProfitFactor"/> is <see cref="double.PositiveInfinity"/>
/// when there are profits and no losses.
/// </para>
/// <para>
/// <see cref="ByPair"/> and <see cref="BySleeve"/> each sum exactly to <see cref="TradeCount"/>, <see cref="TradePnl"/>
/// and <see cref="TotalFees"/> (decimal addition is exact while amounts stay within 28 significant digits, which money
/// always does).
/// </para>
/// </remarks>
public sealed record BacktestStatistics
{
    private const double DaysPerYear = 365.25;

    private BacktestStatistics()
    {
    }

    /// <summary>Gets the time of the first equity point, or <see langword="null"/> for an empty curve.</summary>
    public required DateTimeOffset? StartTime { get; init; }

    /// <summary>Gets the time of the last equity point, or <see langword="null"/> for an empty curve.</summary>
    public required DateTimeOffset? EndTime { get; init; }

    /// <summary>Gets the starting capital.</summary>
    public required decimal InitialCapital { get; init; }

    /// <summary>Gets the equity of the last point (the initial capital for an empty curve).</summary>
    public required decimal FinalEquity { get; init; }

    /// <summary>Gets <see cref="FinalEquity"/> minus <see cref="InitialCapital"/>.</summary>
    public required decimal NetProfit { get; init; }

    /// <summary>Gets <see cref="NetProfit"/> ÷ <see cref="InitialCapital"/> (0.25 is +25 %).</summary>
    public required double TotalReturn { get; init; }

    /// <summary>Gets the compound annual growth rate over the curve's calendar time (365.25-day years); <see langword="null"/> when the curve spans no time.</summary>
    public required double? Cagr { get; init; }

    /// <summary>Gets the number of bars per year the ratios are annualised with: 365.25 days ÷ the bar period.</summary>
    public required double BarsPerYear { get; init; }

    /// <summary>Gets the number of per-bar returns (consecutive pairs of equity points whose first equity is positive).</summary>
    public required int ReturnCount { get; init; }

    /// <summary>Gets the annualised Sharpe ratio of per-bar returns (risk-free rate 0); <see langword="null"/> with fewer than 2 returns or zero volatility.</summary>
    public required double? Sharpe { get; init; }

    /// <summary>Gets the annualised Sortino ratio (downside deviation over all periods, target 0); <see langword="null"/> with fewer than 2 returns or no negative return.</summary>
    public required double? Sortino { get; init; }

    /// <summary>Gets the largest fall from a running equity peak (seeded with the initial capital), as a fraction in [0, 1].</summary>
    public required double MaxDrawdown { get; init; }

    /// <summary>Gets the longest time from an equity peak to the first point back at or above it (or to the last point if it never recovered).</summary>
    public required TimeSpan MaxDrawdownDuration { get; init; }

    /// <summary>Gets <see cref="Cagr"/> ÷ <see cref="MaxDrawdown"/>; <see langword="null"/> when either is undefined or the drawdown is 0.</summary>
    public required double? Calmar { get; init; }

    /// <summary>Gets the share of equity points with a gross exposure above 0, in [0, 1] (0 for an empty curve).</summary>
    public required double ExposureTime { get; init; }

    /// <summary>Gets the number of closed trades.</summary>
    public required int TradeCount { get; init; }

    /// <summary>Gets the number of trades with positive net P&amp;L.</summary>
    public required int WinningTrades { get; init; }

    /// <summary>Gets the number of trades with negative net P&amp;L (break-even trades are neither).</summary>
    public required int LosingTrades { get; init; }

    /// <summary>Gets <see cref="WinningTrades"/> ÷ <see cref="TradeCount"/>; <see langword="null"/> with no trades.</summary>
    public required double? WinRate { get; init; }

    /// <summary>Gets the sum of the trades' net P&amp;L.</summary>
    public required decimal TradePnl { get; init; }

    /// <summary>Gets the sum of the trades' fees.</summary>
    public required decimal TotalFees { get; init; }

    /// <summary>Gets the sum of the winning trades' net P&amp;L.</summary>
    public required decimal GrossProfit { get; init; }

    /// <summary>Gets the sum of the losing trades' net losses, as a positive amount.</summary>
    public required decimal GrossLoss { get; init; }

    /// <summary>
    /// Gets <see cref="GrossProfit"/> ÷ <see cref="GrossLoss"/>: <see cref="double.PositiveInfinity"/> when there are profits and no
    /// losses, <see langword="null"/> when both are 0 (no trades, or only break-even ones).
    /// </summary>
    public required double? ProfitFactor { get; init; }

    /// <summary>Gets the mean net P&amp;L per trade; <see langword="null"/> with no trades.</summary>
    public required decimal? Expectancy { get; init; }

    /// <summary>Gets the mean time from entry to exit; <see langword="null"/> with no trades.</summary>
    public required TimeSpan? AverageHoldingTime { get; init; }

    /// <summary>Gets the trades and net P&amp;L by pair, in canonical pair order (ordinal).</summary>
    public required IReadOnlyList<TradeAttribution<TradingPair>> ByPair { get; init; }

    /// <summary>Gets the trades and net P&amp;L by sleeve, in id order (ordinal).</summary>
    public required IReadOnlyList<TradeAttribution<StrategyId>> BySleeve { get; init; }

    /// <summary>Computes the statistics of a backtest.</summary>
    /// <param name="curve">The equity curve, one point per bar, in time order (the first point is the start, usually at the initial capital).</param>
    /// <param name="trades">The closed trades, in any order.</param>
    /// <param name="initialCapital">The starting capital (positive).</param>
    /// <param name="barPeriod">The time between equity points; sets the annualisation of Sharpe and Sortino.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="curve"/>, <paramref name="trades"/> or one of the trades is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialCapital"/> is not positive.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="barPeriod"/> is default, the curve goes back in time, or a trade has a default pair or sleeve or exits before it enters.
    /// </exception>
    public static BacktestStatistics Compute(IReadOnlyList<EquityPoint> curve, IReadOnlyList<TradeRecord> trades, decimal initialCapital, Timeframe barPeriod)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(trades);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapital);
        if (barPeriod == default)
        {
            throw new ArgumentException("A bar period is required.", nameof(barPeriod));
        }

        for (int i = 1; i < curve.Count; i++)
        {
            if (curve[i].Time < curve[i - 1].Time)
            {
                throw new ArgumentException($"The equity curve goes back in time at point {i}: {curve[i].Time:O} is before {curve[i - 1].Time:O}.", nameof(curve));
            }
        }

        decimal finalEquity = curve.Count == 0 ? initialCapital : curve[^1].Equity;
        double barsPerYear = DaysPerYear * TimeSpan.TicksPerDay / barPeriod.Duration.Ticks;
        var (returnCount, sharpe, sortino) = ReturnRatios(curve, barsPerYear);
        var (maxDrawdown, maxDrawdownDuration) = Drawdown(curve, initialCapital);
        double? cagr = CompoundAnnualGrowth(curve, initialCapital, finalEquity);
        var trading = TradeTotals.From(trades);

        return new BacktestStatistics
        {
            StartTime = curve.Count == 0 ? null : curve[0].Time,
            EndTime = curve.Count == 0 ? null : curve[^1].Time,
            InitialCapital = initialCapital,
            FinalEquity = finalEquity,
            NetProfit = finalEquity - initialCapital,
            TotalReturn = (double)((finalEquity - initialCapital) / initialCapital),
            Cagr = cagr,
            BarsPerYear = barsPerYear,
            ReturnCount = returnCount,
            Sharpe = sharpe,
            Sortino = sortino,
            MaxDrawdown = maxDrawdown,
            MaxDrawdownDuration = maxDrawdownDuration,
            Calmar = cagr is { } c && maxDrawdown > 0 ? c / maxDrawdown : null,
            ExposureTime = curve.Count == 0 ? 0 : (double)CountExposed(curve) / curve.Count,
            TradeCount = trades.Count,
            WinningTrades = trading.Wins,
            LosingTrades = trading.Losses,
            WinRate = trades.Count == 0 ? null : (double)trading.Wins / trades.Count,
            TradePnl = trading.Pnl,
            TotalFees = trading.Fees,
            GrossProfit = trading.GrossProfit,
            GrossLoss = trading.GrossLoss,
            ProfitFactor = ProfitFactorOf(trading.GrossProfit, trading.GrossLoss),
            Expectancy = trades.Count == 0 ? null : trading.Pnl / trades.Count,
            AverageHoldingTime = trades.Count == 0 ? null : TimeSpan.FromTicks((long)(trading.HoldingTicks / trades.Count)),
            ByPair = trading.ByPair,
            BySleeve = trading.BySleeve,
        };
    }

    private static (int Count, double? Sharpe, double? Sortino) ReturnRatios(IReadOnlyList<EquityPoint> curve, double barsPerYear)
    {
        // Each return is one decimal division: computed once, then read by both passes (the same values, in the same order).
        int count = 0;
        double sum = 0;
        var returns = new double[Math.Max(0, curve.Count - 1)];
        for (int i = 1; i < curve.Count; i++)
        {
            if (curve[i - 1].Equity > 0)
            {
                double r = PeriodReturn(curve[i - 1].Equity, curve[i].Equity);
                returns[count++] = r;
                sum += r;
            }
        }

        if (count < 2)
        {
            return (count, null, null);
        }

        double mean = sum / count;
        double squares = 0;
        double downsideSquares = 0;
        foreach (double r in returns.AsSpan(0, count))
        {
            squares += (r - mean) * (r - mean);
            double downside = Math.Min(r, 0);
            downsideSquares += downside * downside;
        }

        double annualise = Math.Sqrt(barsPerYear);
        double deviation = Math.Sqrt(squares / (count - 1));

        // A constant return leaves only rounding noise in the deviation: treat it as zero volatility.
        double? sharpe = deviation > 1e-12 * Math.Abs(mean) && deviation > 0 ? mean / deviation * annualise : null;
        double downsideDeviation = Math.Sqrt(downsideSquares / count);
        double? sortino = downsideDeviation > 0 ? mean / downsideDeviation * annualise : null;
        return (count, sharpe, sortino);
    }

    private static double PeriodReturn(decimal previous, decimal current) => (double)((current - previous) / previous);

    private static (double MaxDrawdown, TimeSpan Duration) Drawdown(IReadOnlyList<EquityPoint> curve, decimal initialCapital)
    {
        if (curve.Count == 0)
        {
            return (0, TimeSpan.Zero);
        }

        decimal peak = initialCapital;
        var peakTime = curve[0].Time;
        bool underwater = false;
        double maxDrawdown = 0;
        var longest = TimeSpan.Zero;
        foreach (var point in curve)
        {
            if (point.Equity >= peak)
            {
                if (underwater && point.Time - peakTime > longest)
                {
                    longest = point.Time - peakTime;
                }

                underwater = false;
                peak = point.Equity;
                peakTime = point.Time;
            }
            else
            {
                underwater = true;
                double drawdown = Math.Min(1, (double)((peak - point.Equity) / peak));
                maxDrawdown = Math.Max(maxDrawdown, drawdown);
            }
        }

        if (underwater && curve[^1].Time - peakTime > longest)
        {
            longest = curve[^1].Time - peakTime;
        }

        return (maxDrawdown, longest);
    }

    private static double? CompoundAnnualGrowth(IReadOnlyList<EquityPoint> curve, decimal initialCapital, decimal finalEquity)
    {
        if (curve.Count < 2 || curve[^1].Time <= curve[0].Time)
        {
            return null;
        }

        double years = (curve[^1].Time - curve[0].Time).Ticks / (DaysPerYear * TimeSpan.TicksPerDay);
        return finalEquity <= 0 ? -1 : Math.Pow((double)(finalEquity / initialCapital), 1 / years) - 1;
    }

    private static int CountExposed(IReadOnlyList<EquityPoint> curve)
    {
        int exposed = 0;
        foreach (var point in curve)
        {
            if (point.GrossExposure > 0)
            {
                exposed++;
            }
        }

        return exposed;
    }

    private static double? ProfitFactorOf(decimal grossProfit, decimal grossLoss)
    {
        if (grossLoss > 0)
        {
            return (double)(grossProfit / grossLoss);
        }

        return grossProfit > 0 ? double.PositiveInfinity : null;
    }

    private sealed class Tally
    {
        public int Trades { get; set; }

        public int Wins { get; set; }

        public int Losses { get; set; }

        public decimal Pnl { get; set; }

        public decimal Fees { get; set; }

        public void Add(TradeRecord trade)
        {
            Trades++;
            Wins += trade.Pnl > 0 ? 1 : 0;
            Losses += trade.Pnl < 0 ? 1 : 0;
            Pnl += trade.Pnl;
            Fees += trade.Fees;
        }
    }

    private sealed record TradeTotals(
        int Wins,
        int Losses,
        decimal Pnl,
        decimal Fees,
        decimal GrossProfit,
        decimal GrossLoss,
        Int128 HoldingTicks,
        IReadOnlyList<TradeAttribution<TradingPair>> ByPair,
        IReadOnlyList<TradeAttribution<StrategyId>> BySleeve)
    {
        public static TradeTotals From(IReadOnlyList<TradeRecord> trades)
        {
            var total = new Tally();
            decimal grossProfit = 0;
            decimal grossLoss = 0;
            Int128 holdingTicks = 0;
            var byPair = new Dictionary<TradingPair, Tally>();
            var bySleeve = new Dictionary<StrategyId, Tally>();
            for (int i = 0; i < trades.Count; i++)
            {
                var trade = trades[i] ?? throw new ArgumentNullException(nameof(trades), $"Trade {i} is null.");
                if (trade.Pair.IsDefault || trade.Sleeve.IsDefault)
                {
                    throw new ArgumentException($"Trade {i} ({trade.PositionId}) needs a pair and a sleeve.", nameof(trades));
                }

                if (trade.ExitTime < trade.EntryTime)
                {
                    throw new ArgumentException($"Trade {i} ({trade.PositionId}) exits at {trade.ExitTime:O}, before it enters at {trade.EntryTime:O}.", nameof(trades));
                }

                total.Add(trade);
                grossProfit += trade.Pnl > 0 ? trade.Pnl : 0;
                grossLoss += trade.Pnl < 0 ? -trade.Pnl : 0;
                holdingTicks += trade.HoldingTime.Ticks;
                Get(byPair, trade.Pair).Add(trade);
                Get(bySleeve, trade.Sleeve).Add(trade);
            }

            return new TradeTotals(
                total.Wins,
                total.Losses,
                total.Pnl,
                total.Fees,
                grossProfit,
                grossLoss,
                holdingTicks,
                byPair.OrderBy(p => p.Key.Base, StringComparer.Ordinal).ThenBy(p => p.Key.Quote, StringComparer.Ordinal).Select(p => Attribution(p.Key, p.Value)).ToList().AsReadOnly(),
                bySleeve.OrderBy(p => p.Key.Value, StringComparer.Ordinal).Select(p => Attribution(p.Key, p.Value)).ToList().AsReadOnly());
        }

        private static Tally Get<TKey>(Dictionary<TKey, Tally> tallies, TKey key)
            where TKey : notnull
        {
            if (!tallies.TryGetValue(key, out var tally))
            {
                tally = new Tally();
                tallies.Add(key, tally);
            }

            return tally;
        }

        private static TradeAttribution<TKey> Attribution<TKey>(TKey key, Tally tally) =>
            new(key, tally.Trades, tally.Wins, tally.Losses, tally.Pnl, tally.Fees);
    }
}
