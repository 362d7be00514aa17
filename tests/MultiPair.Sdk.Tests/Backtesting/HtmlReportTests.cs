using System.Globalization;
using System.Text.RegularExpressions;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Tests.Backtesting;

public sealed class HtmlReportTests
{
    private static readonly string[] ChartIds = ["equity-chart", "drawdown-chart", "exposure-chart", "pair-chart", "sleeve-chart"];
    internal static readonly Lazy<BacktestResult> RealResult = new(() => BacktestRunner.Run(Options(), Bars()));

    private static BacktestOptions Options() => RealBacktest.Options(3m);

    private static IEnumerable<Bar> Bars() => RealBacktest.Bars();

    internal static HtmlReportOptions ReportOptions => new()
    {
        Title = "EMA cross 8/21 on BTC, ETH, SOL",
        Description = ["Binance spot, 1h bars, 10 bps taker fee", "Fixed fraction 30%, at most 3 positions, 3% trailing stop"],
    };

    /// <summary>A synthetic result: an hourly curve over <paramref name="hours"/> hours and <paramref name="tradeCount"/> trades.</summary>
    internal static BacktestResult Synthetic(int hours, int tradeCount, Func<int, decimal>? equity = null, string pairBase = "BTC")
    {
        var start = new DateTimeOffset(2021, 3, 1, 0, 0, 0, TimeSpan.Zero);
        equity ??= i => 10_000m + (decimal)(Math.Sin(i / 500.0) * 800 + i * 0.05);
        decimal peak = 10_000m;
        var curve = new List<EquityPoint>(hours);
        for (int i = 0; i < hours; i++)
        {
            decimal value = equity(i);
            peak = Math.Max(peak, value);
            curve.Add(new EquityPoint(start.AddHours(i), value, value, i % 7 < 4 ? value * 0.6m : 0m, (double)((peak - value) / peak)));
        }

        var pair = new TradingPair(pairBase, "USDT");
        var trades = Enumerable.Range(0, tradeCount)
            .Select(i => new TradeRecord(new PositionId("p" + i.ToString(CultureInfo.InvariantCulture)), pair, new StrategyId("trend"), PositionSide.Long,
                start.AddHours(i), 100m, start.AddHours(i + 1), 101m, 1m, 0.2m, i % 3 == 0 ? -1.5m : 0.8m, ExitReason.Signal))
            .ToList();
        var statistics = BacktestStatistics.Compute(curve, trades, 10_000m, Timeframe.OneHour);
        return new BacktestResult(trades, curve, statistics, BacktestRunner.Run(Options(), []).FinalMetrics, hours, Completed: true);
    }

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(30);

    private static int Count(string html, string fragment)
    {
        int count = 0;
        for (int i = html.IndexOf(fragment, StringComparison.Ordinal); i >= 0; i = html.IndexOf(fragment, i + fragment.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static Match Match(string input, string pattern, RegexOptions options = RegexOptions.None) => Regex.Match(input, pattern, options, RegexTimeout);

    private static MatchCollection Matches(string input, string pattern) => Regex.Matches(input, pattern, RegexOptions.None, RegexTimeout);

    private static string Svg(string html, string id)
    {
        var match = Match(html, "<svg id=\"" + id + "\".*?</svg>", RegexOptions.Singleline);
        match.Success.ShouldBeTrue(id);
        return match.Value;
    }

    [Fact]
    public void Render_RealBacktest_HasOneSvgPerChartAndAllSections()
    {
        var html = HtmlReport.Render(RealResult.Value, ReportOptions);

        html.ShouldStartWith("<!DOCTYPE html>");
        html.TrimEnd().ShouldEndWith("</html>");
        Count(html, "<svg").ShouldBe(ChartIds.Length);
        Count(html, "</svg>").ShouldBe(ChartIds.Length);
        foreach (var id in ChartIds)
        {
            Count(html, "id=\"" + id + "\"").ShouldBe(1);
            Svg(html, id).ShouldContain("viewBox=\"0 0 ");
        }

        Count(html, "<div class=\"card\">").ShouldBe(14);
        html.ShouldContain("EMA cross 8/21 on BTC, ETH, SOL");
        html.ShouldContain("<li>Fixed fraction 30%, at most 3 positions, 3% trailing stop</li>");
        html.ShouldContain("2020-12-01 01:00 &#x2192; 2020-12-13 12:00 UTC");
        foreach (var pair in RealBacktest.Pairs.Where(p => RealResult.Value.Trades.Any(t => t.Pair == p)))
        {
            Svg(html, "pair-chart").ShouldContain(">" + pair + "</text>");
        }
    }

    [Fact]
    public void Render_RealBacktest_ListsEveryTradeInOrder()
    {
        var result = RealResult.Value;
        var html = HtmlReport.Render(result);

        result.Trades.Count.ShouldBeGreaterThan(5);
        Count(html, "<tr class=\"trade\">").ShouldBe(result.Trades.Count);
        var rows = Matches(html, "<tr class=\"trade\"><td class=\"id\">(\\d+)</td><td class=\"text\">([^<]*)</td>");
        for (int i = 0; i < result.Trades.Count; i++)
        {
            rows[i].Groups[1].Value.ShouldBe((i + 1).ToString(CultureInfo.InvariantCulture));
            rows[i].Groups[2].Value.ShouldBe(result.Trades[i].Pair.ToString());
        }

        html.ShouldNotContain("trades not shown");
    }

    [Fact]
    public void Render_RealBacktest_MonthlyTableHasTwelveMonthCellsPerYearAndDecember()
    {
        var result = RealResult.Value;
        var html = HtmlReport.Render(result);

        var table = Match(html, "<table class=\"monthly\">.*?</table>", RegexOptions.Singleline).Value;
        Count(table, "<th>").ShouldBe(13); // Jan..Dec and the year total
        Count(table, "<tr><td class=\"year\">").ShouldBe(1); // 2020 only
        Count(table, "<td class=\"month").ShouldBe(12);
        Count(table, "<td class=\"month none\">").ShouldBe(11); // only December has points

        // December is measured against the initial capital, and equals the year (the only month).
        var expected = ((double)((result.Statistics.FinalEquity - 10_000m) / 10_000m) * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
        Matches(table, "<td class=\"(month|total) (up|down)\"[^>]*>([^<]*)</td>").Select(m => m.Groups[3].Value.TrimStart('+'))
            .ShouldBe([expected, expected]);
    }

    [Fact]
    public void MonthlyReturns_SeveralMonths_ChainMonthEndsFromTheInitialCapital()
    {
        var start = new DateTimeOffset(2021, 11, 15, 0, 0, 0, TimeSpan.Zero);
        EquityPoint Point(DateTimeOffset time, decimal equity) => new(time, equity, equity, 0m, 0);
        var curve = new[]
        {
            Point(start, 1_000m),
            Point(start.AddDays(10), 1_100m), // Nov end: +10% on 1,000
            Point(start.AddDays(20), 900m),
            Point(start.AddDays(30), 1_210m), // Dec end: +10% on 1,100
            Point(start.AddDays(80), 605m), // Feb 2022 end (no January): -50% on 1,210
        };

        var years = MonthlyReturns.Compute(curve, 1_000m);

        years.Select(y => y.Year).ShouldBe([2021, 2022]);
        years[0].Months[10]!.Value.ShouldBe(0.1, 1e-12);
        years[0].Months[11]!.Value.ShouldBe(0.1, 1e-12);
        years[0].Total!.Value.ShouldBe(0.21, 1e-12);
        years[1].Months[0].ShouldBeNull();
        years[1].Months[1]!.Value.ShouldBe(-0.5, 1e-12);
        years[1].Total!.Value.ShouldBe(-0.5, 1e-12);
    }

    [Fact]
    public void Render_Anything_HasNoNetworkReferenceOrScript()
    {
        foreach (var html in new[] { HtmlReport.Render(RealResult.Value, ReportOptions), HtmlReport.Render(Synthetic(3000, 2500)) })
        {
            html.ShouldNotContain("http://", Case.Insensitive);
            html.ShouldNotContain("https://", Case.Insensitive);
            html.ShouldNotContain("<script", Case.Insensitive);
            html.ShouldNotContain("url(", Case.Insensitive);
            html.ShouldNotContain("@import", Case.Insensitive);
            Regex.IsMatch(html, @"\son[a-z]+\s*=", RegexOptions.IgnoreCase, RegexTimeout).ShouldBeFalse("no event-handler attributes");
            html.ShouldAllBe(c => c < 128, "pure ASCII");
        }
    }

    [Fact]
    public void Render_UnderGermanCulture_WritesInvariantNumbers()
    {
        var previous = CultureInfo.CurrentCulture;
        var previousUi = CultureInfo.CurrentUICulture;
        string invariant;
        string german;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            invariant = HtmlReport.Render(RealResult.Value, ReportOptions);
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            CultureInfo.CurrentUICulture = new CultureInfo("de-DE");
            german = HtmlReport.Render(RealResult.Value, ReportOptions);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }

        german.ShouldBe(invariant);
        Regex.IsMatch(german, @"\d,\d", RegexOptions.None, RegexTimeout).ShouldBeFalse("no number has a decimal comma (thousands use a narrow no-break space)");
        german.ShouldContain(">10&#x202F;000.00<"); // initial equity
        var path = Match(Svg(german, "equity-chart"), "<path class=\"line\"[^>]* d=\"([^\"]+)\"").Groups[1].Value;
        path.ShouldMatch(@"^M\d+(\.\d)? \d+(\.\d)?( L\d+(\.\d)? \d+(\.\d)?)*$");
    }

    [Fact]
    public void Render_SpecialCharactersInTexts_AreEncoded()
    {
        var options = new HtmlReportOptions
        {
            Title = "<script>alert('x')</script> & \"Co\" \u2014 \u20AC",
            Description = ["a < b > c & d", "\u0001 control"],
        };

        var html = HtmlReport.Render(RealResult.Value, options);

        html.ShouldNotContain("<script");
        html.ShouldNotContain("alert('x')");
        Count(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot; &#x2014; &#x20AC;").ShouldBe(2); // <title> and <h1>
        html.ShouldContain("<li>a &lt; b &gt; c &amp; d</li>");
        html.ShouldContain("<li>&#xFFFD; control</li>");
    }

    [Fact]
    public void Render_EmptyResult_RendersPlaceholders()
    {
        var empty = BacktestRunner.Run(Options(), []);

        var html = HtmlReport.Render(empty);

        empty.EquityCurve.ShouldBeEmpty();
        html.ShouldContain("<title>Backtest report</title>");
        Count(html, "<svg").ShouldBe(ChartIds.Length);
        Count(html, ">No equity points</text>").ShouldBe(3);
        Count(html, ">No trades</text>").ShouldBe(2);
        Count(html, "<tr class=\"trade\">").ShouldBe(0);
        html.ShouldContain("n/a");
    }

    [Fact]
    public void Render_FlatCurveWithoutTrades_RendersWithoutExceptions()
    {
        var flat = Synthetic(48, 0, _ => 10_000m);

        var html = HtmlReport.Render(flat);

        Count(html, "<svg").ShouldBe(ChartIds.Length);
        Svg(html, "equity-chart").ShouldContain("<path class=\"line\"");
        html.ShouldNotContain(">+0.00%</td>");
        html.ShouldContain(">0.00%</td>");
        Count(html, "<tr class=\"trade\">").ShouldBe(0);
    }

    [Fact]
    public void Render_SinglePoint_DrawsADot()
    {
        var html = HtmlReport.Render(Synthetic(1, 1));

        Svg(html, "equity-chart").ShouldContain("<circle class=\"dot\"");
        Count(html, "<tr class=\"trade\">").ShouldBe(1);
    }

    [Fact]
    public void Render_LongCurve_DownsamplesEachSeriesToAtMost2000Points()
    {
        var html = HtmlReport.Render(Synthetic(3 * 8766, 0));

        foreach (var id in ChartIds.Take(3))
        {
            var points = int.Parse(Match(Svg(html, id), "data-points=\"(\\d+)\"").Groups[1].Value, CultureInfo.InvariantCulture);
            points.ShouldBeInRange(1000, SvgCharts.MaxSeriesPoints);
            var path = Match(Svg(html, id), "<path class=\"line\"[^>]* d=\"([^\"]+)\"").Groups[1].Value;
            (path.Split(' ').Length / 2).ShouldBe(points);
        }

        Svg(html, "equity-chart").ShouldContain(">Jan</text>"); // month ticks over three years
        Svg(html, "equity-chart").ShouldContain(">2022</text>");
    }

    [Fact]
    public void Downsampler_LongSeries_BoundsPointsAndKeepsGlobalExtremesAndEnds()
    {
        var random = new Random(42);
        var values = Enumerable.Range(0, 100_003).Select(_ => random.NextDouble()).ToArray();
        values[54_321] = 50; // spike up
        values[7_777] = -50; // spike down

        var indices = SeriesDownsampler.Select(values, 2000);

        indices.Count.ShouldBeLessThanOrEqualTo(2000);
        indices.Count.ShouldBeGreaterThan(1900);
        indices.ShouldContain(54_321);
        indices.ShouldContain(7_777);
        indices[0].ShouldBe(0);
        indices[^1].ShouldBe(values.Length - 1);
        indices.ShouldBe(indices.Order().Distinct().ToList(), "strictly increasing");
    }

    [Fact]
    public void Downsampler_ShortSeries_KeepsEveryPoint()
    {
        SeriesDownsampler.Select([3.0, 1.0, 2.0], 2000).ShouldBe([0, 1, 2]);
    }

    [Fact]
    public void Render_LongCurveWithSpike_KeepsTheSpikeInTheEquityLine()
    {
        var result = Synthetic(20_000, 0, i => i == 12_345 ? 50_000m : 10_000m + (i % 10));
        var html = HtmlReport.Render(result);

        var path = Match(Svg(html, "equity-chart"), "<path class=\"line\"[^>]* d=\"([^\"]+)\"").Groups[1].Value;
        var ys = path.Replace("M", string.Empty, StringComparison.Ordinal).Replace("L", string.Empty, StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        ys.Count.ShouldBeLessThanOrEqualTo(SvgCharts.MaxSeriesPoints);
        ys.Count(y => y < ys.Max() - 100).ShouldBe(1); // exactly one point far above the rest: the spike
    }

    [Fact]
    public void Render_MoreThan2000Trades_ShowsFirstAndLast1000WithANote()
    {
        var result = Synthetic(3000, 2500);

        var html = HtmlReport.Render(result);

        Count(html, "<tr class=\"trade\">").ShouldBe(2000);
        html.ShouldContain("Showing the first and last 1&#x202F;000 of 2&#x202F;500 trades.");
        html.ShouldContain("500 trades not shown");
        html.ShouldContain("<td class=\"id\">1&#x202F;000</td>");
        html.ShouldNotContain("<td class=\"id\">1&#x202F;001</td>");
        html.ShouldContain("<td class=\"id\">1&#x202F;501</td>");
        html.ShouldContain("<td class=\"id\">2&#x202F;500</td>");
    }

    [Fact]
    public void Write_ToWriter_MatchesRender()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        HtmlReport.Write(RealResult.Value, writer, ReportOptions);

        writer.ToString().ShouldBe(HtmlReport.Render(RealResult.Value, ReportOptions));
        Should.Throw<ArgumentNullException>(() => HtmlReport.Write(null!, writer));
        Should.Throw<ArgumentNullException>(() => HtmlReport.Write(RealResult.Value, null!));
    }

    [Fact]
    public void AxisScale_Nice_RoundsBoundsAndSteps()
    {
        var scale = AxisScale.Nice(9_812.3, 10_421.7, 8);

        scale.Step.ShouldBe(100);
        scale.Min.ShouldBe(9_800);
        scale.Max.ShouldBe(10_500);
        AxisScale.Nice(10_000, 10_000).Ticks.Count.ShouldBeGreaterThan(1);
        AxisScale.Nice(-12.4, 0, 5).ShouldBe(new AxisScale(-15, 0, 5));
    }
}
