namespace MultiPair.Sdk.MarketData;

/// <summary>Why a tick or bar was refused by a <see cref="MarketDataGuard"/> or a <see cref="BarAggregator"/>.</summary>
/// <remarks>Rejected data never changes the state of the component that refused it.</remarks>
public enum DataRejection
{
    /// <summary>Accepted: the data is valid.</summary>
    None = 0,

    /// <summary>A price or volume is NaN or infinite.</summary>
    NotFinite,

    /// <summary>A price is zero or negative.</summary>
    NonPositivePrice,

    /// <summary>A volume or trade quantity is negative.</summary>
    NegativeVolume,

    /// <summary>The high is below the low, the open or close lies outside [low, high], or the ask is below the bid.</summary>
    InconsistentRange,

    /// <summary>The data is older than the last accepted data of the pair (and timeframe, for bars).</summary>
    OutOfOrder,

    /// <summary>A bar with the same open time as the last accepted bar of the pair and timeframe.</summary>
    Duplicate,

    /// <summary>The pair is default, not registered, or not the pair of the aggregator.</summary>
    UnknownPair,

    /// <summary>The bar's timeframe is default, or does not divide every target timeframe of an aggregator.</summary>
    InvalidTimeframe,

    /// <summary>The bar's open time is not aligned to its timeframe (see <see cref="Timeframe.BarOpenTime"/>).</summary>
    Misaligned,

    /// <summary>The data belongs to a window an aggregator already closed (see <see cref="BarAggregator.AdvanceTo"/>).</summary>
    Late,
}
