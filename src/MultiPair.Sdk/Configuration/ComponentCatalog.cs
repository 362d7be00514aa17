using Microsoft.Extensions.Configuration;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Configuration;

/// <summary>Creates allocation strategies and risk rules by name, binding their settings from parameters.</summary>
internal sealed class ComponentCatalog
{
    private readonly Dictionary<string, Func<RiskRule>> _rules = new(StringComparer.Ordinal);

    public ComponentCatalog(IEnumerable<RiskRuleType> custom)
    {
        Add<MaxPositionsRule>();
        Add<MaxPositionSizeRule>();
        Add<MaxPositionNotionalRule>();
        Add<MaxGrossExposureRule>();
        Add<MaxPairExposureRule>();
        Add<CorrelatedExposureRule>();
        Add<DailyLossLimitRule>();
        Add<DrawdownThrottleRule>();
        Add<EmergencyLiquidationRule>();
        Add<MinimumConfidenceRule>();
        Add<OnePositionPerPairRule>();
        Add<StopLossRule>();
        Add<DailyTradeLimitProtection>();
        Add<DrawdownCooldownProtection>();
        Add<HighFrequencyCooldownProtection>();
        Add<LossStreakCooldownProtection>();
        Add<LowProfitPairLockProtection>();
        Add<QuickExitCooldownProtection>();
        Add<StopLossGuardProtection>();
        foreach (var rule in custom)
        {
            _rules[Key(rule.Name)] = rule.Create;
        }
    }

    public IEnumerable<string> RuleNames => _rules.Keys.Order(StringComparer.Ordinal);

    public static string Key(string name)
    {
        var key = PairListBinder.Normalize(name.Trim());
        foreach (var suffix in (string[])["protection", "rule", "allocation"])
        {
            if (key.Length > suffix.Length && key.EndsWith(suffix, StringComparison.Ordinal))
            {
                return key[..^suffix.Length];
            }
        }

        return key;
    }

    public IRiskRule? CreateRule(ComponentOptions options, string label, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(options.Name) || !_rules.TryGetValue(Key(options.Name), out var create))
        {
            problems.Add($"{label}: unknown risk rule '{options.Name}'; known: {string.Join(", ", RuleNames)}.");
            return null;
        }

        var rule = create();
        return BindInto(rule, options.Parameters, label, problems) ? rule : null;
    }

    public static IAllocationStrategy? CreateAllocation(ComponentOptions options, int maxPositions, List<string> problems)
    {
        const string Label = "Allocation";
        var name = options.Name is null ? string.Empty : Key(options.Name);
        var perPosition = Math.Min(100m, 100m / Math.Max(1, maxPositions));
        AllocationStrategy? allocation = name switch
        {
            "equal" or "equalweight" => new EqualWeightAllocation { BudgetPercent = perPosition },
            "confidence" or "confidenceweighted" => new ConfidenceWeightedAllocation(),
            "fixed" or "fixedfraction" => new FixedFractionAllocation { FractionPercent = perPosition },
            "riskparity" => new RiskParityAllocation(),
            "inversevolatility" => new InverseVolatilityAllocation(),
            "pairweight" => PairWeights(options.Parameters, problems),
            _ => null,
        };
        if (allocation is null)
        {
            if (name is not "pairweight")
            {
                problems.Add($"{Label}: unknown allocation '{options.Name}'; known: equal-weight, confidence-weighted, fixed-fraction, pair-weight, risk-parity, inverse-volatility.");
            }

            return null;
        }

        if (allocation is not PairWeightAllocation && !BindInto(allocation, options.Parameters, Label, problems))
        {
            return null;
        }

        var invalid = allocation.Validate();
        problems.AddRange(invalid.Select(p => $"{Label}: {p}"));
        return invalid.Count == 0 ? allocation : null;
    }

    private static PairWeightAllocation? PairWeights(IDictionary<string, string> parameters, List<string> problems)
    {
        var weights = new Dictionary<TradingPair, decimal>();
        var total = 100m;
        var ok = true;
        foreach (var (key, value) in parameters)
        {
            if (!decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                problems.Add($"Allocation: '{key}' is '{value}'; it must be a number.");
                ok = false;
            }
            else if (string.Equals(key, nameof(PairWeightAllocation.TotalPercent), StringComparison.OrdinalIgnoreCase))
            {
                total = number;
            }
            else if (TradingPair.TryParse(key, out var pair))
            {
                weights[pair] = number;
            }
            else
            {
                problems.Add($"Allocation: '{key}' is not a pair; pair-weight takes a weight in percent per pair and TotalPercent.");
                ok = false;
            }
        }

        return ok ? new PairWeightAllocation { WeightsPercent = weights, TotalPercent = total } : null;
    }

    private static bool BindInto(object target, IDictionary<string, string> parameters, string label, List<string> problems)
    {
        if (parameters.Count == 0)
        {
            return true;
        }

        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(parameters.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
            configuration.Bind(target, binder => binder.ErrorOnUnknownConfiguration = true);
            return true;
        }
        catch (InvalidOperationException e)
        {
            problems.Add($"{label}: {e.Message}");
            return false;
        }
    }

    private void Add<TRule>()
        where TRule : RiskRule, new() =>
        _rules[Key(typeof(TRule).Name)] = static () => new TRule();
}
