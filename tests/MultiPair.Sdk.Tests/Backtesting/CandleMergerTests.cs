using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Backtesting;

public sealed class CandleMergerTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");
    private static readonly TradingPair Sol = new("SOL", "USDT");
    private static readonly DateTimeOffset T0 = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Merge_RealBinanceSlices_TimeOrderThenCanonicalPairOrder()
    {
        // Inputs deliberately not in pair order.
        var streams = new[] { Sol, Btc, Eth }
            .Select(p => CandleReader.ReadFreqtradeJson(TempCandleDirectory.DataPath(p.Format(PairFormat.Underscore) + "-1h.json"), p, Timeframe.OneHour))
            .ToList();

        var merged = CandleMerger.Merge(streams).ToList();

        merged.Count.ShouldBe(900);
        for (int i = 0; i < 300; i++)
        {
            merged.Skip(i * 3).Take(3).Select(b => b.Pair).ShouldBe([Btc, Eth, Sol]);
            merged.Skip(i * 3).Take(3).Select(b => b.OpenTime).Distinct().Count().ShouldBe(1);
        }

        merged.Zip(merged.Skip(1)).ShouldAllBe(p => p.First.OpenTime <= p.Second.OpenTime);
    }

    [Fact]
    public void Merge_GapInOnePair_OthersKeepFlowingInTimeOrder()
    {
        var btc = Bars(Btc, Enumerable.Range(0, 10));
        var eth = Bars(Eth, Enumerable.Range(0, 10).Where(h => h is < 3 or > 6));

        var merged = CandleMerger.Merge([btc, eth]).Select(b => (b.Pair, Hour: (int)(b.OpenTime - T0).TotalHours)).ToList();

        merged.ShouldBe(
        [
            (Btc, 0), (Eth, 0), (Btc, 1), (Eth, 1), (Btc, 2), (Eth, 2),
            (Btc, 3), (Btc, 4), (Btc, 5), (Btc, 6),
            (Btc, 7), (Eth, 7), (Btc, 8), (Eth, 8), (Btc, 9), (Eth, 9),
        ]);
    }

    [Fact]
    public void Merge_StreamsOfDifferentLengthsAndStarts_EmitsAllInOrder()
    {
        var btc = Bars(Btc, Enumerable.Range(5, 3));
        var eth = Bars(Eth, Enumerable.Range(0, 2));
        var sol = Bars(Sol, []);

        var merged = CandleMerger.Merge([btc, eth, sol]).Select(b => (b.Pair, Hour: (int)(b.OpenTime - T0).TotalHours)).ToList();

        merged.ShouldBe([(Eth, 0), (Eth, 1), (Btc, 5), (Btc, 6), (Btc, 7)]);
    }

    [Fact]
    public void Merge_InfiniteStreams_IsLazy()
    {
        static IEnumerable<Bar> Forever(TradingPair pair)
        {
            for (int h = 0; ; h++)
            {
                yield return Bar(pair, Timeframe.OneHour, h);
            }
        }

        var first = CandleMerger.Merge([Forever(Eth), Forever(Btc)]).Take(5).Select(b => b.Pair).ToList();

        first.ShouldBe([Btc, Eth, Btc, Eth, Btc]);
    }

    [Fact]
    public void Merge_MixedTimeframes_OrdersByCloseTime()
    {
        var hourly = new[] { Bar(Btc, Timeframe.OneHour, 0) };
        var fiveMinute = Enumerable.Range(0, 12).Select(i => new Bar(Eth, Timeframe.FiveMinutes, T0.AddMinutes(5 * i), 1, 1, 1, 1, 1)).ToList();

        var merged = CandleMerger.Merge([hourly, fiveMinute]).ToList();

        merged.Select(b => b.CloseTime).ShouldBe(merged.Select(b => b.CloseTime).Order());
        merged[^1].Pair.ShouldBe(Eth);
        merged[^2].Pair.ShouldBe(Btc);
    }

    [Fact]
    public void Merge_RandomStreamsMixingPairsAndTimeframes_EqualsTheFullSortOrder()
    {
        // Each stream: steps of (hours forward 0–2, pair 0–2, timeframe 0–1); a stream may switch pair or timeframe,
        // which the merge's rank shortcut must not get wrong.
        var step = Gen.Choose(0, 2).Zip(Gen.Choose(0, 2)).Zip(Gen.Choose(0, 1));
        var streams = step.ArrayOf().ArrayOf();
        TradingPair[] pairs = [Sol, Btc, Eth];
        Timeframe[] timeframes = [Timeframe.OneHour, Timeframe.FourHours];
        Prop.ForAll(Arb.From(streams), (Action<((int, int), int)[][]>)(input =>
        {
            var bars = input.Select(steps =>
            {
                var hour = 0;
                var list = new List<Bar>();
                foreach (var ((forward, pair), timeframe) in steps)
                {
                    hour += forward;
                    var tf = timeframes[timeframe];

                    // Close time = T0 + hour: keeps every stream in close-time order whatever its timeframes.
                    list.Add(new Bar(pairs[pair], tf, T0.AddHours(hour) - tf.Duration, 1, 1, 1, 1, 1));
                }

                return list;
            }).ToList();
            // Reference: repeatedly take the least head of all streams by (close, base, quote, timeframe, stream).
            var heads = new int[bars.Count];
            var expected = new List<Bar>();
            while (true)
            {
                var best = -1;
                for (var i = 0; i < bars.Count; i++)
                {
                    if (heads[i] < bars[i].Count && (best < 0 || Less(bars[i][heads[i]], bars[best][heads[best]])))
                    {
                        best = i;
                    }
                }

                if (best < 0)
                {
                    break;
                }

                expected.Add(bars[best][heads[best]++]);
            }

            CandleMerger.Merge(bars).ToList().ShouldBe(expected);
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Merge_AlignedStreamsWithGapsStartsEndsAndSwitches_EqualsTheFullSortOrder()
    {
        // The slice pass: up to 80 one-pair streams (more than the thin-slice ratio, so thin slices switch to the heap),
        // sharing hours with gaps, late starts, early ends, a repeated close time, and now and then a bar of another
        // pair or timeframe (which also switches to the heap).
        var pairs = Enumerable.Range(0, 80).Select(i => new TradingPair($"P{(i * 37) % 80:D2}", "USDT")).ToArray();
        var stream = Gen.Choose(0, 5).ArrayOf();
        var input = Gen.Choose(1, 80).SelectMany(n => Gen.ArrayOf(stream, n)).Zip(Gen.Choose(0, 3));
        Prop.ForAll(Arb.From(input), (Action<(int[][] Streams, int Start)>)(test =>
        {
            var bars = test.Streams.Select((codes, s) =>
            {
                var hour = test.Start * s % 7;
                var list = new List<Bar>();
                foreach (var code in codes)
                {
                    // 0–2: next hour; 3: skip an hour; 4: the same close time again; 5: another pair or timeframe.
                    var pair = pairs[s];
                    var timeframe = Timeframe.OneHour;
                    switch (code)
                    {
                        case 3:
                            hour += 2;
                            break;
                        case 4 when list.Count > 0:
                            break;
                        case 5:
                            hour++;
                            pair = pairs[(s + 1) % pairs.Length];
                            timeframe = hour % 2 == 0 ? Timeframe.OneHour : Timeframe.FourHours;
                            break;
                        default:
                            hour++;
                            break;
                    }

                    list.Add(new Bar(pair, timeframe, T0.AddHours(hour) - timeframe.Duration, 1, 1, 1, 1, 1));
                }

                return list;
            }).ToList();

            CandleMerger.Merge(bars).ToList().ShouldBe(Reference(bars));
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Merge_ManyStreamsWithThinSlices_EqualsTheFullSortOrder()
    {
        // 200 streams, each with bars at its own minutes: one or two bars per close time, so the merge leaves the
        // slice pass for the heap after the first pass.
        var bars = Enumerable.Range(0, 200).Select(s =>
        {
            var pair = new TradingPair($"Q{s:D3}", "USDT");
            return Enumerable.Range(0, 20).Select(k => new Bar(pair, Timeframe.OneMinute, T0.AddMinutes((k * 200) + (s % 150)), 1, 1, 1, 1, 1)).ToList();
        }).ToList();

        CandleMerger.Merge(bars).ToList().ShouldBe(Reference(bars));
    }

    [Fact]
    public void Merge_AlignedStreamGoesBackInTime_Throws()
    {
        var good = Bars(Eth, Enumerable.Range(0, 5));
        var bad = new[] { Bar(Btc, Timeframe.OneHour, 0), Bar(Btc, Timeframe.OneHour, 1), Bar(Btc, Timeframe.OneHour, 0) };

        Should.Throw<InvalidOperationException>(() => CandleMerger.Merge([good, bad]).ToList()).Message.ShouldContain("back in time");
    }

    /// <summary>The reference merge: repeatedly take the least head of all streams by (close, base, quote, timeframe, stream).</summary>
    private static List<Bar> Reference(List<List<Bar>> bars)
    {
        var heads = new int[bars.Count];
        var expected = new List<Bar>();
        while (true)
        {
            var best = -1;
            for (var i = 0; i < bars.Count; i++)
            {
                if (heads[i] < bars[i].Count && (best < 0 || Less(bars[i][heads[i]], bars[best][heads[best]])))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                return expected;
            }

            expected.Add(bars[best][heads[best]++]);
        }
    }

    /// <summary>Strictly before, by close time, base, quote and timeframe (ties keep the lower stream, scanned first).</summary>
    private static bool Less(Bar x, Bar y)
    {
        var order = x.CloseTime.CompareTo(y.CloseTime);
        order = order != 0 ? order : string.CompareOrdinal(x.Pair.Base, y.Pair.Base);
        order = order != 0 ? order : string.CompareOrdinal(x.Pair.Quote, y.Pair.Quote);
        order = order != 0 ? order : x.Timeframe.CompareTo(y.Timeframe);
        return order < 0;
    }

    [Fact]
    public void Merge_StreamGoesBackInTime_Throws()
    {
        var bad = new[] { Bar(Btc, Timeframe.OneHour, 2), Bar(Btc, Timeframe.OneHour, 1) };

        Should.Throw<InvalidOperationException>(() => CandleMerger.Merge([bad]).ToList()).Message.ShouldContain("back in time");
    }

    [Fact]
    public void Merge_EnumeratorDisposed_DisposesEveryInput()
    {
        var a = new TrackingStream(Bars(Btc, Enumerable.Range(0, 5)));
        var b = new TrackingStream(Bars(Eth, Enumerable.Range(0, 5)));

        _ = CandleMerger.Merge([a, b]).Take(3).ToList();

        a.Disposed.ShouldBeTrue();
        b.Disposed.ShouldBeTrue();
    }

    [Fact]
    public void Merge_NullStreams_Throws()
    {
        Should.Throw<ArgumentNullException>(() => CandleMerger.Merge(null!));
    }

    private static Bar Bar(TradingPair pair, Timeframe timeframe, int hour) =>
        new(pair, timeframe, T0.AddHours(hour), 10, 11, 9, 10.5, 1);

    private static List<Bar> Bars(TradingPair pair, IEnumerable<int> hours) => hours.Select(h => Bar(pair, Timeframe.OneHour, h)).ToList();

    private sealed class TrackingStream(IEnumerable<Bar> inner) : IEnumerable<Bar>
    {
        public bool Disposed { get; private set; }

        public IEnumerator<Bar> GetEnumerator()
        {
            try
            {
                foreach (var bar in inner)
                {
                    yield return bar;
                }
            }
            finally
            {
                Disposed = true;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
