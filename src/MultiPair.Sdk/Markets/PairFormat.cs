namespace MultiPair.Sdk.Markets;

/// <summary>The spellings <see cref="TradingPair.Format(PairFormat)"/> can write.</summary>
/// <remarks>
/// Every spelling parses back to the same pair with <see cref="TradingPair.Parse(string, PairCatalog)"/>.
/// Without a catalog, the concatenated spellings parse back only when the split is unambiguous
/// (see <see cref="TradingPair.Parse(string)"/>).
/// </remarks>
public enum PairFormat
{
    /// <summary>The canonical spelling, <c>BTC/USDT</c> (also ccxt spot).</summary>
    Canonical = 0,

    /// <summary><c>BTCUSDT</c>: Binance and Bybit REST symbols.</summary>
    Concatenated = 1,

    /// <summary><c>btcusdt</c>: Binance stream names.</summary>
    LowerConcatenated = 2,

    /// <summary><c>BTC-USDT</c>: Coinbase and OKX.</summary>
    Dash = 3,

    /// <summary><c>BTC_USDT</c>: Gate and freqtrade data file names.</summary>
    Underscore = 4,

    /// <summary><c>BTC/USDT:USDT</c>: ccxt's linear perpetual notation, settled in the quote asset.</summary>
    LinearPerpetual = 5,
}
