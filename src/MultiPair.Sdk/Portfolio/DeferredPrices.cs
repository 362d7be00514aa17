using System.Collections;
using System.Diagnostics.CodeAnalysis;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>
/// The latest prices of a <see cref="PortfolioManager"/>'s pairs at one state, read from the ledger while it is at that
/// state instead of copied into a table: the companion of <see cref="OpenPositionList"/> for decisions that look up
/// the prices of a few pairs. Counting or enumerating it builds the table (the same one the ledger shares).
/// </summary>
internal sealed class DeferredPrices : IReadOnlyDictionary<TradingPair, decimal>
{
    private readonly PortfolioManager _ledger;
    private IReadOnlyDictionary<TradingPair, decimal>? _table;

    public DeferredPrices(PortfolioManager ledger, long version)
    {
        _ledger = ledger;
        Version = version;
    }

    /// <summary>Gets the ledger state the prices were taken at.</summary>
    public long Version { get; }

    /// <inheritdoc />
    public int Count => Table.Count;

    /// <inheritdoc />
    public IEnumerable<TradingPair> Keys => Table.Keys;

    /// <inheritdoc />
    public IEnumerable<decimal> Values => Table.Values;

    private IReadOnlyDictionary<TradingPair, decimal> Table => _table ??= _ledger.PricesAt(Version);

    /// <inheritdoc />
    public decimal this[TradingPair key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");

    /// <summary>Builds the table now (while the ledger is at the prices' state).</summary>
    public void Materialize() => _ = Table;

    /// <inheritdoc />
    public bool ContainsKey(TradingPair key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(TradingPair key, [MaybeNullWhen(false)] out decimal value)
    {
        if (_table is { } table)
        {
            return table.TryGetValue(key, out value);
        }

        if (_ledger.PriceAt(Version, key) is { } price)
        {
            value = price;
            return true;
        }

        value = default;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<TradingPair, decimal>> GetEnumerator() => Table.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
