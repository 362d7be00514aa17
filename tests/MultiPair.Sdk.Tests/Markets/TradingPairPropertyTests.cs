using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Markets;

public sealed class TradingPairPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static readonly PairFormat[] DelimitedFormats =
        [PairFormat.Canonical, PairFormat.Dash, PairFormat.Underscore, PairFormat.LinearPerpetual];

    [Fact]
    public void Parse_AnyFormatWithCatalogContainingPair_RoundTrips()
    {
        // The catalog also lists unrelated pairs; those sharing a concatenation with the pair under test are left out.
        var gen =
            from pair in MarketGenerators.AnyPair
            from others in Gen.ListOf(MarketGenerators.AnyPair, 20)
            from format in MarketGenerators.Format
            select (pair, others, format);

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var listed = new Dictionary<string, TradingPair>(StringComparer.Ordinal) { [t.pair.Format(PairFormat.Concatenated)] = t.pair };
            foreach (var other in t.others)
            {
                listed.TryAdd(other.Format(PairFormat.Concatenated), other);
            }

            var catalog = new PairCatalog(listed.Values);
            string text = t.pair.Format(t.format);
            return TradingPair.Parse(text, catalog) == t.pair
                && TradingPair.Parse("  " + text.ToLowerInvariant() + " ", catalog) == t.pair;
        }));
    }

    [Fact]
    public void Parse_AnyFormatKnownQuoteWithoutCatalog_OriginalPairOrFormatException()
    {
        var gen =
            from pair in MarketGenerators.PairWithKnownQuote
            from format in MarketGenerators.Format
            select (pair, format);

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            string text = t.pair.Format(t.format);
            try
            {
                return TradingPair.Parse(text) == t.pair;
            }
            catch (FormatException)
            {
                return !TradingPair.TryParse(text, out _) && !DelimitedFormats.Contains(t.format);
            }
        }));
    }

    [Fact]
    public void Parse_ConcatenatedAnyQuoteWithoutCatalog_NeverSplitsAtUnknownQuote()
    {
        // A quote outside KnownQuoteAssets cannot be recognised without a catalog: the parser either refuses, or returns
        // the only split at a known quote (the same characters). With a known quote, that split is the original pair.
        var gen =
            from pair in MarketGenerators.AnyPair
            from format in Gen.Elements(PairFormat.Concatenated, PairFormat.LowerConcatenated)
            select (pair, format);

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            bool parsed = TradingPair.TryParse(t.pair.Format(t.format), out var result);
            bool knownQuote = TradingPair.KnownQuoteAssets.Contains(t.pair.Quote, StringComparer.Ordinal);
            return !parsed
                || (TradingPair.KnownQuoteAssets.Contains(result.Quote, StringComparer.Ordinal)
                    && string.Equals(result.Format(PairFormat.Concatenated), t.pair.Format(PairFormat.Concatenated), StringComparison.Ordinal)
                    && (!knownQuote || result == t.pair));
        }));
    }

    [Fact]
    public void Parse_DelimitedFormatAnyPairWithoutCatalog_AlwaysRoundTrips()
    {
        var gen =
            from pair in MarketGenerators.AnyPair
            from format in Gen.Elements(DelimitedFormats)
            select (pair, format);

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
            TradingPair.Parse(t.pair.Format(t.format)) == t.pair
            && TradingPair.Parse(t.pair.Format(t.format).ToLowerInvariant().AsSpan()) == t.pair));
    }

    [Fact]
    public void Parse_ConcatenatedAmbiguousWithoutCatalog_MessageNamesEveryCandidate()
    {
        // Build symbols that are ambiguous by construction: BASE + X + Q where X + Q and Q are both known quotes.
        string[] quotes = [.. TradingPair.KnownQuoteAssets];
        var pairsOfQuotes = quotes
            .SelectMany(longQ => quotes.Where(shortQ => longQ.Length > shortQ.Length && longQ.EndsWith(shortQ, StringComparison.Ordinal))
                .Select(shortQ => (longQ, shortQ)))
            .ToArray();
        pairsOfQuotes.ShouldNotBeEmpty();
        var gen =
            from b in MarketGenerators.Asset
            from q in Gen.Elements(pairsOfQuotes)
            select (b, q.longQ, q.shortQ);

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var ex = Should.Throw<FormatException>(() => TradingPair.Parse(t.b + t.longQ));
            string shortBase = t.b + t.longQ[..^t.shortQ.Length];
            ex.Message.ShouldContain($"{t.b}/{t.longQ}");
            ex.Message.ShouldContain($"{shortBase}/{t.shortQ}");
        }));
    }
}
