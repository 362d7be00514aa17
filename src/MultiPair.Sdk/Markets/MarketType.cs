namespace MultiPair.Sdk.Markets;

/// <summary>The kind of market an instrument trades on.</summary>
public enum MarketType
{
    /// <summary>Spot: the base asset itself is bought and sold; positions are long only and fully paid.</summary>
    Spot = 0,

    /// <summary>A linear (quote-margined, for example USDⓈ-M) perpetual swap: long or short, with leverage and margin.</summary>
    LinearPerpetual = 1,
}
