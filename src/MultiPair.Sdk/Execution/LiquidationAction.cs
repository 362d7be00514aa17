namespace MultiPair.Sdk.Execution;

/// <summary>What the liquidator did with one order.</summary>
public enum LiquidationAction
{
    /// <summary>A resting order was cancelled.</summary>
    Cancel = 0,

    /// <summary>A position was closed with a market order.</summary>
    Close = 1,
}
