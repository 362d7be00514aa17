namespace MultiPair.Sdk.Portfolio;

/// <summary>Why a rebalance action was proposed.</summary>
public enum RebalanceReason
{
    /// <summary>The position's weight drifted from its pair's target by more than the rebalance threshold.</summary>
    Drift = 0,

    /// <summary>The position commits more than <see cref="PortfolioConfig.MaxPositionSizePercent"/> of equity.</summary>
    ExceedsMaxPositionSize = 1,

    /// <summary>The position's notional is above its pair's <see cref="PairConfig.MaxPositionSizeQuote"/>.</summary>
    ExceedsPairMaxNotional = 2,
}
