using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Markets;

public sealed class PairCatalogTests
{
    private static readonly TradingPair EthBusd = new("ETH", "BUSD");
    private static readonly TradingPair EthbUsd = new("ETHB", "USD");
    private static readonly TradingPair BtcUsdt = new("BTC", "USDT");

    [Fact]
    public void Parse_AmbiguousSymbolCatalogListsEthSlashBusd_ReturnsEthBusd()
    {
        var catalog = new PairCatalog([EthBusd, BtcUsdt]);

        TradingPair.Parse("ETHBUSD", catalog).ShouldBe(EthBusd);
        TradingPair.Parse("ethbusd", catalog).ShouldBe(EthBusd);
    }

    [Fact]
    public void Parse_AmbiguousSymbolCatalogListsEthbSlashUsd_ReturnsEthbUsd()
    {
        var catalog = new PairCatalog([EthbUsd]);

        TradingPair.Parse("ETHBUSD", catalog).ShouldBe(EthbUsd);
        TradingPair.TryParse("ETHBUSD".AsSpan(), catalog, out var pair).ShouldBeTrue();
        pair.ShouldBe(EthbUsd);
    }

    [Fact]
    public void Parse_QuoteNotInKnownList_ResolvesThroughCatalog()
    {
        var unusual = new TradingPair("A", "XUSD");
        var catalog = new PairCatalog([unusual]);

        TradingPair.Parse("AXUSD", catalog).ShouldBe(unusual);
        TradingPair.Parse("AXUSD").ShouldBe(new TradingPair("AX", "USD")); // Without the list, the only known-quote split wins.
    }

    [Theory]
    [InlineData("BTC/USDT")]
    [InlineData("BTC-USDT")]
    [InlineData("btc_usdt")]
    [InlineData("BTC/USDT:USDT")]
    [InlineData(" btcusdt ")]
    public void Parse_ListedPairAnySpelling_ReturnsCatalogPair(string text)
    {
        var catalog = new PairCatalog([EthBusd, BtcUsdt]);

        TradingPair.Parse(text, catalog).ShouldBe(BtcUsdt);
    }

    [Theory]
    [InlineData("ETHUSDT")]
    [InlineData("ETH/USDT")]
    [InlineData("ETHB/USD")]
    [InlineData("BTCUSDC")]
    public void Parse_PairNotListed_ThrowsNotInInstrumentList(string text)
    {
        var catalog = new PairCatalog([EthBusd, BtcUsdt]);

        var ex = Should.Throw<FormatException>(() => TradingPair.Parse(text, catalog));

        ex.Message.ShouldContain("not in the instrument list");
        ex.Message.ShouldContain(text);
        TradingPair.TryParse(text, catalog, out var pair).ShouldBeFalse();
        pair.IsDefault.ShouldBeTrue();
    }

    [Fact]
    public void Parse_MalformedWithCatalog_ReportsFormatProblem()
    {
        var catalog = new PairCatalog([BtcUsdt]);

        Should.Throw<FormatException>(() => TradingPair.Parse("BTC/USDT/X", catalog)).Message.ShouldContain("exactly one delimiter");
    }

    [Fact]
    public void Parse_NullCatalog_ThrowsArgumentNullException()
    {
        Should.Throw<ArgumentNullException>(() => TradingPair.Parse("BTCUSDT", (PairCatalog)null!));
        Should.Throw<ArgumentNullException>(() => TradingPair.TryParse("BTCUSDT", (PairCatalog)null!, out _));
    }

    [Fact]
    public void Constructor_TwoPairsSameConcatenation_ThrowsArgumentException()
    {
        var ex = Should.Throw<ArgumentException>(() => new PairCatalog([EthBusd, BtcUsdt, EthbUsd]));

        ex.Message.ShouldContain("ETH/BUSD");
        ex.Message.ShouldContain("ETHB/USD");
        ex.Message.ShouldContain("ETHBUSD");
        ex.ParamName.ShouldBe("pairs");
    }

    [Fact]
    public void Constructor_DefaultPair_ThrowsArgumentException()
    {
        Should.Throw<ArgumentException>(() => new PairCatalog([BtcUsdt, default]));
    }

    [Fact]
    public void Constructor_Duplicates_KeptOnceInFirstAppearanceOrder()
    {
        var catalog = new PairCatalog([BtcUsdt, EthBusd, TradingPair.Parse("btc/usdt")]);

        catalog.Count.ShouldBe(2);
        catalog.ToList().ShouldBe([BtcUsdt, EthBusd]);
    }

    [Fact]
    public void Contains_ListedAndUnlisted_ReportsMembership()
    {
        var catalog = new PairCatalog([EthBusd, BtcUsdt]);

        catalog.Contains(EthBusd).ShouldBeTrue();
        catalog.Contains(TradingPair.Parse("BTC-USDT")).ShouldBeTrue();
        catalog.Contains(EthbUsd).ShouldBeFalse();
        catalog.Contains(default).ShouldBeFalse();
    }

    [Fact]
    public void TryGetBySymbol_CaseInsensitive_FindsPair()
    {
        var catalog = new PairCatalog([BtcUsdt]);

        catalog.TryGetBySymbol("BtCuSdT", out var pair).ShouldBeTrue();
        pair.ShouldBe(BtcUsdt);
        catalog.TryGetBySymbol("BTC/USDT", out _).ShouldBeFalse();
    }

    [Fact]
    public void FromInstruments_SpotAndPerpetualOfSamePair_OnePair()
    {
        var catalog = PairCatalog.FromInstruments(
        [
            new Instrument(BtcUsdt, MarketType.Spot, 0.01m, 0.00001m),
            new Instrument(BtcUsdt, MarketType.LinearPerpetual, 0.10m, 0.001m),
            new Instrument(EthBusd, MarketType.Spot, 0.01m, 0.0001m),
        ]);

        catalog.Count.ShouldBe(2);
        catalog.Contains(BtcUsdt).ShouldBeTrue();
        TradingPair.Parse("ETHBUSD", catalog).ShouldBe(EthBusd);
    }

    [Fact]
    public void FromInstruments_NullItem_ThrowsArgumentException()
    {
        Should.Throw<ArgumentException>(() => PairCatalog.FromInstruments([null!]));
        Should.Throw<ArgumentNullException>(() => PairCatalog.FromInstruments(null!));
    }

    [Fact]
    public void Parse_LongSymbols_UsePooledBuffer()
    {
        var longPair = new TradingPair(new string('A', 100), new string('B', 100));
        var catalog = new PairCatalog([longPair]);

        TradingPair.Parse(longPair.Format(PairFormat.Dash), catalog).ShouldBe(longPair);
        TradingPair.Parse(longPair.Format(PairFormat.LowerConcatenated), catalog).ShouldBe(longPair);
        TradingPair.Parse(longPair.Format(PairFormat.Underscore).ToLowerInvariant()).ShouldBe(longPair);
    }
}
