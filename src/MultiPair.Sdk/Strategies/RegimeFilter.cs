namespace MultiPair.Sdk.Strategies;

/// <summary>In which market regime a built-in strategy may enter (exits are never filtered).</summary>
public enum RegimeFilter
{
    /// <summary>Any regime.</summary>
    Any = 0,

    /// <summary>Only when the pair's regime detector says trending.</summary>
    Trending = 1,

    /// <summary>Only when it says ranging.</summary>
    Ranging = 2,

    /// <summary>Any regime but volatile.</summary>
    NotVolatile = 3,
}
