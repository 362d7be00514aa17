namespace MultiPair.Sdk.Portfolio;

/// <summary>Which portfolio limit is broken.</summary>
public enum RiskViolationCode
{
    /// <summary>More positions are open than <see cref="PortfolioConfig.MaxPositions"/>.</summary>
    MaxPositionsExceeded = 1,

    /// <summary>A position commits more than <see cref="PortfolioConfig.MaxPositionSizePercent"/> of equity.</summary>
    PositionSizeExceeded = 2,

    /// <summary>A position's notional is above its pair's <see cref="PairConfig.MaxPositionSizeQuote"/>.</summary>
    PairNotionalExceeded = 3,

    /// <summary>A correlation group's exposure is above <see cref="PortfolioConfig.MaxCorrelatedExposurePercent"/> of equity.</summary>
    CorrelatedExposureExceeded = 4,

    /// <summary>The total return is at or below −<see cref="PortfolioConfig.EmergencyLiquidationLossPercent"/>: liquidate.</summary>
    EmergencyLiquidation = 5,

    /// <summary>Available capital is negative: margin does not cover open perpetual positions.</summary>
    InsufficientMargin = 6,
}
