namespace MultiPair.Sdk.Execution;

/// <summary>How long a limit order stays on the book.</summary>
public enum TimeInForce
{
    /// <summary>Good till cancelled.</summary>
    GoodTillCanceled = 0,

    /// <summary>Immediate or cancel: fill what can be filled now, cancel the rest.</summary>
    ImmediateOrCancel = 1,

    /// <summary>Fill or kill: fill completely now or not at all.</summary>
    FillOrKill = 2,
}
