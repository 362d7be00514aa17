namespace MultiPair.Sdk.Persistence;

/// <summary>What the restart reconciliation does with open orders that carry the portfolio's tag but that the store does not know.</summary>
public enum OrphanPolicy
{
    /// <summary>Cancel them (the default: an order nobody manages is a risk).</summary>
    Cancel = 0,

    /// <summary>Leave them on the exchange and list them in the report.</summary>
    Leave = 1,
}
