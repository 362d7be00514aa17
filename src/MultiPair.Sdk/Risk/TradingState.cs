namespace MultiPair.Sdk.Risk;

/// <summary>What the portfolio may do right now.</summary>
public enum TradingState
{
    /// <summary>Every proposal is evaluated by the rules.</summary>
    Active = 0,

    /// <summary>Only proposals that shrink a position (and cancels) pass.</summary>
    ReduceOnly = 1,

    /// <summary>Nothing but cancels passes.</summary>
    Halted = 2,
}
