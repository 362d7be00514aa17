namespace MultiPair.Sdk.Exchanges;

/// <summary>How a derivatives position's margin is held.</summary>
public enum MarginMode
{
    /// <summary>Margin shared across positions of the account.</summary>
    Cross = 0,

    /// <summary>Margin set aside per position.</summary>
    Isolated = 1,
}
