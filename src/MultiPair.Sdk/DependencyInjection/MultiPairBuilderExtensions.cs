using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Configuration;
using MultiPair.Sdk.DependencyInjection;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Strategies;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds pairs, strategies, rules, an allocation and the simulated exchange to MultiPair.Sdk.</summary>
public static class MultiPairBuilderExtensions
{
    /// <summary>Adds a pair to <see cref="MultiPairOptions.Pairs"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="symbol">The pair in any spelling (<c>BTC/USDT</c>, <c>BTCUSDT</c>, or <c>BTC</c> for the portfolio's quote asset).</param>
    /// <param name="configure">Sets the pair's strategy, tier, leverage and limits; null for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="symbol"/> is empty.</exception>
    public static IMultiPairBuilder AddPair(this IMultiPairBuilder builder, string symbol, Action<PairOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        builder.Services.Configure<MultiPairOptions>(options =>
        {
            var pair = new PairOptions { Symbol = symbol };
            configure?.Invoke(pair);
            options.Pairs.Add(pair);
        });
        return builder;
    }

    /// <summary>Registers a strategy factory by name, so configuration can name it (<c>"Strategy": "my-strategy"</c>); replaces a built-in one of the same name.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The name (case-insensitive).</param>
    /// <param name="factory">Builds one instance per pair from its parameters; read every parameter through the getters so misspellings are reported.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IMultiPairBuilder AddStrategy(this IMultiPairBuilder builder, string name, Func<StrategyParameters, IPairStrategy> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(new StrategyRegistration(name, factory));
        return builder;
    }

    /// <summary>Adds a rule that always runs, after the configured ones.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="rule">The rule.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IMultiPairBuilder AddRiskRule(this IMultiPairBuilder builder, IRiskRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return builder.AddRiskRule(_ => rule);
    }

    /// <summary>Adds a rule built from the container, that always runs, after the configured ones.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Builds the rule.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IMultiPairBuilder AddRiskRule(this IMultiPairBuilder builder, Func<IServiceProvider, IRiskRule> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(new CustomRiskRule(factory));
        return builder;
    }

    /// <summary>Makes a rule type nameable in <see cref="MultiPairOptions.RiskRules"/>: configuration then creates it and binds its <c>init</c> settings from the entry's parameters.</summary>
    /// <typeparam name="TRule">The rule type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The name configuration uses (case, <c>-</c> and <c>_</c> are ignored).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IMultiPairBuilder AddRiskRule<TRule>(this IMultiPairBuilder builder, string name)
        where TRule : RiskRule, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.AddSingleton(new RiskRuleType(name, static () => new TRule()));
        return builder;
    }

    /// <summary>Uses an allocation strategy instead of the configured one.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="allocation">The strategy.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IMultiPairBuilder UseAllocation(this IMultiPairBuilder builder, IAllocationStrategy allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        return builder.UseAllocation(_ => allocation);
    }

    /// <summary>Uses an allocation strategy built from the container instead of the configured one.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Builds the strategy.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IMultiPairBuilder UseAllocation(this IMultiPairBuilder builder, Func<IServiceProvider, IAllocationStrategy> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>
    /// Paper trading: registers a <see cref="SimulatedExchange"/> (settings from <see cref="MultiPairOptions.Simulation"/>) and a
    /// <see cref="SimulatedExchangeAdapter"/> over it as the exchange's <see cref="IOrderApi"/>, <see cref="IUserDataStreamApi"/>,
    /// <see cref="IInstrumentApi"/> and <see cref="IPositionApi"/>, unless those are registered already. The host feeds it each closed
    /// bar before the engine sees it.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="market">The market it represents.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IMultiPairBuilder UseSimulatedExchange(this IMultiPairBuilder builder, MarketType market = MarketType.Spot)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(static sp => new SimulatedExchange(
            sp.GetRequiredService<IOptions<MultiPairOptions>>().Value.Simulation,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SimulatedExchangeAdapter(sp.GetRequiredService<SimulatedExchange>(), market));
        services.TryAddSingleton<IOrderApi>(static sp => sp.GetRequiredService<SimulatedExchangeAdapter>());
        services.TryAddSingleton<IUserDataStreamApi>(static sp => sp.GetRequiredService<SimulatedExchangeAdapter>());
        services.TryAddSingleton<IInstrumentApi>(static sp => sp.GetRequiredService<SimulatedExchangeAdapter>());
        services.TryAddSingleton<IPositionApi>(static sp => sp.GetRequiredService<SimulatedExchangeAdapter>());
        return builder;
    }
}
