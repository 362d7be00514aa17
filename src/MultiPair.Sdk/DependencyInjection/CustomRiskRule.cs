using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.DependencyInjection;

/// <summary>A rule added with <c>AddRiskRule</c>, evaluated after the configured ones.</summary>
internal sealed record CustomRiskRule(Func<IServiceProvider, IRiskRule> Factory);
