using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges;

/// <summary>
/// The root of an exchange adapter: which exchange and market it talks to. What it can do is expressed by the capability
/// interfaces it also implements (<see cref="IInstrumentApi"/>, <see cref="IKlineApi"/>, <see cref="ITickerApi"/>,
/// <see cref="IOrderApi"/>, <see cref="IAccountApi"/>, <see cref="IPositionApi"/>, <see cref="IMarketStreamApi"/>,
/// <see cref="IUserDataStreamApi"/>), shaped like CryptoExchange.Net's SharedApis so an adapter over that library is a
/// thin mapping. Every call returns an <see cref="ExchangeResult{T}"/>; adapters do not throw for exchange failures.
/// </summary>
public interface IExchangeAdapter
{
    /// <summary>Gets the exchange's name (for example <c>binance</c>).</summary>
    string Exchange { get; }

    /// <summary>Gets the market this adapter trades.</summary>
    MarketType Market { get; }
}
