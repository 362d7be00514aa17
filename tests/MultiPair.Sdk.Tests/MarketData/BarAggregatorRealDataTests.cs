using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Tests.MarketData;

/// <summary>Binance BTC/USDT 5m and 1h candles, 2021-04-18..26, with two maintenance gaps (see Data/NOTICE.md).</summary>
public sealed class BarAggregatorRealDataTests
{
    private static readonly List<Bar> FiveMinute = CandleFile.Load("BTC_USDT-5m.json", Timeframe.FiveMinutes);
    private static readonly List<Bar> OneHour = CandleFile.Load("BTC_USDT-1h.json", Timeframe.OneHour);
    private static readonly DateTimeOffset End = new(2021, 4, 27, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OnBar_5mTo1h_MatchesBinance1hOhlcAndVolumeExceptThreeKnownHours()
    {
        var sink = Aggregate(FiveMinute, Timeframe.OneHour);
        var hours = sink.Bars;

        hours.Count.ShouldBe(OneHour.Count);
        var volumeMismatches = new List<DateTimeOffset>();
        for (var i = 0; i < hours.Count; i++)
        {
            var mine = hours[i];
            var binance = OneHour[i];
            mine.OpenTime.ShouldBe(binance.OpenTime);
            (mine.Open, mine.High, mine.Low, mine.Close).ShouldBe((binance.Open, binance.High, binance.Low, binance.Close), $"hour {binance.OpenTime:O}");
            if (Math.Abs(mine.Volume - binance.Volume) > 1e-6 * binance.Volume)
            {
                volumeMismatches.Add(mine.OpenTime);
            }
        }

        // Binance's 1h volume differs from the sum of its 5m volumes in these three hours (exchange-side; README).
        volumeMismatches.ShouldBe(
        [
            new DateTimeOffset(2021, 4, 22, 2, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2021, 4, 23, 1, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2021, 4, 23, 2, 0, 0, TimeSpan.Zero),
        ]);
    }

    [Fact]
    public void OnBar_5mTo4hAnd1d_AgreesWith1hTo4hAnd1d()
    {
        var from5m = Aggregate(FiveMinute, Timeframe.FifteenMinutes, Timeframe.OneHour, Timeframe.FourHours, Timeframe.OneDay);
        var from1h = Aggregate(OneHour, Timeframe.FourHours, Timeframe.OneDay);

        foreach (var timeframe in new[] { Timeframe.FourHours, Timeframe.OneDay })
        {
            var a = from5m.Of(timeframe);
            var b = from1h.Of(timeframe);
            a.Count.ShouldBe(b.Count);
            var volumeMismatches = 0;
            for (var i = 0; i < a.Count; i++)
            {
                (a[i].OpenTime, a[i].Open, a[i].High, a[i].Low, a[i].Close).ShouldBe((b[i].OpenTime, b[i].Open, b[i].High, b[i].Low, b[i].Close));
                if (Math.Abs(a[i].Volume - b[i].Volume) > 1e-6 * b[i].Volume)
                {
                    volumeMismatches++;
                }
            }

            // The three hours whose 1h volume differs fall in two 4h windows and two days.
            volumeMismatches.ShouldBe(2);
        }

        from5m.Of(Timeframe.OneDay).Count.ShouldBe(9);
        from5m.Of(Timeframe.FourHours).Count.ShouldBe(9 * 6);
    }

    [Fact]
    public void OnBar_5mTo15m_EqualsGroupingThreeBars()
    {
        var quarters = Aggregate(FiveMinute, Timeframe.FifteenMinutes).Bars;
        var expected = FiveMinute.GroupBy(b => Timeframe.FifteenMinutes.BarOpenTime(b.OpenTime)).ToList();

        quarters.Count.ShouldBe(expected.Count);
        for (var i = 0; i < quarters.Count; i++)
        {
            var group = expected[i].ToList();
            quarters[i].OpenTime.ShouldBe(expected[i].Key);
            quarters[i].Open.ShouldBe(group[0].Open);
            quarters[i].High.ShouldBe(group.Max(b => b.High));
            quarters[i].Low.ShouldBe(group.Min(b => b.Low));
            quarters[i].Close.ShouldBe(group[^1].Close);
            quarters[i].Volume.ShouldBe(group.Sum(b => b.Volume), 1e-9 * quarters[i].Volume);
        }
    }

    [Fact]
    public void OnBar_AcrossMaintenanceGap_EmitsNoBarForEmptyHoursAndClosesPartialHour()
    {
        var hours = Aggregate(FiveMinute, Timeframe.OneHour).Bars.Select(b => b.OpenTime).ToHashSet();

        // 2021-04-20: 5m slots 02:00..04:25 missing. 2021-04-25: 04:05..08:40 missing.
        hours.ShouldNotContain(new DateTimeOffset(2021, 4, 20, 2, 0, 0, TimeSpan.Zero));
        hours.ShouldNotContain(new DateTimeOffset(2021, 4, 20, 3, 0, 0, TimeSpan.Zero));
        hours.ShouldContain(new DateTimeOffset(2021, 4, 20, 4, 0, 0, TimeSpan.Zero));
        for (var hour = 5; hour <= 7; hour++)
        {
            hours.ShouldNotContain(new DateTimeOffset(2021, 4, 25, hour, 0, 0, TimeSpan.Zero));
        }

        hours.ShouldContain(new DateTimeOffset(2021, 4, 25, 4, 0, 0, TimeSpan.Zero));
        hours.ShouldContain(new DateTimeOffset(2021, 4, 25, 8, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void AdvanceTo_QuietPairBeforeMaintenance_ClosesPartialHourOnTime()
    {
        var gapStart = new DateTimeOffset(2021, 4, 25, 4, 5, 0, TimeSpan.Zero);
        var sink = new RecordingSink();
        var aggregator = new BarAggregator(CandleFile.Btc, [Timeframe.OneHour], sink);
        foreach (var bar in FiveMinute.Where(b => b.OpenTime < gapStart))
        {
            aggregator.OnBar(bar).ShouldBe(DataRejection.None);
        }

        var before = sink.Bars.Count;
        aggregator.AdvanceTo(new DateTimeOffset(2021, 4, 25, 4, 59, 59, TimeSpan.Zero));
        sink.Bars.Count.ShouldBe(before);

        aggregator.AdvanceTo(new DateTimeOffset(2021, 4, 25, 5, 0, 0, TimeSpan.Zero));

        sink.Bars.Count.ShouldBe(before + 1);
        var partial = sink.Bars[^1];
        var binance = OneHour.Single(b => b.OpenTime == new DateTimeOffset(2021, 4, 25, 4, 0, 0, TimeSpan.Zero));
        partial.OpenTime.ShouldBe(binance.OpenTime);
        (partial.Open, partial.High, partial.Low, partial.Close).ShouldBe((binance.Open, binance.High, binance.Low, binance.Close));
        partial.Volume.ShouldBe(binance.Volume, 1e-6 * binance.Volume);
        aggregator.AdvanceTo(new DateTimeOffset(2021, 4, 25, 8, 0, 0, TimeSpan.Zero));
        sink.Bars.Count.ShouldBe(before + 1);
    }

    private static RecordingSink Aggregate(List<Bar> source, params Timeframe[] timeframes)
    {
        var sink = new RecordingSink();
        var aggregator = new BarAggregator(CandleFile.Btc, timeframes, sink);
        foreach (var bar in source)
        {
            aggregator.OnBar(bar).ShouldBe(DataRejection.None);
        }

        aggregator.AdvanceTo(End);
        return sink;
    }
}
