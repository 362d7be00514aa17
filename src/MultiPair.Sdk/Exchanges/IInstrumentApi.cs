using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges;

/// <summary>Lists the exchange's tradable instruments with their filters.</summary>
public interface IInstrumentApi : IExchangeAdapter
{
    /// <summary>Gets every instrument currently trading, with tick, step and notional filters.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instruments.</returns>
    Task<ExchangeResult<IReadOnlyList<Instrument>>> GetInstrumentsAsync(CancellationToken cancellationToken = default);
}
