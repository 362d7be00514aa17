using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.MarketData;

public sealed class BarTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");

    // Binance BTC/USDT 1h, 2020-12-01 00:00 UTC (shared/data/nfi_binance_usdt, first row).
    private static readonly DateTimeOffset OpenTime = DateTimeOffset.FromUnixTimeMilliseconds(1606780800000);

    [Fact]
    public void Constructor_RealBinanceCandle_KeepsValuesAndComputesCloseTime()
    {
        var bar = new Bar(Btc, Timeframe.OneHour, OpenTime, 19695.87, 19720.0, 19479.8, 19565.47, 4570.361518);

        bar.Open.ShouldBe(19695.87);
        bar.High.ShouldBe(19720.0);
        bar.Low.ShouldBe(19479.8);
        bar.Close.ShouldBe(19565.47);
        bar.Volume.ShouldBe(4570.361518);
        bar.CloseTime.ShouldBe(new DateTimeOffset(2020, 12, 1, 1, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(double.NaN, 2, 1, 1.5, 1)]
    [InlineData(1, double.PositiveInfinity, 1, 1, 1)]
    [InlineData(0, 2, 1, 1.5, 1)]
    [InlineData(-1, 2, 1, 1.5, 1)]
    [InlineData(1.5, 1, 2, 1.5, 1)]
    [InlineData(3, 2, 1, 1.5, 1)]
    [InlineData(1.5, 2, 1, 0.5, 1)]
    [InlineData(1.5, 2, 1, 1.5, -1)]
    [InlineData(1.5, 2, 1, 1.5, double.NaN)]
    public void Constructor_BadCandle_ThrowsArgumentException(double open, double high, double low, double close, double volume)
    {
        Should.Throw<ArgumentException>(() => new Bar(Btc, Timeframe.OneHour, OpenTime, open, high, low, close, volume));
        Bar.Validate(Btc, Timeframe.OneHour, open, high, low, close, volume).ShouldNotBeNull();
    }

    [Fact]
    public void Validate_MissingPairOrTimeframe_NamesTheProblem()
    {
        Bar.Validate(default, Timeframe.OneHour, 1, 1, 1, 1, 0)!.ShouldContain("pair");
        Bar.Validate(Btc, default, 1, 1, 1, 1, 0)!.ShouldContain("timeframe");
        Bar.Validate(Btc, Timeframe.OneHour, 1, 1, 1, 1, 0).ShouldBeNull();
    }
}
