namespace MultiPair.Sdk.Strategies;

/// <summary>What a strategy proposes for its pair.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Long and Short are the trading terms.")]
public enum SignalDirection
{
    /// <summary>Open or hold a long position.</summary>
    Long = 0,

    /// <summary>Open or hold a short position (perpetual markets).</summary>
    Short = 1,

    /// <summary>Close the strategy's position in the pair.</summary>
    Exit = 2,
}
