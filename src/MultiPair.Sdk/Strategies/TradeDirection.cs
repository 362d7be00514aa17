namespace MultiPair.Sdk.Strategies;

/// <summary>Which sides a built-in strategy may enter.</summary>
public enum TradeDirection
{
    /// <summary>Long entries only; a short signal closes a long.</summary>
    LongOnly = 0,

    /// <summary>Short entries only (perpetuals); a long signal closes a short.</summary>
    ShortOnly = 1,

    /// <summary>Both sides.</summary>
    Both = 2,
}
