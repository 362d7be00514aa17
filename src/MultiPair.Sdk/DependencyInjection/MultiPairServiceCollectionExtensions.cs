using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Configuration;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.DependencyInjection;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers MultiPair.Sdk in a service collection.</summary>
public static class MultiPairServiceCollectionExtensions
{
    /// <summary>
    /// Adds MultiPair.Sdk: <see cref="MultiPairOptions"/> (validated on start: every problem in one <see cref="OptionsValidationException"/>)
    /// and, unless already registered, the portfolio built from them: a system <see cref="TimeProvider"/>, the
    /// <see cref="StrategyRegistry"/> (built-in strategies plus <c>AddStrategy</c> ones), the <see cref="IPortfolioManager"/> ledger with the
    /// pairs registered, the <see cref="RiskGate"/> with the configured rules, the <see cref="IAllocationStrategy"/>, the
    /// <see cref="EntryCoordinator"/>, an <see cref="OrderExecutor"/> over the registered <see cref="IOrderApi"/> as the
    /// <see cref="IOrderGateway"/>, and the <see cref="PortfolioEngine"/> (all singletons, created when first resolved).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IMultiPairBuilder AddMultiPairTrading(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MultiPairOptions>().ValidateOnStart();
        services.TryAddSingleton(static sp =>
        {
            var registry = StrategyRegistry.CreateDefault();
            foreach (var registration in sp.GetServices<StrategyRegistration>())
            {
                registry.Register(registration.Name, registration.Factory);
            }

            return registry;
        });
        services.TryAddSingleton(static sp => new ComponentCatalog(sp.GetServices<RiskRuleType>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MultiPairOptions>, MultiPairOptionsValidator>());
        services.TryAddSingleton(static sp => MultiPairComposition.Create(
            sp.GetRequiredService<IOptions<MultiPairOptions>>().Value,
            sp.GetRequiredService<StrategyRegistry>(),
            sp.GetRequiredService<ComponentCatalog>()));
        services.TryAddSingleton<IPortfolioManager>(static sp =>
        {
            var composition = sp.GetRequiredService<MultiPairComposition>();
            var ledger = new PortfolioManager(composition.Portfolio, sp.GetRequiredService<TimeProvider>());
            foreach (var pair in composition.PairConfigs)
            {
                _ = ledger.RegisterPair(pair).Value;
            }

            return ledger;
        });
        services.TryAddSingleton(static sp =>
        {
            var composition = sp.GetRequiredService<MultiPairComposition>();
            var custom = sp.GetServices<CustomRiskRule>().Select(r => r.Factory(sp));
            return new RiskGate(sp.GetRequiredService<IPortfolioManager>(), [.. composition.Rules, .. custom], composition.GateOptions, instruments: null, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(static sp => sp.GetRequiredService<MultiPairComposition>().Allocation);
        services.TryAddSingleton(static sp => new EntryCoordinator(
            sp.GetRequiredService<RiskGate>(),
            sp.GetRequiredService<IAllocationStrategy>(),
            sp.GetRequiredService<IOptions<MultiPairOptions>>().Value.Coordinator));
        // One registration only: the container disposes every instance a factory returns, and OrderExecutor.DisposeAsync is not idempotent.
        services.TryAddSingleton<IOrderGateway>(static sp => new OrderExecutor(
            sp.GetRequiredService<IOrderApi>(),
            sp.GetRequiredService<IOptions<MultiPairOptions>>().Value.Executor,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IExecutionJournal>(),
            sp.GetService<ILogger<OrderExecutor>>()));
        services.TryAddSingleton(static sp => new PortfolioEngine(
            sp.GetRequiredService<IPortfolioManager>(),
            sp.GetRequiredService<RiskGate>(),
            sp.GetRequiredService<EntryCoordinator>(),
            sp.GetRequiredService<IOrderGateway>(),
            sp.GetRequiredService<MultiPairComposition>().Setups,
            sp.GetRequiredService<IOptions<MultiPairOptions>>().Value.Engine,
            sp.GetRequiredService<TimeProvider>()));
        return new MultiPairBuilder(services);
    }

    /// <summary>Adds MultiPair.Sdk (see <see cref="AddMultiPairTrading(IServiceCollection)"/>) with <see cref="MultiPairOptions"/> bound from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, usually <c>configuration.GetSection("MultiPair")</c>; <c>Pairs</c> may be a string, a comma list, a list or safe-list objects.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IMultiPairBuilder AddMultiPairTrading(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddMultiPairTrading();
        services.AddOptions<MultiPairOptions>().Configure(options => PairListBinder.Bind(configuration, options));
        return builder;
    }

    /// <summary>Adds MultiPair.Sdk (see <see cref="AddMultiPairTrading(IServiceCollection)"/>) with <see cref="MultiPairOptions"/> set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IMultiPairBuilder AddMultiPairTrading(this IServiceCollection services, Action<MultiPairOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddMultiPairTrading();
        services.AddOptions<MultiPairOptions>().Configure(configure);
        return builder;
    }
}
