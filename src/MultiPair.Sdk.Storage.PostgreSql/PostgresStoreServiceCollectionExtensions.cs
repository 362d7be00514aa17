using Microsoft.Extensions.Logging;
using MultiPair.Sdk.DependencyInjection;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Storage.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL portfolio store.</summary>
public static class PostgresStoreServiceCollectionExtensions
{
    /// <summary>
    /// Uses the PostgreSQL store: registers <see cref="PostgresPortfolioStore"/> as the <see cref="IPortfolioStore"/>
    /// and the <see cref="IExecutionJournal"/> (one shared instance), unless they are already registered. The options
    /// are validated on start, every problem in one error.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddMultiPairTrading()</c>.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IMultiPairBuilder UsePostgresStore(this IMultiPairBuilder builder, Action<PostgresStoreOptions> configure)
        => StoreRegistration.AddStore<PostgresPortfolioStore, PostgresStoreOptions>(builder, configure, static options => options.Validate(), static (provider, options) => new PostgresPortfolioStore(
            options,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<PostgresPortfolioStore>>()));
}
