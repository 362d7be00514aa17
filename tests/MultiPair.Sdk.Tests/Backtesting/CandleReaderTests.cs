using System.Globalization;
using System.Text;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Backtesting;

public sealed class CandleReaderTests : IDisposable
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly Timeframe H1 = Timeframe.OneHour;
    private readonly TempCandleDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadFreqtradeJson_RealBinanceSlice_ReadsEveryRowExactly()
    {
        var bars = CandleReader.ReadFreqtradeJson(TempCandleDirectory.DataPath("BTC_USDT-1h.json"), Btc, H1).ToList();

        bars.Count.ShouldBe(300);
        var first = bars[0];
        first.Pair.ShouldBe(Btc);
        first.Timeframe.ShouldBe(H1);
        first.OpenTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1606780800000));
        (first.Open, first.High, first.Low, first.Close, first.Volume).ShouldBe((19695.87, 19720.0, 19479.8, 19565.47, 4570.361518));
        bars[^1].OpenTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1607857200000));
        bars.Zip(bars.Skip(1)).ShouldAllBe(p => p.Second.OpenTime - p.First.OpenTime == TimeSpan.FromHours(1));
    }

    [Fact]
    public void ReadCsv_RealBinanceSliceConvertedToCsv_ReadsEveryRowExactly()
    {
        var ada = new TradingPair("ADA", "USDT");
        var bars = CandleReader.ReadCsv(TempCandleDirectory.DataPath("ADA_USDT-1h.csv"), ada, H1).ToList();

        bars.Count.ShouldBe(300);
        (bars[0].Open, bars[0].High, bars[0].Low, bars[0].Close, bars[0].Volume).ShouldBe((0.17207, 0.17456, 0.16873, 0.16967, 42625316.3));
        bars[^1].OpenTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1607857200000));
        (bars[^1].Open, bars[^1].Close, bars[^1].Volume).ShouldBe((0.15323, 0.15354, 16575924.3));
    }

    [Fact]
    public void ReadFreqtradeJson_MarkPriceFileWithNullVolume_ReadsVolumeAsZero()
    {
        var xrp = new TradingPair("XRP", "USDT");
        var bars = CandleReader.ReadFreqtradeJson(TempCandleDirectory.DataPath("XRP_USDT_USDT-1h-mark.json"), xrp, H1).ToList();

        bars.Count.ShouldBe(100);
        bars.ShouldAllBe(b => b.Volume == 0);
        (bars[0].Open, bars[0].High, bars[0].Low, bars[0].Close).ShouldBe((1.20932, 1.21787, 1.20763, 1.21431));
    }

    [Fact]
    public void Read_RangeGiven_KeepsBarsOpeningInHalfOpenRange()
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1606780800000).AddHours(10);
        var end = start.AddHours(5);

        var json = CandleReader.Read(TempCandleDirectory.DataPath("BTC_USDT-1h.json"), Btc, H1, start, end).ToList();
        var csv = CandleReader.Read(TempCandleDirectory.DataPath("ADA_USDT-1h.csv"), Btc, H1, start, end).ToList();

        json.Select(b => b.OpenTime).ShouldBe(Enumerable.Range(0, 5).Select(i => start.AddHours(i)));
        csv.Select(b => b.OpenTime).ShouldBe(Enumerable.Range(0, 5).Select(i => start.AddHours(i)));
    }

    [Fact]
    public void Read_UnknownExtension_ThrowsArgumentException()
    {
        Should.Throw<ArgumentException>(() => CandleReader.Read("BTC_USDT-1h.feather", Btc, H1));
    }

    [Fact]
    public void ReadFreqtradeJson_DefaultPair_ThrowsArgumentException()
    {
        Should.Throw<ArgumentException>(() => CandleReader.ReadFreqtradeJson("x.json", default, H1));
    }

    [Fact]
    public void ReadFreqtradeJson_MissingFile_ThrowsNamingFile()
    {
        string path = Path.Combine(_dir.Path, "NOPE_USDT-1h.json");

        var ex = Should.Throw<CandleDataException>(() => CandleReader.ReadFreqtradeJson(path, Btc, H1).ToList());

        ex.FilePath.ShouldBe(path);
        ex.Message.ShouldContain("NOPE_USDT-1h.json");
        ex.Message.ShouldContain("cannot be opened");
    }

    [Fact]
    public void ReadCsv_MissingFile_ThrowsNamingFile()
    {
        string path = Path.Combine(_dir.Path, "NOPE_USDT-1h.csv");

        var ex = Should.Throw<CandleDataException>(() => CandleReader.ReadCsv(path, Btc, H1).ToList());

        ex.Message.ShouldContain("NOPE_USDT-1h.csv");
        ex.Message.ShouldContain("cannot be opened");
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("  \n ", 2, "empty")]
    [InlineData("{\"a\":1}", 1, "expected a JSON array")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,1,1,1,1]]", 2, "5 columns")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,1,1,1,1,1,7]]", 2, "more than 6 columns")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,\"1\",1,1,1,1]]", 2, "open must be a number")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,null,1,1,1,1]]", 2, "open must be a number")]
    [InlineData("[[0,1,1,1,1,1],\n3]", 2, "expected a row")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000.5,1,1,1,1,1]]", 2, "whole number")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,0,1,0.5,1,1]]", 2, "open 0 is not a positive price")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,1,-2,0.5,1,1]]", 2, "high -2 is not a positive price")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,1,1,1,1e999,1]]", 2, "close is not a finite number")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,1,1,2,1,1]]", 2, "high 1 is below low 2")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,3,2,1,1.5,1]]", 2, "must contain the open and close")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,1,1,1,1,-1]]", 2, "volume")]
    [InlineData("[[3600000,1,1,1,1,1],\n[0,1,1,1,1,1]]", 2, "unsorted timestamps")]
    [InlineData("[[3600000,1,1,1,1,1],\n[3600000,1,1,1,1,1]]", 2, "duplicate timestamp")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,1,1,1,1,1]", 2, "malformed JSON")]
    [InlineData("[[0,1,1,1,1,1],\n[3600000,NaN,1,1,1,1]]", 2, "malformed JSON")]
    public void ReadFreqtradeJson_BadInput_ThrowsNamingFileLineAndProblem(string content, long line, string problem)
    {
        string path = _dir.Write("BAD_USDT-1h.json", content);

        var ex = Should.Throw<CandleDataException>(() => CandleReader.ReadFreqtradeJson(path, Btc, H1).ToList());

        ex.FilePath.ShouldBe(path);
        ex.Line.ShouldBe(line);
        ex.Message.ShouldContain("BAD_USDT-1h.json");
        ex.Message.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"line {line}"));
        ex.Message.ShouldContain(problem);
        ex.ByteOffset.ShouldNotBeNull();
    }

    [Fact]
    public void ReadFreqtradeJson_BadSecondRow_ReportsRowIndexAndByteOffset()
    {
        const string content = "[[0,1,1,1,1,1],[3600000,1,1,2,1,1]]";
        string path = _dir.Write("BAD_USDT-1h.json", content);

        var ex = Should.Throw<CandleDataException>(() => CandleReader.ReadFreqtradeJson(path, Btc, H1).ToList());

        ex.Row.ShouldBe(1);
        ex.ByteOffset.ShouldBe(content.IndexOf("[3600000", StringComparison.Ordinal));
        ex.Message.ShouldContain("row 1");
    }

    [Fact]
    public void ReadFreqtradeJson_Utf8BomAndWhitespace_Reads()
    {
        string path = Path.Combine(_dir.Path, "BOM_USDT-1h.json");
        File.WriteAllText(path, "\n[ [ 0, 1, 2, 0.5, 1.5, 10 ] ,\n  [ 3600000, 1.5, 2, 1, 1, null ] ]\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var bars = CandleReader.ReadFreqtradeJson(path, Btc, H1).ToList();

        bars.Count.ShouldBe(2);
        bars[1].Volume.ShouldBe(0);
    }

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("time,open,high,low,close,volume\n", 1, "Unknown columns: time. Missing columns: open_time_ms.")]
    [InlineData("open_time_ms,open,high,low,close\n", 1, "Missing columns: volume.")]
    [InlineData("open_time_ms,open,high,low,close,volume,trades\n", 1, "Unknown columns: trades.")]
    [InlineData("open_time_ms,high,open,low,close,volume\n", 1, "out of order")]
    [InlineData("open_time_ms,open,high,low,close,volume\n0,1,1,1,1,1\n3600000,1,1,1,1\n", 3, "5 columns")]
    [InlineData("open_time_ms,open,high,low,close,volume\n0,1,1,1,1,1\n3600000,1,1,1,1,1,1\n", 3, "7 columns")]
    [InlineData("open_time_ms,open,high,low,close,volume\n0,1,1,1,1,1\n2021-01-01,1,1,1,1,1\n", 3, "open_time_ms '2021-01-01'")]
    [InlineData("open_time_ms,open,high,low,close,volume\n0,1,1,1,1,1\n3600000,1,x,1,1,1\n", 3, "high 'x' is not a number")]
    [InlineData("open_time_ms,open,high,low,close,volume\n0,1,1,1,1,1\n3600000,NaN,1,1,1,1\n", 3, "open is NaN")]
    [InlineData("open_time_ms,open,high,low,close,volume\n0,1,1,1,1,1\n3600000,1,1,0,1,1\n", 3, "low 0 is not a positive price")]
    [InlineData("open_time_ms,open,high,low,close,volume\n0,1,1,1,1,1\n3600000,1,1,2,1,1\n", 3, "high 1 is below low 2")]
    [InlineData("open_time_ms,open,high,low,close,volume\n0,1,1,1,1,1\n3600000,1,1,1,1,NaN\n", 3, "volume")]
    [InlineData("open_time_ms,open,high,low,close,volume\n3600000,1,1,1,1,1\n\n0,1,1,1,1,1\n", 4, "unsorted timestamps")]
    [InlineData("open_time_ms,open,high,low,close,volume\n3600000,1,1,1,1,1\n3600000,1,1,1,1,1\n", 3, "duplicate timestamp")]
    public void ReadCsv_BadInput_ThrowsNamingFileLineAndProblem(string content, long line, string problem)
    {
        string path = _dir.Write("BAD_USDT-1h.csv", content);

        var ex = Should.Throw<CandleDataException>(() => CandleReader.ReadCsv(path, Btc, H1).ToList());

        ex.FilePath.ShouldBe(path);
        ex.Message.ShouldContain("BAD_USDT-1h.csv");
        ex.Message.ShouldContain(problem);
        if (line > 0)
        {
            ex.Line.ShouldBe(line);
            ex.Message.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"line {line}"));
        }
    }

    [Fact]
    public void ReadCsv_EmptyOrNullVolume_ReadsZero()
    {
        string path = _dir.Write("X_USDT-1h.csv", "open_time_ms,open,high,low,close,volume\r\n0,1,1,1,1,\r\n3600000,1,1,1,1,null\r\n");

        CandleReader.ReadCsv(path, Btc, H1).Select(b => b.Volume).ShouldBe([0.0, 0.0]);
    }

    [Fact]
    public void ReadFreqtradeJson_BadRowAfterManyRefills_ReportsExactLineAndRow()
    {
        // One row per line, so the line number crosses many buffer refills.
        const int goodRows = 50_000;
        string path = Path.Combine(_dir.Path, "BIG_USDT-1h.json");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("[\n");
            for (int i = 0; i < goodRows; i++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"[{i * 3_600_000L}, 100.5, 101.25, 99.75, 100.0, 12.5],\n"));
            }

            writer.Write(string.Create(CultureInfo.InvariantCulture, $"[{goodRows * 3_600_000L}, 100.5, 99, 101, 100.0, 12.5]\n]"));
        }

        var ex = Should.Throw<CandleDataException>(() => CandleReader.ReadFreqtradeJson(path, Btc, H1).Count());

        ex.Line.ShouldBe(goodRows + 2);
        ex.Row.ShouldBe(goodRows);
        ex.Message.ShouldContain("high 99 is below low 101");
    }

    [Fact]
    public void ReadFreqtradeJson_RowLongerThanInitialBuffer_GrowsBufferAndReads()
    {
        string padding = new(' ', FreqtradeJsonCandleEnumerator.InitialBufferSize + 1000);
        string path = _dir.Write("PAD_USDT-1h.json", $"[[0,1,1,1,1,1],[3600000,{padding}2,2,2,2,3]]");

        var bars = CandleReader.ReadFreqtradeJson(path, Btc, H1).ToList();

        bars.Count.ShouldBe(2);
        bars[1].Close.ShouldBe(2);
    }

    [Fact]
    public void ReadFreqtradeJson_LargeFile_StreamsWithBoundedBufferAndAllocation()
    {
        const int rows = 300_000;
        string path = Path.Combine(_dir.Path, "BIG_USDT-1h.json");
        using (var writer = new StreamWriter(path))
        {
            writer.Write('[');
            for (int i = 0; i < rows; i++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}[{i * 3_600_000L},{100 + (i % 97)}.5,{102 + (i % 97)},{99 + (i % 97)},{101 + (i % 97)}.25,{i}]"));
            }

            writer.Write(']');
        }

        long fileLength = new FileInfo(path).Length;
        fileLength.ShouldBeGreaterThan(10_000_000);

        long count = 0;
        double checksum = 0;
        int maxBuffer = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        using (var reader = new FreqtradeJsonCandleEnumerator(path, Btc, H1, long.MinValue, long.MaxValue))
        {
            while (reader.MoveNext())
            {
                var bar = reader.Current;
                checksum += bar.Volume;
                count++;
                maxBuffer = Math.Max(maxBuffer, reader.BufferLength);
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        count.ShouldBe(rows);
        checksum.ShouldBe((double)rows * (rows - 1) / 2);
        maxBuffer.ShouldBe(FreqtradeJsonCandleEnumerator.InitialBufferSize);
        allocated.ShouldBeLessThan(fileLength / 20, "the reader must not hold the file in memory");
    }
}
