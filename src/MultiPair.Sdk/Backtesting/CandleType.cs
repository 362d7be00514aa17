namespace MultiPair.Sdk.Backtesting;

/// <summary>What a candle file holds, from the freqtrade file-name suffix.</summary>
public enum CandleType
{
    /// <summary>Spot trade candles: <c>BTC_USDT-1h.json</c>.</summary>
    Spot = 0,

    /// <summary>Perpetual futures trade candles: <c>XRP_USDT_USDT-1h-futures.json</c>.</summary>
    Futures = 1,

    /// <summary>Mark-price candles (volume usually <c>null</c>, read as 0): <c>XRP_USDT_USDT-1h-mark.json</c>.</summary>
    Mark = 2,
}
