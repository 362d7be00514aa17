namespace MultiPair.Sdk.Portfolio;

/// <summary>A trading fee: an amount and the asset it is charged in.</summary>
/// <remarks>Immutable and thread-safe. <c>default</c> is no fee.</remarks>
/// <param name="Amount">The fee amount in units of <paramref name="Asset"/>; never negative when accepted by the ledger.</param>
/// <param name="Asset">The asset the fee is charged in.</param>
public readonly record struct Fee(decimal Amount, FeeAsset Asset)
{
    /// <summary>Gets no fee.</summary>
    public static Fee None => default;

    /// <summary>Creates a fee charged in the quote asset.</summary>
    /// <param name="amount">The amount in quote units.</param>
    /// <returns>The fee.</returns>
    public static Fee InQuote(decimal amount) => new(amount, FeeAsset.Quote);

    /// <summary>Creates a fee charged in the base asset (reduces the quantity held, as on Binance spot).</summary>
    /// <param name="amount">The amount in base units.</param>
    /// <returns>The fee.</returns>
    public static Fee InBase(decimal amount) => new(amount, FeeAsset.Base);

    /// <summary>Returns the fee's value in quote units at <paramref name="price"/>.</summary>
    /// <param name="price">The price used to value a base-asset fee.</param>
    /// <returns>The quote value of the fee.</returns>
    public decimal QuoteValue(decimal price) => Asset == FeeAsset.Base ? Amount * price : Amount;
}
