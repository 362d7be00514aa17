using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.DependencyInjection;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Exchanges.Binance;
using MultiPair.Sdk.Exchanges.Binance.Rest;
using MultiPair.Sdk.Exchanges.Binance.Streams;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Binance adapter.</summary>
public static class BinanceServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the adapter uses (configure handlers or proxies with <c>AddHttpClient(name)</c>).</summary>
    public const string HttpClientName = "MultiPair.Binance";

    /// <summary>
    /// Registers <see cref="BinanceOptions"/> (validated: every problem of <see cref="BinanceOptions.Validate"/> in one <see cref="OptionsValidationException"/>),
    /// a named <see cref="HttpClient"/>, one request-weight budget and one <see cref="BinanceAdapter"/> (singletons), and the adapter as each REST
    /// capability interface (<see cref="IInstrumentApi"/>, <see cref="IKlineApi"/>, <see cref="ITickerApi"/>, <see cref="IOrderApi"/>,
    /// <see cref="IAccountApi"/>, <see cref="IPositionApi"/>) unless one is registered already.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddMultiPairTrading()</c>.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static IMultiPairBuilder UseBinance(this IMultiPairBuilder builder, Action<BinanceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<BinanceOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BinanceOptions>, BinanceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The adapter owns timeouts (RequestTimeout on its TimeProvider) so an order timeout is told apart from the caller's cancellation.
        services.AddHttpClient(HttpClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(static sp => new BinanceWeightBudget(sp.GetRequiredService<IOptions<BinanceOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(static sp => new BinanceAdapter(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<BinanceOptions>>().Value,
            sp.GetRequiredService<BinanceWeightBudget>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<BinanceAdapter>>() ?? NullLogger<BinanceAdapter>.Instance));
        services.TryAddSingleton<IInstrumentApi>(static sp => sp.GetRequiredService<BinanceAdapter>());
        services.TryAddSingleton<IKlineApi>(static sp => sp.GetRequiredService<BinanceAdapter>());
        services.TryAddSingleton<ITickerApi>(static sp => sp.GetRequiredService<BinanceAdapter>());
        services.TryAddSingleton<IOrderApi>(static sp => sp.GetRequiredService<BinanceAdapter>());
        services.TryAddSingleton<IAccountApi>(static sp => sp.GetRequiredService<BinanceAdapter>());
        services.TryAddSingleton<IPositionApi>(static sp => sp.GetRequiredService<BinanceAdapter>());
        services.TryAddSingleton(static sp => new BinanceMarketStreams(
            sp.GetRequiredService<IOptions<BinanceOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IMarketStreamApi>(static sp => sp.GetRequiredService<BinanceMarketStreams>());
        services.TryAddSingleton(static sp =>
        {
            // Symbols resolve through the REST adapter's exchangeInfo map; WebSocket API signatures use its server-time offset.
            var adapter = sp.GetRequiredService<BinanceAdapter>();
            return new BinanceUserDataStream(
                sp.GetRequiredService<IOptions<BinanceOptions>>().Value,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                adapter.ResolveSymbol,
                adapter.ServerClock,
                sp.GetService<ILoggerFactory>());
        });
        services.TryAddSingleton<IUserDataStreamApi>(static sp => sp.GetRequiredService<BinanceUserDataStream>());
        return builder;
    }
}
