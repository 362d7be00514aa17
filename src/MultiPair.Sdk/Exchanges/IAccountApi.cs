namespace MultiPair.Sdk.Exchanges;

/// <summary>Reads the account's balances.</summary>
public interface IAccountApi : IExchangeAdapter
{
    /// <summary>Gets every asset with a non-zero balance.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The balances.</returns>
    Task<ExchangeResult<IReadOnlyList<AssetBalance>>> GetBalancesAsync(CancellationToken cancellationToken = default);
}
