namespace MultiPair.Sdk.Indicators;

/// <summary>The market condition a <see cref="RegimeDetector"/> reports for the latest bar.</summary>
public enum MarketRegime
{
    /// <summary>Not enough bars yet to tell.</summary>
    Unknown = 0,

    /// <summary>A directional move: the ADX is at or above the trend threshold and volatility is not extreme.</summary>
    Trending = 1,

    /// <summary>No strong direction and ordinary volatility.</summary>
    Ranging = 2,

    /// <summary>Volatility (ATR as a percentage of price) is at or above its percentile threshold over the lookback; wins over the trend test.</summary>
    Volatile = 3,
}
