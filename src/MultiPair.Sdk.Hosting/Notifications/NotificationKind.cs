namespace MultiPair.Sdk.Hosting.Notifications;

/// <summary>What a <see cref="TradingNotification"/> is about.</summary>
public enum NotificationKind
{
    /// <summary>An entry order filled: a position opened or grew.</summary>
    TradeOpened = 0,

    /// <summary>An exit order filled: a position closed or shrank.</summary>
    TradeClosed = 1,

    /// <summary>The trading state changed (a risk rule tripped, or someone changed it): Active, ReduceOnly or Halted.</summary>
    TradingStateChanged = 2,

    /// <summary>Trading halted: emergency stop.</summary>
    EmergencyStop = 3,

    /// <summary>The ledger and the exchange disagree (a fill could not be booked, or a trade matches no tracked order).</summary>
    ReconciliationMismatch = 4,

    /// <summary>A pair was disabled (by a command or because its strategy failed).</summary>
    PairDisabled = 5,
}
