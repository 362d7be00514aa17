using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges;

/// <summary>Reads and configures derivatives positions.</summary>
public interface IPositionApi : IExchangeAdapter
{
    /// <summary>Gets every open position (non-zero size).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The positions.</returns>
    Task<ExchangeResult<IReadOnlyList<ExchangePosition>>> GetPositionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets a pair's leverage.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="leverage">The leverage (1 or more).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The leverage the exchange applied.</returns>
    Task<ExchangeResult<int>> SetLeverageAsync(TradingPair pair, int leverage, CancellationToken cancellationToken = default);

    /// <summary>Sets a pair's margin mode. Setting the mode it already has succeeds.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="mode">The margin mode.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The mode the pair now has.</returns>
    Task<ExchangeResult<MarginMode>> SetMarginModeAsync(TradingPair pair, MarginMode mode, CancellationToken cancellationToken = default);
}
