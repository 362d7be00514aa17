using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<SqliteStoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider => new SqlitePortfolioStore(
            provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILogger<SqlitePortfolioStore>>()));
        services.TryAddSingleton<IPortfolioStore>(static provider => provider.GetRequiredService<SqlitePortfolioStore>());
        services.TryAddSingleton<IExecutionJournal>(static provider => provider.GetRequiredService<IPortfolioStore>());
        return builder;
    }
}
