using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.MarketData;

public sealed class BarHistoryPropertyTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly DateTimeOffset Start = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AddAndAddStreaming_AnyMix_HoldTheLastCapacityBarsDigitForDigit()
    {
        // Prices from a wide range of magnitudes (bit patterns must survive), offsets of whole minutes (±14 h), and
        // each bar added either way.
        var price = Gen.Elements(1e-12, 0.000_123_456_789, 1.0, 3.141_592_653_589_793, 65_432.123_456_789, 1e15);
        var row =
            from gapHours in Gen.Choose(1, 48)
            from offsetMinutes in Gen.Choose(-14 * 60, 14 * 60)
            from low in price
            from highFactor in Gen.Choose(1, 1_000)
            from volume in Gen.Choose(0, 1_000_000)
            from streaming in Gen.Elements(true, false)
            from read in Gen.Elements(true, false, false)
            select new Row(gapHours, offsetMinutes, low, low * (1 + (highFactor / 1_000.0)), volume / 7.0, streaming, read);
        var cases =
            from capacity in Gen.Choose(1, 40)
            from rows in row.ListOf()
            select (capacity, rows: rows.ToArray());

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(300),
            Prop.ForAll(Arb.From(cases), (Action<(int Capacity, Row[] Rows)>)(c =>
            {
                var history = new BarHistory(Btc, Timeframe.OneHour, c.Capacity);
                var added = new List<Bar>();
                var hours = 0;
                foreach (var r in c.Rows)
                {
                    hours += r.GapHours;
                    var open = Start.AddHours(hours).ToOffset(TimeSpan.FromMinutes(r.OffsetMinutes));
                    var bar = new Bar(Btc, Timeframe.OneHour, open, r.Low, r.High, r.Low, r.High, r.Volume);
                    if (r.Streaming)
                    {
                        history.AddStreaming(bar);
                    }
                    else
                    {
                        history.Add(bar);
                    }

                    added.Add(bar);

                    // Reading or not decides how the next streaming add writes (past the cache only when unread).
                    if (r.Read)
                    {
                        ShouldHoldNewestFirst(history, added, c.Capacity);
                    }
                }

                if (added.Count > 0)
                {
                    ShouldHoldNewestFirst(history, added, c.Capacity);
                }
            })));
    }

    [Fact]
    public async Task AddStreaming_ReadOnAnotherThreadAfterTheFence_SeesEveryRow()
    {
        var history = new BarHistory(Btc, Timeframe.OneHour, 500);
        var added = new List<Bar>();
        for (var i = 0; i < 1_234; i++)
        {
            var bar = new Bar(Btc, Timeframe.OneHour, Start.AddHours(i), 100 + i, 101 + i, 99 + i, 100.5 + i, i);
            history.AddStreaming(bar);
            added.Add(bar);
        }

        BarHistory.FenceStreamingWrites();
        var read = await Task.Run(() => Enumerable.Range(0, history.Count).Select(ago => history[ago]).ToList());

        read.Count.ShouldBe(500);
        read.ShouldBe(Enumerable.Reverse(added).Take(500));
    }

    [Fact]
    public void AddStreaming_RefusedBar_LeavesTheHistoryUnchanged()
    {
        var history = new BarHistory(Btc, Timeframe.OneHour, 3);
        var first = new Bar(Btc, Timeframe.OneHour, Start, 1, 2, 0.5, 1.5, 10);
        history.AddStreaming(first);

        Should.Throw<ArgumentException>(() => history.AddStreaming(first));
        Should.Throw<ArgumentException>(() => history.AddStreaming(new Bar(Btc, Timeframe.FourHours, Start.AddHours(4), 1, 1, 1, 1, 0)));
        Should.Throw<ArgumentException>(() => history.AddStreaming(new Bar(new TradingPair("ETH", "USDT"), Timeframe.OneHour, Start.AddHours(1), 1, 1, 1, 1, 0)));

        history.Count.ShouldBe(1);
        history.Latest.ShouldBe(first);
        history.LatestOpenTicks.ShouldBe(Start.UtcTicks);
    }

    private static void ShouldHoldNewestFirst(BarHistory history, List<Bar> added, int capacity)
    {
        var expected = Math.Min(added.Count, capacity);
        history.Count.ShouldBe(expected);
        history.LatestOpenTicks.ShouldBe(added[^1].OpenTime.UtcTicks);
        for (var ago = 0; ago < expected; ago++)
        {
            var held = history[ago];
            var want = added[added.Count - 1 - ago];
            held.ShouldBe(want);

            // Record equality compares instants; the offset and every price's bits must survive too.
            held.OpenTime.Offset.ShouldBe(want.OpenTime.Offset);
            BitConverter.DoubleToInt64Bits(held.Open).ShouldBe(BitConverter.DoubleToInt64Bits(want.Open));
            BitConverter.DoubleToInt64Bits(held.High).ShouldBe(BitConverter.DoubleToInt64Bits(want.High));
            BitConverter.DoubleToInt64Bits(held.Low).ShouldBe(BitConverter.DoubleToInt64Bits(want.Low));
            BitConverter.DoubleToInt64Bits(held.Close).ShouldBe(BitConverter.DoubleToInt64Bits(want.Close));
            BitConverter.DoubleToInt64Bits(held.Volume).ShouldBe(BitConverter.DoubleToInt64Bits(want.Volume));
        }

        history.TryGet(expected, out _).ShouldBeFalse();
    }

    [Fact]
    public void AddStreaming_HistoryReadSinceTheLastAdd_KeepsItsRowsInTheCache()
    {
        var history = new BarHistory(Btc, Timeframe.OneHour, 10);
        for (var i = 0; i < 5; i++)
        {
            history.AddStreaming(new Bar(Btc, Timeframe.OneHour, Start.AddHours(i), 1, 2, 0.5, 1.5, i));
        }

        // Unread: every row after the first goes past the cache (where the processor has streaming stores).
        var streamed = history.StreamedRows;
        streamed.ShouldBe(System.Runtime.Intrinsics.X86.Sse2.IsSupported ? 5 : 0);

        // Read after each add (a strategy that looks back every bar): plain stores.
        for (var i = 5; i < 9; i++)
        {
            _ = history[0];
            history.AddStreaming(new Bar(Btc, Timeframe.OneHour, Start.AddHours(i), 1, 2, 0.5, 1.5, i));
        }

        history.StreamedRows.ShouldBe(streamed);
        history.Count.ShouldBe(9);
        history[0].Volume.ShouldBe(8);
        history[8].Volume.ShouldBe(0);
    }

    public sealed record Row(int GapHours, int OffsetMinutes, double Low, double High, double Volume, bool Streaming, bool Read);
}
