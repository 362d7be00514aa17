using Microsoft.Extensions.DependencyInjection.Extensions;
using MultiPair.Sdk.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers MultiPair.Sdk in a service collection.</summary>
public static class MultiPairServiceCollectionExtensions
{
    /// <summary>Adds MultiPair.Sdk's core services (a system <see cref="TimeProvider"/> unless one is registered) and returns a builder for the rest.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IMultiPairBuilder AddMultiPairTrading(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions();
        return new MultiPairBuilder(services);
    }
}
