namespace MultiPair.Sdk.Exchanges;

/// <summary>A balance of one asset on the account.</summary>
/// <param name="Asset">The asset (for example USDT).</param>
/// <param name="Free">The amount available.</param>
/// <param name="Locked">The amount held by open orders (or used as margin).</param>
public sealed record AssetBalance(string Asset, decimal Free, decimal Locked)
{
    /// <summary>Gets the total amount.</summary>
    public decimal Total => Free + Locked;
}
