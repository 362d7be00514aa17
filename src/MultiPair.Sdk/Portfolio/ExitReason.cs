namespace MultiPair.Sdk.Portfolio;

/// <summary>Why a position was reduced or closed; protections such as the stop-loss guard read it.</summary>
public enum ExitReason
{
    /// <summary>A strategy's exit signal.</summary>
    Signal = 0,

    /// <summary>The stop loss was hit.</summary>
    StopLoss = 1,

    /// <summary>The take profit was hit.</summary>
    TakeProfit = 2,

    /// <summary>The trailing stop was hit.</summary>
    TrailingStop = 3,

    /// <summary>The maximum holding time passed.</summary>
    TimeLimit = 4,

    /// <summary>Emergency or risk liquidation.</summary>
    Liquidation = 5,

    /// <summary>A person closed it.</summary>
    Manual = 6,

    /// <summary>A rebalance shrank it.</summary>
    Rebalance = 7,
}
