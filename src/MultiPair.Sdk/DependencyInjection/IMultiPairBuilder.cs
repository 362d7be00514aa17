using Microsoft.Extensions.DependencyInjection;

namespace MultiPair.Sdk.DependencyInjection;

/// <summary>Configures MultiPair.Sdk in a service collection; returned by <c>services.AddMultiPairTrading()</c>. Extension packages add <c>Use...</c> methods to it (for example <c>UseBinance</c>).</summary>
public interface IMultiPairBuilder
{
    /// <summary>Gets the service collection being configured.</summary>
    IServiceCollection Services { get; }
}
