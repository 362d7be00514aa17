using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Markets;
using static MultiPair.Sdk.Tests.Allocation.AllocationFixture;

namespace MultiPair.Sdk.Tests.Allocation;

public sealed class MarketStatisticsTableTests
{
    [Fact]
    public void Correlation_SetOneWay_ReadsBothWaysAndOneWithItself()
    {
        var table = MarketStatisticsTable.Empty.WithCorrelation(Eth, Btc, 0.7);

        table.Correlation(Btc, Eth).ShouldBe(0.7);
        table.Correlation(Eth, Btc).ShouldBe(0.7);
        table.Correlation(Sol, Sol).ShouldBe(1d);
        table.Correlation(Btc, Sol).ShouldBeNull();
    }

    [Fact]
    public void With_ReturnsNewTable_LeavesOriginalUnchanged()
    {
        var original = new MarketStatisticsTable(new Dictionary<TradingPair, double> { [Btc] = 500 }, new Dictionary<TradingPair, double> { [Btc] = 0.02 });

        var changed = original.WithAtr(Btc, 600).WithVolatility(Eth, 0.05);

        original.Atr(Btc).ShouldBe(500);
        original.Volatility(Eth).ShouldBeNull();
        changed.Atr(Btc).ShouldBe(600);
        changed.Volatility(Btc).ShouldBe(0.02);
        changed.Volatility(Eth).ShouldBe(0.05);
        MarketStatisticsTable.Empty.Atr(Btc).ShouldBeNull();
    }

    [Fact]
    public void With_DefaultOrSamePair_Throws()
    {
        Should.Throw<ArgumentException>(() => MarketStatisticsTable.Empty.WithAtr(default, 1));
        Should.Throw<ArgumentException>(() => MarketStatisticsTable.Empty.WithCorrelation(Btc, Btc, 1));
    }
}
