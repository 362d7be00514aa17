using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Tests.MarketData;

public sealed class TimeframeTests
{
    [Theory]
    [InlineData("1m", 60)]
    [InlineData("5m", 300)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3_600)]
    [InlineData("4h", 14_400)]
    [InlineData("1d", 86_400)]
    [InlineData("1w", 604_800)]
    [InlineData("30s", 30)]
    [InlineData("90m", 5_400)]
    public void Parse_ExchangeSpelling_ReturnsDuration(string text, int seconds)
    {
        Timeframe.Parse(text).Duration.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("5M")]
    [InlineData("5x")]
    [InlineData("2w")]
    [InlineData("1 h")]
    public void Parse_BadText_ThrowsFormatException(string text)
    {
        Should.Throw<FormatException>(() => Timeframe.Parse(text));
        Timeframe.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void ToString_Durations_UsesLargestWholeUnit()
    {
        Timeframe.FourHours.ToString().ShouldBe("4h");
        Timeframe.FiveMinutes.ToString().ShouldBe("5m");
        new Timeframe(TimeSpan.FromMinutes(90)).ToString().ShouldBe("90m");
        new Timeframe(TimeSpan.FromSeconds(45)).ToString().ShouldBe("45s");
        Timeframe.OneDay.ToString().ShouldBe("1d");
    }

    [Fact]
    public void Constructor_FractionalSeconds_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new Timeframe(TimeSpan.FromMilliseconds(1_500)));
        Should.Throw<ArgumentOutOfRangeException>(() => new Timeframe(TimeSpan.Zero));
    }

    [Fact]
    public void BarOpenTime_InstantInsideBar_ReturnsAlignedOpen()
    {
        var instant = new DateTimeOffset(2021, 3, 14, 13, 47, 12, TimeSpan.FromHours(2));

        Timeframe.FourHours.BarOpenTime(instant).ShouldBe(new DateTimeOffset(2021, 3, 14, 8, 0, 0, TimeSpan.Zero));
        Timeframe.FifteenMinutes.BarOpenTime(instant).ShouldBe(new DateTimeOffset(2021, 3, 14, 11, 45, 0, TimeSpan.Zero));
        Timeframe.OneDay.BarOpenTime(instant).ShouldBe(new DateTimeOffset(2021, 3, 14, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void CompareTo_Timeframes_OrdersByDuration()
    {
        (Timeframe.OneMinute < Timeframe.OneHour).ShouldBeTrue();
        (Timeframe.OneDay >= Timeframe.FourHours).ShouldBeTrue();
        new[] { Timeframe.OneDay, Timeframe.OneMinute, Timeframe.OneHour }.Order().ShouldBe([Timeframe.OneMinute, Timeframe.OneHour, Timeframe.OneDay]);
    }
}
