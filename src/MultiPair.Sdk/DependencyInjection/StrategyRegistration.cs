using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.DependencyInjection;

/// <summary>A strategy factory added with <c>AddStrategy</c>, registered in the <see cref="StrategyRegistry"/>.</summary>
internal sealed record StrategyRegistration(string Name, Func<StrategyParameters, IPairStrategy> Factory);
