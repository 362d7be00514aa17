using System.Buffers;
using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace MultiPair.Sdk.Markets;

/// <summary>
/// The pairs an exchange lists, used to resolve concatenated symbols such as <c>BTCUSDT</c> without guessing
/// (see <see cref="TradingPair.Parse(string, PairCatalog)"/>).
/// </summary>
/// <remarks>
/// Lookup by concatenated symbol is O(1), case-insensitive and allocation-free. A pair listed more than once
/// (for example on spot and as a perpetual) is kept once; enumeration follows first appearance.
/// Immutable and thread-safe.
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "A catalog of an exchange's pairs; the name is part of the design.")]
public sealed class PairCatalog : IReadOnlyCollection<TradingPair>
{
    private const int StackBufferLength = 128;

    private readonly TradingPair[] _pairs;
    private readonly FrozenDictionary<string, TradingPair> _bySymbol;
    private readonly FrozenDictionary<string, TradingPair>.AlternateLookup<ReadOnlySpan<char>> _bySymbolSpan;

    /// <summary>Initializes a new catalog from the pairs an exchange lists.</summary>
    /// <param name="pairs">The pairs; duplicates are ignored.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pairs"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="pairs"/> contains <c>default(TradingPair)</c>, or two different pairs share a concatenated
    /// symbol (for example ETH/BUSD and ETHB/USD are both <c>ETHBUSD</c>).
    /// </exception>
    public PairCatalog(IEnumerable<TradingPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var bySymbol = new Dictionary<string, TradingPair>(StringComparer.OrdinalIgnoreCase);
        var ordered = new List<TradingPair>();
        foreach (var pair in pairs)
        {
            if (pair.IsDefault)
            {
                throw new ArgumentException("default(TradingPair) is not a valid pair.", nameof(pairs));
            }

            string symbol = pair.Format(PairFormat.Concatenated);
            if (bySymbol.TryGetValue(symbol, out var existing))
            {
                if (existing != pair)
                {
                    throw new ArgumentException(
                        $"{existing} and {pair} share the symbol '{symbol}', so it cannot be resolved.", nameof(pairs));
                }

                continue;
            }

            bySymbol.Add(symbol, pair);
            ordered.Add(pair);
        }

        _pairs = [.. ordered];
        _bySymbol = bySymbol.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _bySymbolSpan = _bySymbol.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Gets the number of distinct pairs.</summary>
    public int Count => _pairs.Length;

    /// <summary>Creates a catalog from an exchange's instrument list.</summary>
    /// <param name="instruments">The instruments; a pair listed on several markets is kept once.</param>
    /// <returns>The catalog of the instruments' pairs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="instruments"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An item is <see langword="null"/>, or two different pairs share a concatenated symbol.</exception>
    public static PairCatalog FromInstruments(IEnumerable<Instrument> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        var pairs = new List<TradingPair>();
        foreach (var instrument in instruments)
        {
            if (instrument is null)
            {
                throw new ArgumentException("The instrument list contains null.", nameof(instruments));
            }

            pairs.Add(instrument.Pair);
        }

        return new PairCatalog(pairs);
    }

    /// <summary>Determines whether the catalog lists a pair.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns><see langword="true"/> when <paramref name="pair"/> is listed; <see langword="false"/> for <c>default</c>.</returns>
    public bool Contains(TradingPair pair) => !pair.IsDefault && TryGet(pair.Base, pair.Quote, out _);

    /// <summary>Looks up a concatenated symbol such as <c>BTCUSDT</c> or <c>btcusdt</c> (case-insensitive).</summary>
    /// <param name="symbol">The symbol, without delimiters or surrounding white space.</param>
    /// <param name="pair">The listed pair, or <c>default</c> when none matches.</param>
    /// <returns><see langword="true"/> when a listed pair has that symbol.</returns>
    public bool TryGetBySymbol(ReadOnlySpan<char> symbol, out TradingPair pair) => _bySymbolSpan.TryGetValue(symbol, out pair);

    /// <summary>Returns an enumerator over the distinct pairs in order of first appearance.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<TradingPair> GetEnumerator() => ((IEnumerable<TradingPair>)_pairs).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Finds the listed pair with these assets (case-insensitive), without allocating.</summary>
    internal bool TryGet(ReadOnlySpan<char> baseAsset, ReadOnlySpan<char> quoteAsset, out TradingPair pair)
    {
        int length = baseAsset.Length + quoteAsset.Length;
        char[]? rented = null;
        Span<char> buffer = length <= StackBufferLength
            ? stackalloc char[StackBufferLength]
            : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            int written = TradingPair.WriteConcatenated(baseAsset, quoteAsset, buffer);
            if (_bySymbolSpan.TryGetValue(buffer[..written], out pair)
                && pair.Base.AsSpan().Equals(baseAsset, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            pair = default;
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
