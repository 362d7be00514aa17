using System.Buffers;
using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MultiPair.Sdk.Markets;

/// <summary>
/// A tradable pair in its one canonical form, <c>BASE/QUOTE</c> (for example <c>BTC/USDT</c>).
/// </summary>
/// <remarks>
/// <para>
/// Assets are upper case and consist of ASCII letters and digits only (<c>1000SHIB</c> is valid).
/// Equality is ordinal on the upper-case assets, so every spelling of a pair yields equal values.
/// </para>
/// <para>
/// Parsing accepts the spellings users and exchanges use: <c>BTC/USDT</c>, <c>BTCUSDT</c>, <c>btcusdt</c>,
/// <c>BTC-USDT</c>, <c>BTC_USDT</c> and ccxt's <c>BTC/USDT:USDT</c>. A concatenated symbol is split only when
/// exactly one split is possible; otherwise parsing fails rather than guessing. Pass a <see cref="PairCatalog"/>
/// built from the exchange's instrument list to resolve every symbol the exchange lists.
/// </para>
/// <para>Immutable and thread-safe. <c>default</c> is not a valid pair (see <see cref="IsDefault"/>).</para>
/// </remarks>
public readonly record struct TradingPair : ISpanParsable<TradingPair>
{
    private const int StackBufferLength = 128;

    private static readonly string[] KnownQuotes =
    [
        // Stablecoins.
        "USDT", "USDC", "FDUSD", "BUSD", "TUSD", "USDP", "PAX", "USDS", "DAI", "EURI", "AEUR",

        // Fiat currencies (Binance, Bybit, Coinbase, Kraken).
        "USD", "EUR", "GBP", "TRY", "BRL", "JPY", "AUD", "CAD", "CHF", "RUB", "UAH", "ZAR", "NGN", "PLN", "RON",
        "ARS", "MXN", "IDRT", "BIDR",

        // Crypto quote assets.
        "BTC", "ETH", "BNB", "XRP", "TRX", "DOGE", "SOL",
    ];

    private static readonly ReadOnlyCollection<string> KnownQuotesView = Array.AsReadOnly(KnownQuotes);

    private static readonly FrozenDictionary<string, string> QuoteByName =
        KnownQuotes.ToFrozenDictionary(static q => q, static q => q, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> QuoteLookup =
        QuoteByName.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly int[] QuoteLengths = [.. KnownQuotes.Select(static q => q.Length).Distinct().OrderDescending()];

    private static readonly SearchValues<char> Delimiters = SearchValues.Create("/-_");

    private readonly string? _base;
    private readonly string? _quote;

    // Computed once: pairs key most of the engine's per-bar dictionaries, so hashing both strings on every lookup adds up.
    private readonly int _hash;

    /// <summary>Initializes a new pair from its base and quote assets (case-insensitive).</summary>
    /// <param name="baseAsset">The asset bought or sold, for example <c>BTC</c>.</param>
    /// <param name="quoteAsset">The asset prices are expressed in, for example <c>USDT</c>.</param>
    /// <exception cref="ArgumentNullException">An asset is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An asset is empty or contains anything but ASCII letters and digits.</exception>
    public TradingPair(string baseAsset, string quoteAsset)
    {
        _base = NormalizeAsset(baseAsset, nameof(baseAsset));
        _quote = NormalizeAsset(quoteAsset, nameof(quoteAsset));
        _hash = Hash(_base, _quote);
    }

    // Assets already validated and upper case.
    private TradingPair((string Base, string Quote) assets)
    {
        (_base, _quote) = assets;
        _hash = Hash(_base, _quote);
    }

    private enum ParseStatus
    {
        Success,
        Empty,
        InvalidCharacter,
        TooManyDelimiters,
        EmptyAsset,
        MisplacedSettle,
        UnknownQuote,
        Ambiguous,
        NotInCatalog,
    }

    /// <summary>
    /// Gets the quote assets a concatenated symbol such as <c>BTCUSDT</c> is split against when no
    /// <see cref="PairCatalog"/> is given (upper case).
    /// </summary>
    /// <value>Stablecoins, fiat currencies and the crypto assets Binance, Bybit and Coinbase quote in.</value>
    public static IReadOnlyList<string> KnownQuoteAssets => KnownQuotesView;

    /// <summary>Gets the base asset, upper case (empty for <c>default</c>).</summary>
    public string Base => _base ?? string.Empty;

    /// <summary>Gets the quote asset, upper case (empty for <c>default</c>).</summary>
    public string Quote => _quote ?? string.Empty;

    /// <summary>Gets a value indicating whether this is <c>default(TradingPair)</c>, which is not a valid pair.</summary>
    public bool IsDefault => _base is null;

    /// <summary>Parses any supported spelling of a pair without an instrument list.</summary>
    /// <param name="text">
    /// <c>BTC/USDT</c>, <c>BTC-USDT</c>, <c>BTC_USDT</c>, <c>BTC/USDT:USDT</c> (the settle asset is dropped),
    /// or a concatenated <c>BTCUSDT</c>/<c>btcusdt</c>; case-insensitive, surrounding white space ignored.
    /// </param>
    /// <returns>The pair.</returns>
    /// <remarks>
    /// A concatenated symbol is split where a suffix is one of <see cref="KnownQuoteAssets"/> and a non-empty base
    /// remains. Exactly one such split is required: <c>ETHBUSD</c> (ETH/BUSD or ETHB/USD) fails. The result is the
    /// original pair whenever its quote asset is in <see cref="KnownQuoteAssets"/>. A pair quoted in another asset needs a
    /// delimited spelling or a <see cref="PairCatalog"/>: its concatenation either fails or, when it happens to end in a
    /// known quote (<c>A/XUSD</c> written <c>AXUSD</c>), reads as that split (<c>AX/USD</c>). Exchange symbols should
    /// therefore be parsed with <see cref="Parse(string, PairCatalog)"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a pair, or a concatenated symbol cannot be split unambiguously.</exception>
    public static TradingPair Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses any supported spelling of a pair, resolving it against an instrument list.</summary>
    /// <param name="text">Any spelling accepted by <see cref="Parse(string)"/>.</param>
    /// <param name="catalog">The pairs the exchange lists.</param>
    /// <returns>The pair, as listed in <paramref name="catalog"/>.</returns>
    /// <remarks>
    /// Concatenated symbols resolve only through <paramref name="catalog"/>, so <c>ETHBUSD</c> resolves to whichever
    /// of ETH/BUSD and ETHB/USD is listed. Delimited spellings are split at the delimiter and must be listed.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="catalog"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a pair, or the pair is not in <paramref name="catalog"/>.</exception>
    public static TradingPair Parse(string text, PairCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan(), catalog);
    }

    /// <summary>Parses any supported spelling of a pair without an instrument list.</summary>
    /// <param name="text">Any spelling accepted by <see cref="Parse(string)"/>.</param>
    /// <returns>The pair.</returns>
    /// <exception cref="FormatException">The text is not a pair, or a concatenated symbol cannot be split unambiguously.</exception>
    public static TradingPair Parse(ReadOnlySpan<char> text)
    {
        var status = TryParseCore(text, catalog: null, out var pair);
        return status == ParseStatus.Success ? pair : throw CreateFormatException(status, text, catalog: null);
    }

    /// <summary>Parses any supported spelling of a pair, resolving it against an instrument list.</summary>
    /// <param name="text">Any spelling accepted by <see cref="Parse(string)"/>.</param>
    /// <param name="catalog">The pairs the exchange lists.</param>
    /// <returns>The pair, as listed in <paramref name="catalog"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a pair, or the pair is not in <paramref name="catalog"/>.</exception>
    public static TradingPair Parse(ReadOnlySpan<char> text, PairCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var status = TryParseCore(text, catalog, out var pair);
        return status == ParseStatus.Success ? pair : throw CreateFormatException(status, text, catalog);
    }

    /// <summary>Tries to parse any supported spelling of a pair without an instrument list.</summary>
    /// <param name="text">Any spelling accepted by <see cref="Parse(string)"/>.</param>
    /// <param name="pair">The pair, or <c>default</c> when parsing fails.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a pair that can be split unambiguously.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out TradingPair pair)
    {
        if (text is null)
        {
            pair = default;
            return false;
        }

        return TryParseCore(text.AsSpan(), catalog: null, out pair) == ParseStatus.Success;
    }

    /// <summary>Tries to parse any supported spelling of a pair, resolving it against an instrument list.</summary>
    /// <param name="text">Any spelling accepted by <see cref="Parse(string)"/>.</param>
    /// <param name="catalog">The pairs the exchange lists.</param>
    /// <param name="pair">The pair, or <c>default</c> when parsing fails.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a pair listed in <paramref name="catalog"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is <see langword="null"/>.</exception>
    public static bool TryParse([NotNullWhen(true)] string? text, PairCatalog catalog, out TradingPair pair)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (text is null)
        {
            pair = default;
            return false;
        }

        return TryParseCore(text.AsSpan(), catalog, out pair) == ParseStatus.Success;
    }

    /// <summary>Tries to parse any supported spelling of a pair without an instrument list.</summary>
    /// <param name="text">Any spelling accepted by <see cref="Parse(string)"/>.</param>
    /// <param name="pair">The pair, or <c>default</c> when parsing fails.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a pair that can be split unambiguously.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out TradingPair pair) =>
        TryParseCore(text, catalog: null, out pair) == ParseStatus.Success;

    /// <summary>Tries to parse any supported spelling of a pair, resolving it against an instrument list.</summary>
    /// <param name="text">Any spelling accepted by <see cref="Parse(string)"/>.</param>
    /// <param name="catalog">The pairs the exchange lists.</param>
    /// <param name="pair">The pair, or <c>default</c> when parsing fails.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a pair listed in <paramref name="catalog"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is <see langword="null"/>.</exception>
    public static bool TryParse(ReadOnlySpan<char> text, PairCatalog catalog, out TradingPair pair)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return TryParseCore(text, catalog, out pair) == ParseStatus.Success;
    }

    /// <inheritdoc cref="Parse(string)"/>
    static TradingPair IParsable<TradingPair>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc cref="TryParse(string?, out TradingPair)"/>
    static bool IParsable<TradingPair>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out TradingPair result) =>
        TryParse(s, out result);

    /// <inheritdoc cref="Parse(ReadOnlySpan{char})"/>
    static TradingPair ISpanParsable<TradingPair>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc cref="TryParse(ReadOnlySpan{char}, out TradingPair)"/>
    static bool ISpanParsable<TradingPair>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out TradingPair result) =>
        TryParse(s, out result);

    /// <summary>Writes the pair in one of the spellings exchanges and tools use.</summary>
    /// <param name="format">The spelling.</param>
    /// <returns>The pair in that spelling, for example <c>BTCUSDT</c> for <see cref="PairFormat.Concatenated"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">This is <c>default(TradingPair)</c>.</exception>
    public string Format(PairFormat format)
    {
        if (_base is null || _quote is null)
        {
            throw new InvalidOperationException("default(TradingPair) is not a valid pair and cannot be formatted.");
        }

        return format switch
        {
            PairFormat.Canonical => string.Concat(_base, "/", _quote),
            PairFormat.Concatenated => string.Concat(_base, _quote),
            PairFormat.LowerConcatenated => string.Create(_base.Length + _quote.Length, (_base, _quote), static (span, assets) =>
            {
                Ascii.ToLower(assets._base, span, out int written);
                Ascii.ToLower(assets._quote, span[written..], out _);
            }),
            PairFormat.Dash => string.Concat(_base, "-", _quote),
            PairFormat.Underscore => string.Concat(_base, "_", _quote),
            PairFormat.LinearPerpetual => $"{_base}/{_quote}:{_quote}",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pair format."),
        };
    }

    /// <summary>Returns whether two pairs have the same base and quote assets (ordinal; assets are stored upper case).</summary>
    /// <param name="other">The other pair.</param>
    /// <returns><see langword="true"/> when both assets are equal.</returns>
    public bool Equals(TradingPair other) =>
        _hash == other._hash
        && string.Equals(_base, other._base, StringComparison.Ordinal)
        && string.Equals(_quote, other._quote, StringComparison.Ordinal);

    /// <summary>Returns the hash code of the pair, computed once from both assets.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => _hash;

    /// <summary>Returns the canonical spelling, <c>BASE/QUOTE</c> (empty for <c>default</c>).</summary>
    /// <returns>The canonical spelling.</returns>
    public override string ToString() => _base is null ? string.Empty : string.Concat(_base, "/", _quote);

    /// <summary>Writes <paramref name="baseAsset"/> followed by <paramref name="quoteAsset"/> into a buffer.</summary>
    internal static int WriteConcatenated(ReadOnlySpan<char> baseAsset, ReadOnlySpan<char> quoteAsset, Span<char> destination)
    {
        baseAsset.CopyTo(destination);
        quoteAsset.CopyTo(destination[baseAsset.Length..]);
        return baseAsset.Length + quoteAsset.Length;
    }

    private static int Hash(string baseAsset, string quoteAsset) =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(baseAsset), StringComparer.Ordinal.GetHashCode(quoteAsset));

    private static string NormalizeAsset(string asset, string paramName)
    {
        ArgumentNullException.ThrowIfNull(asset, paramName);
        if (asset.Length == 0)
        {
            throw new ArgumentException("An asset must not be empty.", paramName);
        }

        if (asset.AsSpan().ContainsAnyExcept(AssetName.Chars))
        {
            throw new ArgumentException($"Asset '{asset}' must contain only ASCII letters and digits.", paramName);
        }

        return asset.AsSpan().ContainsAnyInRange('a', 'z') ? AssetFromSpan(asset) : asset;
    }

    // The span is validated (ASCII letters and digits, non-empty).
    private static string AssetFromSpan(ReadOnlySpan<char> asset)
    {
        if (QuoteLookup.TryGetValue(asset, out string? known))
        {
            return known;
        }

        if (!asset.ContainsAnyInRange('a', 'z'))
        {
            return asset.ToString();
        }

        char[]? rented = null;
        Span<char> buffer = asset.Length <= StackBufferLength
            ? stackalloc char[StackBufferLength]
            : (rented = ArrayPool<char>.Shared.Rent(asset.Length));
        try
        {
            Ascii.ToUpper(asset, buffer, out int written);
            return new string(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static ParseStatus TryParseCore(ReadOnlySpan<char> text, PairCatalog? catalog, out TradingPair pair)
    {
        pair = default;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return ParseStatus.Empty;
        }

        int delimiter = text.IndexOfAny(Delimiters);
        if (delimiter < 0)
        {
            if (text.Contains(':'))
            {
                return ParseStatus.MisplacedSettle;
            }

            if (text.ContainsAnyExcept(AssetName.Chars))
            {
                return ParseStatus.InvalidCharacter;
            }

            if (catalog is not null)
            {
                return catalog.TryGetBySymbol(text, out pair) ? ParseStatus.Success : ParseStatus.NotInCatalog;
            }

            return SplitConcatenated(text, out pair);
        }

        var baseAsset = text[..delimiter];
        var quoteAsset = text[(delimiter + 1)..];
        if (quoteAsset.IndexOfAny(Delimiters) >= 0)
        {
            return ParseStatus.TooManyDelimiters;
        }

        int colon = quoteAsset.IndexOf(':');
        if (baseAsset.Contains(':'))
        {
            return ParseStatus.MisplacedSettle;
        }

        if (colon >= 0)
        {
            if (text[delimiter] != '/')
            {
                return ParseStatus.MisplacedSettle;
            }

            var settle = quoteAsset[(colon + 1)..];
            quoteAsset = quoteAsset[..colon];
            if (settle.IsEmpty)
            {
                return ParseStatus.EmptyAsset;
            }

            if (settle.ContainsAnyExcept(AssetName.Chars))
            {
                return ParseStatus.InvalidCharacter;
            }
        }

        if (baseAsset.IsEmpty || quoteAsset.IsEmpty)
        {
            return ParseStatus.EmptyAsset;
        }

        if (baseAsset.ContainsAnyExcept(AssetName.Chars) || quoteAsset.ContainsAnyExcept(AssetName.Chars))
        {
            return ParseStatus.InvalidCharacter;
        }

        if (catalog is not null)
        {
            return catalog.TryGet(baseAsset, quoteAsset, out pair) ? ParseStatus.Success : ParseStatus.NotInCatalog;
        }

        pair = new TradingPair((AssetFromSpan(baseAsset), AssetFromSpan(quoteAsset)));
        return ParseStatus.Success;
    }

    private static ParseStatus SplitConcatenated(ReadOnlySpan<char> symbol, out TradingPair pair)
    {
        pair = default;
        string? quote = null;
        int candidates = 0;
        foreach (int length in QuoteLengths)
        {
            if (length < symbol.Length && QuoteLookup.TryGetValue(symbol[^length..], out string? known))
            {
                quote = known;
                candidates++;
            }
        }

        if (candidates == 0)
        {
            return ParseStatus.UnknownQuote;
        }

        if (candidates > 1)
        {
            return ParseStatus.Ambiguous;
        }

        pair = new TradingPair((AssetFromSpan(symbol[..^quote!.Length]), quote));
        return ParseStatus.Success;
    }

    private static List<TradingPair> SplitCandidates(ReadOnlySpan<char> symbol)
    {
        var result = new List<TradingPair>();
        foreach (int length in QuoteLengths)
        {
            if (length < symbol.Length && QuoteLookup.TryGetValue(symbol[^length..], out string? known))
            {
                result.Add(new TradingPair((AssetFromSpan(symbol[..^length]), known)));
            }
        }

        return result;
    }

    private static FormatException CreateFormatException(ParseStatus status, ReadOnlySpan<char> text, PairCatalog? catalog)
    {
        string shown = text.ToString();
        var trimmed = text.Trim();
        string message = status switch
        {
            ParseStatus.Empty => "A trading pair must not be empty or white space.",
            ParseStatus.InvalidCharacter =>
                $"'{shown}' is not a trading pair: assets may contain only ASCII letters and digits, separated by one of '/', '-' or '_'.",
            ParseStatus.TooManyDelimiters =>
                $"'{shown}' is not a trading pair: it must contain exactly one delimiter ('/', '-' or '_').",
            ParseStatus.EmptyAsset =>
                $"'{shown}' is not a trading pair: the base, quote and settle assets must not be empty.",
            ParseStatus.MisplacedSettle =>
                $"'{shown}' is not a trading pair: a ':SETTLE' suffix is accepted only after 'BASE/QUOTE', as in 'BTC/USDT:USDT'.",
            ParseStatus.UnknownQuote =>
                $"'{shown}' is not a trading pair: unknown quote asset (no suffix is one of {nameof(KnownQuoteAssets)}). " +
                $"Use a delimited spelling such as 'BASE/QUOTE' or pass a {nameof(PairCatalog)}.",
            ParseStatus.Ambiguous =>
                $"'{shown}' is ambiguous: it could be {string.Join(" or ", SplitCandidates(trimmed))}. " +
                $"Use a delimited spelling such as '{SplitCandidates(trimmed)[0]}' or pass a {nameof(PairCatalog)} built from the exchange's instrument list.",
            ParseStatus.NotInCatalog =>
                $"'{shown}' is not in the instrument list ({catalog?.Count ?? 0} pairs).",
            _ => $"'{shown}' is not a trading pair.",
        };
        return new FormatException(message);
    }
}
