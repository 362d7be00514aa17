using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.MarketData;

public sealed class PriceTickTests
{
    private static readonly TradingPair Eth = new("ETH", "USDT");

    [Fact]
    public void Constructor_BidAndAsk_ComputesMid()
    {
        var tick = new PriceTick(Eth, DateTimeOffset.UnixEpoch, 600.10, 600.20);

        tick.Mid.ShouldBe(600.15, 1e-9);
    }

    [Theory]
    [InlineData(double.NaN, 1)]
    [InlineData(1, double.NaN)]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    [InlineData(2, 1)]
    public void Constructor_BadQuote_ThrowsArgumentException(double bid, double ask)
    {
        Should.Throw<ArgumentException>(() => new PriceTick(Eth, DateTimeOffset.UnixEpoch, bid, ask));
    }

    [Fact]
    public void FromTrade_Price_SetsBidAndAsk()
    {
        var tick = PriceTick.FromTrade(Eth, DateTimeOffset.UnixEpoch, 612.5);

        tick.Bid.ShouldBe(612.5);
        tick.Ask.ShouldBe(612.5);
        Should.Throw<ArgumentException>(() => PriceTick.FromTrade(default, DateTimeOffset.UnixEpoch, 1));
    }
}
