using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Markets;

public sealed class TradingPairTests
{
    private static readonly TradingPair BtcUsdt = new("BTC", "USDT");

    [Fact]
    public void Constructor_LowerCaseAssets_UpperCases()
    {
        var pair = new TradingPair("btc", "usdt");

        pair.Base.ShouldBe("BTC");
        pair.Quote.ShouldBe("USDT");
        pair.ShouldBe(BtcUsdt);
        pair.IsDefault.ShouldBeFalse();
    }

    [Fact]
    public void Constructor_DigitsInAsset_Accepted()
    {
        var pair = new TradingPair("1000shib", "USDT");

        pair.Base.ShouldBe("1000SHIB");
        pair.ToString().ShouldBe("1000SHIB/USDT");
    }

    [Theory]
    [InlineData("", "USDT", "baseAsset")]
    [InlineData("BTC", "", "quoteAsset")]
    [InlineData(" ", "USDT", "baseAsset")]
    [InlineData("BT C", "USDT", "baseAsset")]
    [InlineData("BTC", "US/DT", "quoteAsset")]
    [InlineData("BTC-", "USDT", "baseAsset")]
    [InlineData("BTÇ", "USDT", "baseAsset")]
    [InlineData("BTC", "USDT\u0131", "quoteAsset")]
    public void Constructor_InvalidAsset_ThrowsArgumentException(string baseAsset, string quoteAsset, string paramName)
    {
        var ex = Should.Throw<ArgumentException>(() => new TradingPair(baseAsset, quoteAsset));

        ex.ParamName.ShouldBe(paramName);
    }

    [Fact]
    public void Constructor_NullAsset_ThrowsArgumentNullException()
    {
        Should.Throw<ArgumentNullException>(() => new TradingPair(null!, "USDT")).ParamName.ShouldBe("baseAsset");
    }

    [Fact]
    public void Default_IsDefault_EmptyAssetsAndCannotBeFormatted()
    {
        TradingPair pair = default;

        pair.IsDefault.ShouldBeTrue();
        pair.Base.ShouldBe(string.Empty);
        pair.Quote.ShouldBe(string.Empty);
        pair.ToString().ShouldBe(string.Empty);
        pair.ShouldNotBe(BtcUsdt);
        Should.Throw<InvalidOperationException>(() => pair.Format(PairFormat.Canonical));
    }

    [Theory]
    [InlineData("BTC/USDT")]
    [InlineData("BTCUSDT")]
    [InlineData("btcusdt")]
    [InlineData("BtcUsdt")]
    [InlineData("BTC-USDT")]
    [InlineData("BTC_USDT")]
    [InlineData("btc_usdt")]
    [InlineData("BTC/USDT:USDT")]
    [InlineData("btc/usdt:usdt")]
    [InlineData("  BTC/USDT \t")]
    [InlineData("\nBTCUSDT ")]
    public void Parse_EverySpelling_ReturnsCanonicalPair(string text)
    {
        TradingPair.Parse(text).ShouldBe(BtcUsdt);
        TradingPair.Parse(text.AsSpan()).ShouldBe(BtcUsdt);
        TradingPair.TryParse(text, out var pair).ShouldBeTrue();
        pair.ShouldBe(BtcUsdt);
        TradingPair.TryParse(text.AsSpan(), out pair).ShouldBeTrue();
        pair.ShouldBe(BtcUsdt);
    }

    [Theory]
    [InlineData("BTC-USD", "BTC", "USD")]
    [InlineData("ETHBTC", "ETH", "BTC")]
    [InlineData("1000SHIBUSDT", "1000SHIB", "USDT")]
    [InlineData("BNBFDUSD/USDT", "BNBFDUSD", "USDT")]
    [InlineData("USDTTRY", "USDT", "TRY")]
    [InlineData("ETHEUR", "ETH", "EUR")]
    [InlineData("XRP/BNB", "XRP", "BNB")]
    [InlineData("BTC/USD:BTC", "BTC", "USD")]
    [InlineData("SOL/WEIRDQUOTE", "SOL", "WEIRDQUOTE")]
    public void Parse_OtherPairs_SplitsBaseAndQuote(string text, string expectedBase, string expectedQuote)
    {
        var pair = TradingPair.Parse(text);

        pair.Base.ShouldBe(expectedBase);
        pair.Quote.ShouldBe(expectedQuote);
    }

    [Theory]
    [InlineData("ETHBUSD", "ETH/BUSD", "ETHB/USD")]
    [InlineData("BTCFDUSD", "BTC/FDUSD", "BTCFD/USD")]
    [InlineData("BTCBUSD", "BTC/BUSD", "BTCB/USD")]
    [InlineData("ETHTUSD", "ETH/TUSD", "ETHT/USD")]
    public void Parse_AmbiguousConcatenation_ThrowsNamingCandidates(string text, string first, string second)
    {
        var ex = Should.Throw<FormatException>(() => TradingPair.Parse(text));

        ex.Message.ShouldContain("ambiguous");
        ex.Message.ShouldContain(first);
        ex.Message.ShouldContain(second);
        ex.Message.ShouldContain("delimited spelling");
        ex.Message.ShouldContain(nameof(PairCatalog));
        TradingPair.TryParse(text, out var pair).ShouldBeFalse();
        pair.IsDefault.ShouldBeTrue();
    }

    [Theory]
    [InlineData("FOOBAR")]
    [InlineData("BTCXYZ")]
    [InlineData("USDT")]
    [InlineData("usd")]
    public void Parse_ConcatenationWithoutKnownQuote_ThrowsUnknownQuote(string text)
    {
        var ex = Should.Throw<FormatException>(() => TradingPair.Parse(text));

        ex.Message.ShouldContain("unknown quote asset");
        ex.Message.ShouldContain(text);
        TradingPair.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("BTC/USDT/ETH", "exactly one delimiter")]
    [InlineData("BTC-USDT_X", "exactly one delimiter")]
    [InlineData("BTC//USDT", "exactly one delimiter")]
    [InlineData("/USDT", "must not be empty")]
    [InlineData("BTC-", "must not be empty")]
    [InlineData("BTC/USDT:", "must not be empty")]
    [InlineData("BTC-USDT:USDT", "':SETTLE' suffix")]
    [InlineData("BTCUSDT:USDT", "':SETTLE' suffix")]
    [InlineData("BTC:X/USDT", "':SETTLE' suffix")]
    [InlineData("BTC/USDT:US:DT", "ASCII letters and digits")]
    [InlineData("BTC USDT", "ASCII letters and digits")]
    [InlineData("BTC.USDT", "ASCII letters and digits")]
    [InlineData("BTC/USDΤ", "ASCII letters and digits")]
    public void Parse_Malformed_ThrowsFormatExceptionWithReason(string text, string reason)
    {
        var ex = Should.Throw<FormatException>(() => TradingPair.Parse(text));

        ex.Message.ShouldContain(reason);
        TradingPair.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Should.Throw<ArgumentNullException>(() => TradingPair.Parse(null!));
        TradingPair.TryParse((string?)null, out var pair).ShouldBeFalse();
        pair.IsDefault.ShouldBeTrue();
    }

    [Fact]
    public void Parse_KnownAssets_ReusesInternedStrings()
    {
        var pair = TradingPair.Parse("ethbtc");

        ReferenceEquals(pair.Quote, TradingPair.KnownQuoteAssets.Single(q => string.Equals(q, "BTC", StringComparison.Ordinal))).ShouldBeTrue();
        ReferenceEquals(pair.Base, TradingPair.KnownQuoteAssets.Single(q => string.Equals(q, "ETH", StringComparison.Ordinal))).ShouldBeTrue();
    }

    [Fact]
    public void KnownQuoteAssets_ContainsRequiredQuotes_UpperCaseAndDistinct()
    {
        string[] required = ["USDT", "USDC", "FDUSD", "BUSD", "TUSD", "USDP", "DAI", "USD", "EUR", "GBP", "TRY", "BRL", "JPY", "AUD", "BTC", "ETH", "BNB"];

        foreach (string quote in required)
        {
            TradingPair.KnownQuoteAssets.ShouldContain(quote, StringComparer.Ordinal);
        }

        TradingPair.KnownQuoteAssets.Distinct(StringComparer.Ordinal).Count().ShouldBe(TradingPair.KnownQuoteAssets.Count);
        TradingPair.KnownQuoteAssets.ShouldAllBe(q => string.Equals(q, q.ToUpperInvariant(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PairFormat.Canonical, "BTC/USDT")]
    [InlineData(PairFormat.Concatenated, "BTCUSDT")]
    [InlineData(PairFormat.LowerConcatenated, "btcusdt")]
    [InlineData(PairFormat.Dash, "BTC-USDT")]
    [InlineData(PairFormat.Underscore, "BTC_USDT")]
    [InlineData(PairFormat.LinearPerpetual, "BTC/USDT:USDT")]
    public void Format_EachFormat_WritesExchangeSpelling(PairFormat format, string expected)
    {
        BtcUsdt.Format(format).ShouldBe(expected);
    }

    [Fact]
    public void Format_DigitsInBase_LowerCasesLettersOnly()
    {
        new TradingPair("1000SHIB", "USDT").Format(PairFormat.LowerConcatenated).ShouldBe("1000shibusdt");
    }

    [Fact]
    public void Format_UndefinedFormat_ThrowsArgumentOutOfRange()
    {
        var ex = Should.Throw<ArgumentOutOfRangeException>(() => BtcUsdt.Format((PairFormat)42));

        ex.ParamName.ShouldBe("format");
    }

    [Fact]
    public void ToString_Always_Canonical()
    {
        BtcUsdt.ToString().ShouldBe("BTC/USDT");
        TradingPair.Parse("eth_btc").ToString().ShouldBe("ETH/BTC");
    }

    [Fact]
    public void Equality_DifferentSpellings_EqualAndSameHash()
    {
        var a = TradingPair.Parse("btc-usdt");
        var b = new TradingPair("BTC", "usdt");

        (a == b).ShouldBeTrue();
        a.GetHashCode().ShouldBe(b.GetHashCode());
        new HashSet<TradingPair> { a, b }.Count.ShouldBe(1);
    }

    [Fact]
    public void IParsable_GenericParse_UsesSameRules()
    {
        ParseGeneric<TradingPair>("BTCUSDT").ShouldBe(BtcUsdt);
        TryParseSpanGeneric<TradingPair>("BTC_USDT", out var pair).ShouldBeTrue();
        pair.ShouldBe(BtcUsdt);
        Should.Throw<FormatException>(() => ParseGeneric<TradingPair>("ETHBUSD"));
    }

    private static T ParseGeneric<T>(string text)
        where T : IParsable<T> => T.Parse(text, provider: null);

    private static bool TryParseSpanGeneric<T>(string text, out T result)
        where T : ISpanParsable<T> => T.TryParse(text.AsSpan(), provider: null, out result!);
}
