namespace MultiPair.Sdk.MarketData;

/// <summary>Why a pair was disabled by the warm start.</summary>
public enum WarmStartFailureReason
{
    /// <summary>The exchange does not know the pair's symbol (unknown or delisted).</summary>
    UnknownSymbol = 0,

    /// <summary>The history could not be fetched: repeated errors, or an error that retrying cannot fix.</summary>
    FetchFailed = 1,

    /// <summary>Too few usable bars remained (after bad rows were dropped) to make the strategy's indicators ready.</summary>
    NotEnoughHistory = 2,
}
