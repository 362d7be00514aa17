using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>What a rule's settings are checked against at start.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Config">The portfolio configuration.</param>
/// <param name="Pairs">The registered pairs' settings.</param>
public sealed record RuleValidationContext(PortfolioConfig Config, IReadOnlyCollection<PairConfig> Pairs);
