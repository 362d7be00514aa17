using Microsoft.Extensions.Logging;
using MultiPair.Sdk.DependencyInjection;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite portfolio store.</summary>
public static class SqliteStoreServiceCollectionExtensions
{
    /// <summary>
    /// Uses the embedded SQLite store: registers <see cref="SqlitePortfolioStore"/> as the <see cref="IPortfolioStore"/>
    /// and the <see cref="IExecutionJournal"/> (one shared instance), unless they are already registered. The options
    /// are validated on start, every problem in one error.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddMultiPairTrading()</c>.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IMultiPairBuilder UseSqliteStore(this IMultiPairBuilder builder, Action<SqliteStoreOptions> configure)
        => StoreRegistration.AddStore<SqlitePortfolioStore, SqliteStoreOptions>(builder, configure, static options => options.Validate(), static (provider, options) => new SqlitePortfolioStore(
            options,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<SqlitePortfolioStore>>()));
}
