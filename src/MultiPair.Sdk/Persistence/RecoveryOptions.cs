namespace MultiPair.Sdk.Persistence;

/// <summary>Settings of the restart reconciliation.</summary>
public sealed class RecoveryOptions
{
    /// <summary>Gets or sets the portfolio's client-order-id tag (<c>CoordinatorOptions.ClientOrderIdPrefix</c>), which marks orphaned orders as this portfolio's. Default <c>mp</c>.</summary>
    public string ClientOrderIdPrefix { get; set; } = "mp";

    /// <summary>Gets or sets what happens to open orders that carry the tag but that the store does not know. Default <see cref="OrphanPolicy.Cancel"/>.</summary>
    public OrphanPolicy Orphans { get; set; } = OrphanPolicy.Cancel;

    /// <summary>Gets or sets the largest position difference (base units) that is not a mismatch. Default 0.</summary>
    public decimal QuantityTolerance { get; set; }
}
