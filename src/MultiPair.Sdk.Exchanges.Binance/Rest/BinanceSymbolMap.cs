using System.Collections.Frozen;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>Binance symbol ↔ <see cref="TradingPair"/>, built from exchangeInfo's baseAsset/quoteAsset.</summary>
internal sealed class BinanceSymbolMap
{
    private volatile Snapshot? _snapshot;

    public bool IsLoaded => _snapshot is not null;

    public int Count => _snapshot?.BySymbol.Count ?? 0;

    public void Load(IEnumerable<KeyValuePair<string, TradingPair>> symbols)
    {
        var bySymbol = new Dictionary<string, TradingPair>(StringComparer.Ordinal);
        var byPair = new Dictionary<TradingPair, string>();
        foreach (var (symbol, pair) in symbols)
        {
            bySymbol[symbol] = pair;
            byPair.TryAdd(pair, symbol);
        }

        _snapshot = new Snapshot(bySymbol.ToFrozenDictionary(StringComparer.Ordinal), byPair.ToFrozenDictionary());
    }

    public bool TryGetPair(string symbol, out TradingPair pair)
    {
        pair = default;
        return _snapshot?.BySymbol.TryGetValue(symbol, out pair) == true;
    }

    /// <summary>The Binance symbol of a pair: from exchangeInfo when known, else BASEQUOTE (Binance's spelling for every spot and USDⓈ-M perpetual symbol).</summary>
    public string Symbol(TradingPair pair) =>
        _snapshot?.ByPair.TryGetValue(pair, out var symbol) == true ? symbol : pair.Format(PairFormat.Concatenated);

    private sealed record Snapshot(FrozenDictionary<string, TradingPair> BySymbol, FrozenDictionary<TradingPair, string> ByPair);
}
