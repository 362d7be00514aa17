namespace MultiPair.Sdk.Portfolio;

/// <summary>Why the ledger refused a change. The ledger is unchanged whenever one of these is returned.</summary>
public enum LedgerErrorCode
{
    /// <summary>A price is zero or negative.</summary>
    InvalidPrice = 1,

    /// <summary>A quantity is zero or negative.</summary>
    InvalidQuantity = 2,

    /// <summary>A fee is negative, or is charged in an asset the market does not allow.</summary>
    InvalidFee = 3,

    /// <summary>The leverage is below 1, or not 1 on a spot market.</summary>
    InvalidLeverage = 4,

    /// <summary>A configuration failed validation; the message lists every problem.</summary>
    InvalidConfiguration = 5,

    /// <summary>The pair has not been registered with the ledger.</summary>
    UnknownPair = 6,

    /// <summary>The pair is already registered.</summary>
    PairAlreadyRegistered = 7,

    /// <summary>The pair's quote asset differs from the portfolio's quote asset.</summary>
    QuoteAssetMismatch = 8,

    /// <summary>A position with the same id already exists (open or closed).</summary>
    DuplicatePositionId = 9,

    /// <summary>No position has this id.</summary>
    UnknownPosition = 10,

    /// <summary>The position is already closed.</summary>
    PositionClosed = 11,

    /// <summary>The quantity to close (plus any base-asset fee) is more than the position holds.</summary>
    CloseExceedsPosition = 12,

    /// <summary>Cash (spot) or available margin (perpetuals) does not cover the cost and fee.</summary>
    InsufficientFunds = 13,

    /// <summary>A short position was requested on a spot market.</summary>
    ShortNotAllowed = 14,

    /// <summary>A base-asset fee would consume the whole position.</summary>
    FeeExceedsQuantity = 15,
}
