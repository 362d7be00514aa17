using System.Collections;
using System.Diagnostics.CodeAnalysis;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>
/// An immutable table of the registered pairs' latest prices, enumerated in pair-name order (the order the ledger used
/// to fill a dictionary in): built once per change of marks and shared by every risk snapshot taken until the next.
/// </summary>
internal sealed class PriceTable : IReadOnlyDictionary<TradingPair, decimal>
{
    private readonly PortfolioManager.PairState[] _pairs;
    private readonly Dictionary<TradingPair, int> _slots;
    private readonly ChunkedList<PriceMark> _marks;

    public PriceTable(PortfolioManager.PairState[] pairs, Dictionary<TradingPair, int> slots, ChunkedList<PriceMark> marks, int count)
    {
        _pairs = pairs;
        _slots = slots;
        _marks = marks;
        Count = count;
    }

    public static PriceTable Empty { get; } = new([], [], ChunkedList<PriceMark>.Empty, 0);

    /// <summary>Gets the chunks of the marks, by slot (shared: never write them).</summary>
    public PriceMark[][] Marks => _marks.Chunks;

    public int Count { get; }

    public IEnumerable<TradingPair> Keys => this.Select(static p => p.Key);

    public IEnumerable<decimal> Values => this.Select(static p => p.Value);

    public decimal this[TradingPair key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");

    public bool ContainsKey(TradingPair key) => TryGetValue(key, out _);

    public bool TryGetValue(TradingPair key, [MaybeNullWhen(false)] out decimal value)
    {
        if (_slots.TryGetValue(key, out var slot) && slot < _marks.Count && _marks[slot].Value is { } mark)
        {
            value = mark;
            return true;
        }

        value = default;
        return false;
    }

    public IEnumerator<KeyValuePair<TradingPair, decimal>> GetEnumerator()
    {
        var i = 0;
        foreach (var slot in _marks)
        {
            if (slot.Value is { } mark)
            {
                yield return new KeyValuePair<TradingPair, decimal>(_pairs[i].Config.Pair, mark);
            }

            i++;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
