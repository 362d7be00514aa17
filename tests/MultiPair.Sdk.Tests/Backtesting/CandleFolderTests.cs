using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Backtesting;

public sealed class CandleFolderTests
{
    private static readonly string DataFolder = Path.Combine(AppContext.BaseDirectory, "Backtesting", "Data");
    private static readonly TradingPair Xrp = new("XRP", "USDT");

    [Fact]
    public void Constructor_TestDataFolder_ListsPairsTimeframesAndFiles()
    {
        var folder = new CandleFolder(DataFolder);

        folder.Pairs.Select(p => p.ToString()).ShouldBe(["ADA/USDT", "BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT"]);
        folder.Timeframes.ShouldBe([Timeframe.OneHour]);
        folder.Files.Count.ShouldBe(6);
        folder.Files.Where(f => f.Pair == Xrp).Select(f => f.Type).ShouldBe([CandleType.Futures, CandleType.Mark]);
        folder.GetTimeframes(Xrp).ShouldBe([Timeframe.OneHour]);
        folder.GetTimeframes(new TradingPair("DOGE", "USDT")).ShouldBeEmpty();
    }

    [Fact]
    public void Open_FuturesOnlyPair_OpensFreqtradeFuturesFile()
    {
        var folder = new CandleFolder(DataFolder);

        var bars = folder.Open(Xrp, Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).ToList();

        bars.Count.ShouldBe(100);
        bars[0].Pair.ShouldBe(Xrp);
        bars[0].OpenTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1637110800000));
        (bars[0].Open, bars[0].High, bars[0].Low, bars[0].Close, bars[0].Volume).ShouldBe((1.0801, 1.09758, 1.07654, 1.07925, 3153694.607359));
    }

    [Fact]
    public void Open_BarsCarryTheCallersPairItself()
    {
        // The pair as the caller spelled it, with the caller's own strings (the file name's are other instances of the
        // same text): downstream comparisons with the caller's configuration are reference checks.
        using var dir = new TempCandleDirectory();
        dir.Write("QWZ_USDT-1h.csv", "open_time_ms,open,high,low,close,volume\n1609459200000,1,2,0.5,1.5,10\n");
        var folder = new CandleFolder(dir.Path);
        var pair = TradingPair.Parse("qwz/usdt");

        var bar = folder.Open(pair, Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Single();
        var typed = folder.Open(pair, Timeframe.OneHour, CandleType.Spot, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Single();
        var merged = folder.OpenMerged([pair], Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Single();

        ReferenceEquals(folder.Files.Single().Pair.Base, pair.Base).ShouldBeFalse();
        ReferenceEquals(bar.Pair.Base, pair.Base).ShouldBeTrue();
        ReferenceEquals(typed.Pair.Base, pair.Base).ShouldBeTrue();
        ReferenceEquals(merged.Pair.Base, pair.Base).ShouldBeTrue();
    }

    [Fact]
    public void Open_MarkType_ReadsNullVolumeAsZero()
    {
        var folder = new CandleFolder(DataFolder);

        var bars = folder.Open(Xrp, Timeframe.OneHour, CandleType.Mark, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).ToList();

        bars.Count.ShouldBe(100);
        bars.ShouldAllBe(b => b.Volume == 0);
    }

    [Fact]
    public void Open_Range_FiltersToHalfOpenInterval()
    {
        var folder = new CandleFolder(DataFolder);
        var start = new DateTimeOffset(2020, 12, 2, 0, 0, 0, TimeSpan.Zero);

        var bars = folder.Open(new TradingPair("ADA", "USDT"), Timeframe.OneHour, start, start.AddDays(1)).ToList();

        bars.Count.ShouldBe(24);
        bars[0].OpenTime.ShouldBe(start);
        bars[^1].OpenTime.ShouldBe(start.AddHours(23));
    }

    [Fact]
    public void OpenMerged_AllSpotPairs_OneStreamInOrder()
    {
        var folder = new CandleFolder(DataFolder);
        var spot = folder.Pairs.Where(p => p != Xrp).ToList();

        var merged = folder.OpenMerged(spot, Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).ToList();

        merged.Count.ShouldBe(1200);
        merged.Take(4).Select(b => b.Pair).ShouldBe(spot);
    }

    [Fact]
    public void Open_MissingPairOrTimeframe_ThrowsArgumentException()
    {
        var folder = new CandleFolder(DataFolder);

        Should.Throw<ArgumentException>(() => folder.Open(new TradingPair("DOGE", "USDT"), Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Should.Throw<ArgumentException>(() => folder.Open(Xrp, Timeframe.OneDay, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Should.Throw<ArgumentException>(() => folder.Open(new TradingPair("BTC", "USDT"), Timeframe.OneHour, CandleType.Mark, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public void Constructor_MissingFolder_ThrowsCandleDataException()
    {
        string path = Path.Combine(Path.GetTempPath(), "multipair-missing-" + Guid.NewGuid().ToString("N"));

        Should.Throw<CandleDataException>(() => new CandleFolder(path)).Message.ShouldContain(path);
    }

    [Fact]
    public void Constructor_JsonAndCsvTwins_PrefersJson()
    {
        using var dir = new TempCandleDirectory();
        dir.Write("BTC_USDT-5m.csv", "open_time_ms,open,high,low,close,volume\n0,2,2,2,2,2\n");
        dir.Write("BTC_USDT-5m.json", "[[0,1,1,1,1,1]]");
        dir.Write("BTC_USDT-8h-funding_rate.json", "[[0,0.0001,0,0,0,0]]");
        dir.Write("BTC_USDT-5m.feather", "x");

        var folder = new CandleFolder(dir.Path);

        folder.Files.Count.ShouldBe(2);
        folder.Open(new TradingPair("BTC", "USDT"), Timeframe.FiveMinutes, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Single().Close.ShouldBe(1);
    }

    [Theory]
    [InlineData("BTC_USDT-1h.json", "BTC/USDT", "1h", CandleType.Spot)]
    [InlineData("btc_usdt-5m.CSV", "BTC/USDT", "5m", CandleType.Spot)]
    [InlineData("XRP_USDT_USDT-1h-futures.json", "XRP/USDT", "1h", CandleType.Futures)]
    [InlineData("XRP_USDT_USDT-8h-mark.json", "XRP/USDT", "8h", CandleType.Mark)]
    [InlineData("1000SHIB_USDT-15m.csv", "1000SHIB/USDT", "15m", CandleType.Spot)]
    [InlineData("UNITTEST_BTC-1m.json", "UNITTEST/BTC", "1m", CandleType.Spot)]
    public void TryParseFileName_FreqtradeNames_Parses(string fileName, string pair, string timeframe, CandleType type)
    {
        CandleFolder.TryParseFileName(fileName, out var p, out var tf, out var t).ShouldBeTrue();

        p.ToString().ShouldBe(pair);
        tf.ShouldBe(Timeframe.Parse(timeframe));
        t.ShouldBe(type);
    }

    [Theory]
    [InlineData("NOTICE.md")]
    [InlineData("BTC_USDT-1h.feather")]
    [InlineData("XRP_USDT_USDT-8h-funding_rate.json")]
    [InlineData("BTC_USDT-1M.json")]
    [InlineData("BTCUSDT.json")]
    [InlineData("A_B_C_D-1h.json")]
    [InlineData(null)]
    public void TryParseFileName_OtherNames_ReturnsFalse(string? fileName)
    {
        CandleFolder.TryParseFileName(fileName, out _, out _, out _).ShouldBeFalse();
    }
}
