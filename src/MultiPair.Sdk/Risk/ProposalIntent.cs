namespace MultiPair.Sdk.Risk;

/// <summary>What an order proposal does to the book.</summary>
public enum ProposalIntent
{
    /// <summary>Opens a new position.</summary>
    Open = 0,

    /// <summary>Adds to an existing position.</summary>
    Increase = 1,

    /// <summary>Shrinks an existing position.</summary>
    Reduce = 2,

    /// <summary>Closes an existing position.</summary>
    Close = 3,

    /// <summary>Cancels a working order (passes in every trading state).</summary>
    Cancel = 4,
}
