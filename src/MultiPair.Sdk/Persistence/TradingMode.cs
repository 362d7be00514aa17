namespace MultiPair.Sdk.Persistence;

/// <summary>Whether a portfolio trades with real money; part of a store's <see cref="StoreIdentity"/>, so paper state never mixes with live state.</summary>
public enum TradingMode
{
    /// <summary>Paper trading: orders go to a simulated or test exchange.</summary>
    Paper = 0,

    /// <summary>Live trading: orders go to a real exchange account.</summary>
    Live = 1,
}
