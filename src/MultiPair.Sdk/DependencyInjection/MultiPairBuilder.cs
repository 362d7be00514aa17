using Microsoft.Extensions.DependencyInjection;

namespace MultiPair.Sdk.DependencyInjection;

internal sealed class MultiPairBuilder(IServiceCollection services) : IMultiPairBuilder
{
    public IServiceCollection Services { get; } = services;
}
