using MultiPair.Sdk.Persistence;

namespace MultiPair.Sdk.Configuration;

/// <summary>Which exchange and account the portfolio trades and whether with real money; the portfolio store is tagged with it.</summary>
/// <remarks>Mutable for binding.</remarks>
public sealed class ExchangeSelectionOptions
{
    /// <summary>The name of the simulated exchange.</summary>
    public const string Simulated = "simulated";

    /// <summary>Gets or sets the exchange's name: <c>simulated</c> for paper trading, or an adapter's name such as <c>binance</c>.</summary>
    /// <value>The default value is <c>simulated</c>.</value>
    public string Name { get; set; } = Simulated;

    /// <summary>Gets or sets paper or live trading. Live trading on the simulated exchange is an error.</summary>
    /// <value>The default value is <see cref="TradingMode.Paper"/>.</value>
    public TradingMode Mode { get; set; } = TradingMode.Paper;

    /// <summary>Gets or sets the account's name (never a secret).</summary>
    /// <value>The default value is <c>default</c>.</value>
    public string Account { get; set; } = "default";

    /// <summary>Gets or sets the portfolio's id within the account.</summary>
    /// <value>The default value is <c>default</c>.</value>
    public string PortfolioId { get; set; } = "default";

    /// <summary>Returns the store identity these settings describe.</summary>
    /// <returns>The identity.</returns>
    /// <exception cref="ArgumentException">A part is empty, too long or has a control character.</exception>
    public StoreIdentity ToStoreIdentity() => new(Name, Account, Mode, PortfolioId);
}
