using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Backtesting;

public sealed class CandleCacheTests : IDisposable
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly Timeframe H1 = Timeframe.OneHour;
    private readonly TempCandleDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Write_ThenRead_RealBinanceSlice_GivesTheSameBarsBitForBit()
    {
        var json = CandleReader.ReadFreqtradeJson(TempCandleDirectory.DataPath("BTC_USDT-1h.json"), Btc, H1).ToList();
        var path = Path.Combine(_dir.Path, CandleCache.FileName(Btc, H1));

        var written = CandleCache.Write(path, Btc, H1, json);
        var read = CandleCache.Read(path, Btc, H1).ToList();

        written.ShouldBe(300);
        new FileInfo(path).Length.ShouldBe(64 + (300 * 48));
        read.ShouldBe(json);
        File.Exists(path + ".tmp").ShouldBeFalse();
    }

    [Fact]
    public void Write_ThenRead_RandomValidBars_RoundTripExactly()
    {
        var rows = Gen.Choose(1, 1_000_000).Select(x => x / 997.0)
            .Zip(Gen.Choose(0, 10_000).Select(x => x / 7.0))
            .Zip(Gen.Choose(1, 3_600_000))
            .ArrayOf();
        Prop.ForAll(Arb.From(rows), (Action<((double Price, double Spread), int Step)[]>)(steps =>
        {
            var bars = new List<Bar>();
            var time = DateTimeOffset.FromUnixTimeMilliseconds(1_600_000_000_123);
            foreach (var ((price, spread), step) in steps)
            {
                time = time.AddMilliseconds(step);
                bars.Add(new Bar(Btc, H1, time, price, price + spread, price / 2, price, spread));
            }

            var path = Path.Combine(_dir.Path, "BTC_USDT-1h.mpc");
            CandleCache.Write(path, Btc, H1, bars).ShouldBe(bars.Count);
            CandleReader.Read(path, Btc, H1).ToList().ShouldBe(bars);
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Read_Range_KeepsBarsOpeningInHalfOpenRange()
    {
        var path = WriteSlice();
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1606780800000).AddHours(10);

        var bars = CandleReader.Read(path, Btc, H1, start, start.AddHours(5)).ToList();

        bars.Select(b => b.OpenTime).ShouldBe(Enumerable.Range(0, 5).Select(i => start.AddHours(i)));
    }

    [Fact]
    public void Read_TruncatedInsideARecord_ThrowsNamingTheFileAndTheRecord()
    {
        var path = WriteSlice();
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(64 + (120 * 48) + 20);
        }

        var ex = Should.Throw<CandleDataException>(() => CandleCache.Read(path, Btc, H1).ToList());

        ex.FilePath.ShouldBe(path);
        ex.Row.ShouldBe(120);
        ex.ByteOffset.ShouldBe(64 + (120 * 48));
        ex.Message.ShouldContain("truncated");
    }

    [Fact]
    public void Read_TruncatedHeader_Throws()
    {
        var path = Path.Combine(_dir.Path, "BTC_USDT-1h.mpc");
        File.WriteAllBytes(path, "MPCANDLE"u8.ToArray());

        var ex = Should.Throw<CandleDataException>(() => CandleCache.Read(path, Btc, H1).ToList());

        ex.FilePath.ShouldBe(path);
        ex.Message.ShouldContain("truncated header");
    }

    [Fact]
    public void Read_BadMagic_Throws()
    {
        var path = WriteSlice();
        Patch(path, 0, "NOTCANDL"u8);

        var ex = Should.Throw<CandleDataException>(() => CandleCache.Read(path, Btc, H1).ToList());

        ex.FilePath.ShouldBe(path);
        ex.Message.ShouldContain("bad magic");
    }

    [Fact]
    public void Read_UnsortedTimestamps_ThrowsNamingTheRecord()
    {
        var path = WriteSlice();
        var time = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(time, 1606780800000); // record 0's open time, again at record 7
        Patch(path, 64 + (7 * 48), time);

        var ex = Should.Throw<CandleDataException>(() => CandleCache.Read(path, Btc, H1).ToList());

        ex.Row.ShouldBe(7);
        ex.ByteOffset.ShouldBe(64 + (7 * 48));
        ex.Problem.ShouldContain("unsorted timestamps");
    }

    [Fact]
    public void Read_HighBelowClose_ThrowsTheSameProblemAsTheJsonReader()
    {
        var path = WriteSlice();
        var high = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(high, 1.0);
        Patch(path, 64 + (3 * 48) + 16, high);

        var ex = Should.Throw<CandleDataException>(() => CandleCache.Read(path, Btc, H1).ToList());

        ex.Row.ShouldBe(3);
        ex.Problem.ShouldContain("high 1 is below low");
    }

    [Fact]
    public void Read_OtherPairOrTimeframe_Throws()
    {
        var path = WriteSlice();

        Should.Throw<CandleDataException>(() => CandleCache.Read(path, new TradingPair("ETH", "USDT"), H1).ToList()).Problem.ShouldContain("BTC/USDT");
        Should.Throw<CandleDataException>(() => CandleCache.Read(path, Btc, Timeframe.FourHours).ToList()).Problem.ShouldContain("4h");
    }

    [Fact]
    public void Read_UnfinishedFile_Throws()
    {
        var path = WriteSlice();
        var count = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(count, -1);
        Patch(path, 24, count);

        Should.Throw<CandleDataException>(() => CandleCache.Read(path, Btc, H1).ToList()).Problem.ShouldContain("incomplete");
    }

    [Fact]
    public void Read_TrailingBytes_Throws()
    {
        var path = WriteSlice();
        File.AppendAllText(path, "x");

        Should.Throw<CandleDataException>(() => CandleCache.Read(path, Btc, H1).ToList()).Problem.ShouldContain("follow");
    }

    [Fact]
    public void Write_BarsNotIncreasing_ThrowsAndLeavesNoFile()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1606780800000);
        Bar[] bars = [new(Btc, H1, time, 1, 1, 1, 1, 1), new(Btc, H1, time, 1, 1, 1, 1, 1)];
        var path = Path.Combine(_dir.Path, "BTC_USDT-1h.mpc");

        Should.Throw<ArgumentException>(() => CandleCache.Write(path, Btc, H1, bars));

        File.Exists(path).ShouldBeFalse();
        File.Exists(path + ".tmp").ShouldBeFalse();
    }

    [Fact]
    public void Write_BarOfAnotherPair_Throws()
    {
        Bar[] bars = [new(new TradingPair("ETH", "USDT"), H1, DateTimeOffset.UnixEpoch, 1, 1, 1, 1, 1)];

        Should.Throw<ArgumentException>(() => CandleCache.Write(Path.Combine(_dir.Path, "x.mpc"), Btc, H1, bars));
    }

    [Theory]
    [InlineData(CandleType.Spot, "BTC_USDT-1h.mpc")]
    [InlineData(CandleType.Futures, "BTC_USDT_USDT-1h-futures.mpc")]
    [InlineData(CandleType.Mark, "BTC_USDT_USDT-1h-mark.mpc")]
    public void FileName_ReadsBackThroughTheFolderConvention(CandleType type, string expected)
    {
        var name = CandleCache.FileName(Btc, H1, type);

        name.ShouldBe(expected);
        CandleFolder.TryParseFileName(name, out var pair, out var timeframe, out var parsedType).ShouldBeTrue();
        (pair, timeframe, parsedType).ShouldBe((Btc, H1, type));
    }

    [Fact]
    public void Folder_BinaryNextToJson_UsesTheBinaryFileAndMergesTheSameBars()
    {
        var eth = new TradingPair("ETH", "USDT");
        File.Copy(TempCandleDirectory.DataPath("BTC_USDT-1h.json"), Path.Combine(_dir.Path, "BTC_USDT-1h.json"));
        File.Copy(TempCandleDirectory.DataPath("ETH_USDT-1h.json"), Path.Combine(_dir.Path, "ETH_USDT-1h.json"));
        var jsonMerged = new CandleFolder(_dir.Path).OpenMerged([Btc, eth], H1, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).ToList();
        foreach (var pair in new[] { Btc, eth })
        {
            var source = Path.Combine(_dir.Path, $"{pair.Base}_{pair.Quote}-1h.json");
            CandleCache.Write(Path.Combine(_dir.Path, CandleCache.FileName(pair, H1)), pair, H1, CandleReader.Read(source, pair, H1));
        }

        var folder = new CandleFolder(_dir.Path);
        var binaryMerged = folder.OpenMerged([Btc, eth], H1, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).ToList();

        folder.TryGetFile(Btc, H1, CandleType.Spot, out var file).ShouldBeTrue();
        Path.GetExtension(file.Path).ShouldBe(".mpc");
        binaryMerged.ShouldBe(jsonMerged);
    }

    private static void Patch(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(bytes);
    }

    private string WriteSlice()
    {
        var path = Path.Combine(_dir.Path, "BTC_USDT-1h.mpc");
        CandleCache.Write(path, Btc, H1, CandleReader.ReadFreqtradeJson(TempCandleDirectory.DataPath("BTC_USDT-1h.json"), Btc, H1));
        return path;
    }
}
