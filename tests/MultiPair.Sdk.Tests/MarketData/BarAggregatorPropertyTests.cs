using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.MarketData;

public sealed class BarAggregatorPropertyTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly DateTimeOffset Start = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly int[] Targets = [2, 3, 5, 15, 60, 240];

    [Fact]
    public void OnBar_RandomOneMinuteSeriesWithGaps_EqualsNaiveGroupBy()
    {
        // One 1m bar: minutes since the previous bar (mostly 1, sometimes a gap), then prices in cents and volume in tenths.
        var step = Gen.Frequency(
            (8, Gen.Constant(1)),
            (2, Gen.Choose(2, 20)),
            (1, Gen.Choose(21, 600)));
        var row =
            from gap in step
            from low in Gen.Choose(1, 100_000)
            from range in Gen.Choose(0, 5_000)
            from open in Gen.Choose(0, 5_000)
            from close in Gen.Choose(0, 5_000)
            from volume in Gen.Choose(0, 100_000)
            select new Row(gap, low, range, Math.Min(open, range), Math.Min(close, range), volume);
        var series =
            from target in Gen.Elements(Targets)
            from offset in Gen.Choose(0, 1_439)
            from rows in row.ListOf()
            select new Series(target, offset, [.. rows]);

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(500),
            Prop.ForAll(Arb.From(series), (Action<Series>)(s =>
            {
                var bars = s.ToBars();
                var timeframe = new Timeframe(TimeSpan.FromMinutes(s.TargetMinutes));
                var sink = new RecordingSink();
                var aggregator = new BarAggregator(Btc, [timeframe], sink);
                foreach (var bar in bars)
                {
                    aggregator.OnBar(bar).ShouldBe(DataRejection.None);
                }

                if (bars.Count > 0)
                {
                    aggregator.AdvanceTo(bars[^1].CloseTime.AddDays(1));
                }

                sink.Bars.ShouldBe(Naive(bars, timeframe));
            })));
    }

    private static List<Bar> Naive(List<Bar> bars, Timeframe timeframe)
    {
        var result = new List<Bar>();
        foreach (var group in bars.GroupBy(b => timeframe.BarOpenTime(b.OpenTime)))
        {
            var items = group.ToList();
            var volume = items[0].Volume;
            for (var i = 1; i < items.Count; i++)
            {
                volume += items[i].Volume;
            }

            result.Add(new Bar(Btc, timeframe, group.Key, items[0].Open, items.Max(b => b.High), items.Min(b => b.Low), items[^1].Close, volume));
        }

        return result;
    }

    private sealed record Row(int Gap, int Low, int Range, int Open, int Close, int Volume);

    private sealed record Series(int TargetMinutes, int OffsetMinutes, Row[] Rows)
    {
        public List<Bar> ToBars()
        {
            var bars = new List<Bar>(Rows.Length);
            var time = Start.AddMinutes(OffsetMinutes);
            foreach (var r in Rows)
            {
                time = time.AddMinutes(r.Gap);
                bars.Add(new Bar(
                    Btc,
                    Timeframe.OneMinute,
                    time,
                    (r.Low + r.Open) / 100.0,
                    (r.Low + r.Range) / 100.0,
                    r.Low / 100.0,
                    (r.Low + r.Close) / 100.0,
                    r.Volume / 10.0));
            }

            return bars;
        }

        public override string ToString() =>
            $"{TargetMinutes}m from +{OffsetMinutes}min, {Rows.Length} bars: {string.Join(' ', Rows.Select(r => r.Gap))}";
    }
}
