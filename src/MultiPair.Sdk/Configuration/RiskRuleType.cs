using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Configuration;

/// <summary>A risk rule type that configuration may name (built in, or added with <c>AddRiskRule&lt;TRule&gt;(name)</c>).</summary>
internal sealed record RiskRuleType(string Name, Func<RiskRule> Create);
