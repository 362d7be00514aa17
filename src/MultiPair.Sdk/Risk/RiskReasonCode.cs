namespace MultiPair.Sdk.Risk;

/// <summary>Why a proposal was resized or rejected. Stable codes for dashboards, alerts and tests.</summary>
public enum RiskReasonCode
{
    /// <summary>No reason: approved unchanged.</summary>
    None = 0,

    /// <summary>The quantity or price is not positive, or a required field is missing.</summary>
    InvalidProposal = 1,

    /// <summary>The pair is not registered with the portfolio.</summary>
    UnknownPair = 2,

    /// <summary>The portfolio is halted.</summary>
    TradingHalted = 3,

    /// <summary>The portfolio is reduce-only and the proposal would grow a position.</summary>
    ReduceOnly = 4,

    /// <summary>Open positions plus pending entries reach the maximum.</summary>
    MaxPositions = 5,

    /// <summary>The position would commit more than the maximum share of equity.</summary>
    PositionSize = 6,

    /// <summary>The position's notional would exceed the maximum in quote.</summary>
    PositionNotional = 7,

    /// <summary>Gross exposure would exceed its cap.</summary>
    GrossExposure = 8,

    /// <summary>The pair's exposure would exceed its cap.</summary>
    PairExposure = 9,

    /// <summary>The pair already has a position or a pending entry.</summary>
    OnePositionPerPair = 10,

    /// <summary>The correlation group's exposure would exceed its cap.</summary>
    CorrelatedExposure = 11,

    /// <summary>The pair's returns are too correlated with an open position on the same side.</summary>
    ReturnCorrelation = 12,

    /// <summary>The daily loss limit was reached.</summary>
    DailyLossLimit = 13,

    /// <summary>The drawdown throttle reduced or stopped the proposal.</summary>
    Drawdown = 14,

    /// <summary>The loss reached the emergency liquidation threshold.</summary>
    EmergencyLiquidation = 15,

    /// <summary>The signal's confidence is below the minimum.</summary>
    LowConfidence = 16,

    /// <summary>The proposal has no stop loss and one is required.</summary>
    StopLossMissing = 17,

    /// <summary>The stop loss is on the wrong side of the price (or too far from it).</summary>
    StopLossInvalid = 18,

    /// <summary>An exchange filter (step, tick, minimum notional or quantity) would reject the order.</summary>
    ExchangeFilter = 19,

    /// <summary>Available capital, after reservations for orders in flight, does not cover the order.</summary>
    InsufficientCapital = 20,

    /// <summary>The sleeve's budget does not cover the order.</summary>
    SleeveBudget = 21,

    /// <summary>Another sleeve holds or is entering the opposite side of the pair.</summary>
    SideConflict = 22,

    /// <summary>A pair or global lock from a protection (cooldown) is in force.</summary>
    Cooldown = 23,

    /// <summary>The position to reduce, close or increase does not exist or is on another side.</summary>
    UnknownPosition = 24,

    /// <summary>A rule threw an exception; the gate fails closed and rejects.</summary>
    RuleFailed = 25,
}
