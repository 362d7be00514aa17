namespace MultiPair.Sdk.Execution;

/// <summary>How an order executes.</summary>
public enum OrderType
{
    /// <summary>At the best available price, now.</summary>
    Market = 0,

    /// <summary>At the limit price or better.</summary>
    Limit = 1,

    /// <summary>A market order triggered when the price reaches the stop price.</summary>
    StopMarket = 2,

    /// <summary>A limit order placed when the price reaches the stop price.</summary>
    StopLimit = 3,
}
