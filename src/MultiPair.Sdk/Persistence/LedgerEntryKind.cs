namespace MultiPair.Sdk.Persistence;

/// <summary>What a <see cref="LedgerEntry"/> did to the ledger; each kind replays as one <see cref="Portfolio.IPortfolioManager"/> call.</summary>
public enum LedgerEntryKind
{
    /// <summary>A position opened (<see cref="Portfolio.IPortfolioManager.AddPosition"/>).</summary>
    Open = 0,

    /// <summary>An open position grew (<see cref="Portfolio.IPortfolioManager.IncreasePosition"/>).</summary>
    Increase = 1,

    /// <summary>A position shrank or closed by a quantity (<see cref="Portfolio.IPortfolioManager.ReducePosition"/>).</summary>
    Reduce = 2,

    /// <summary>A whole position closed (<see cref="Portfolio.IPortfolioManager.ClosePosition"/>).</summary>
    Close = 3,

    /// <summary>A pair was marked at a price (<see cref="Portfolio.IPortfolioManager.UpdatePrice"/>); optional, it restores marks and highs/lows.</summary>
    Mark = 4,
}
