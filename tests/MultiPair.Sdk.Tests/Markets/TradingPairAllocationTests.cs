using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Markets;

public sealed class TradingPairAllocationTests
{
    [Theory]
    [InlineData("BTCUSDT")]
    [InlineData("btcusdt")]
    [InlineData("BTC-USDT")]
    [InlineData("btc/usdt:usdt")]
    public void Parse_WithCatalog_AllocatesNothing(string text)
    {
        var catalog = new PairCatalog([new TradingPair("BTC", "USDT"), new TradingPair("ETH", "BTC")]);

        AllocatedBytes(() => TradingPair.Parse(text.AsSpan(), catalog)).ShouldBe(0);
    }

    [Theory]
    [InlineData("ETHBTC")]
    [InlineData("eth_btc")]
    [InlineData("BTC/USDT")]
    public void Parse_KnownAssetsWithoutCatalog_AllocatesNothing(string text)
    {
        AllocatedBytes(() => TradingPair.Parse(text.AsSpan())).ShouldBe(0);
    }

    private static long AllocatedBytes(Func<TradingPair> parse)
    {
        for (int i = 0; i < 1000; i++)
        {
            parse();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            parse();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
