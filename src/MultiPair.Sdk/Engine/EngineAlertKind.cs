namespace MultiPair.Sdk.Engine;

/// <summary>What an <see cref="EngineAlert"/> is about.</summary>
public enum EngineAlertKind
{
    /// <summary>A pair's data stopped for longer than its limit; no entry is proposed from it.</summary>
    PairStale = 0,

    /// <summary>A stale pair's data resumed.</summary>
    PairRecovered = 1,

    /// <summary>A pair was disabled (by a command or because its strategy threw).</summary>
    PairDisabled = 2,

    /// <summary>A pair was enabled.</summary>
    PairEnabled = 3,

    /// <summary>Bad market data was dropped (first of a burst).</summary>
    DataRejected = 4,

    /// <summary>The ledger refused to book a fill; the portfolio needs reconciliation.</summary>
    BookingFailed = 5,

    /// <summary>The trading state changed.</summary>
    TradingStateChanged = 6,

    /// <summary>A pair was added at runtime.</summary>
    PairAdded = 7,

    /// <summary>The exchange refused a resting exit order (stop or take-profit); the engine watches that exit itself.</summary>
    ExchangeExitRefused = 8,
}
