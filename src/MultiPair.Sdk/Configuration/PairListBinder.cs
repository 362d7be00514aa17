using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace MultiPair.Sdk.Configuration;

/// <summary>Binds <see cref="MultiPairOptions"/> from configuration, reading <c>Pairs</c> in every form users write it.</summary>
internal static class PairListBinder
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["params"] = nameof(PairOptions.Parameters),
        ["parameters"] = nameof(PairOptions.Parameters),
        ["pair"] = nameof(PairOptions.Symbol),
        ["symbol"] = nameof(PairOptions.Symbol),
        ["maxpositionsizeusd"] = nameof(PairOptions.MaxPositionSizeQuote),
        ["maxpositionsizequote"] = nameof(PairOptions.MaxPositionSizeQuote),
        ["correlationgroup"] = nameof(PairOptions.CorrelationGroup),
        ["positionsizepercent"] = nameof(PairOptions.PositionSizePercent),
        ["trailingstoppercent"] = nameof(PairOptions.TrailingStopPercent),
        ["markettype"] = nameof(PairOptions.MarketType),
        ["strategyid"] = nameof(PairOptions.StrategyId),
        ["stalenesslimit"] = nameof(PairOptions.StalenessLimit),
        ["strategy"] = nameof(PairOptions.Strategy),
        ["tier"] = nameof(PairOptions.Tier),
        ["leverage"] = nameof(PairOptions.Leverage),
        ["enabled"] = nameof(PairOptions.Enabled),
    };

    /// <summary>Binds <paramref name="section"/> onto <paramref name="options"/>; problems binding values are kept for validation.</summary>
    public static void Bind(IConfiguration section, MultiPairOptions options)
    {
        var before = options.Pairs.ToList();
        var rulesBefore = options.RiskRules.Count;
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            options.BindingProblems.Add(e.Message);
        }

        // The binder reads an object keyed by symbol as a list and loses the keys, and skips a comma list: read Pairs here.
        options.Pairs.Clear();
        foreach (var pair in before)
        {
            options.Pairs.Add(pair);
        }

        foreach (var pair in Read(section.GetSection("Pairs"), options.BindingProblems))
        {
            options.Pairs.Add(pair);
        }

        // Nested component settings ("GroupLimits": { "large_cap": 30 }) reach the string dictionary as "GroupLimits:large_cap".
        var rules = section.GetSection("RiskRules").GetChildren().ToList();
        for (var i = 0; i < rules.Count && rulesBefore + i < options.RiskRules.Count; i++)
        {
            Flatten(rules[i].GetSection("Parameters"), options.RiskRules[rulesBefore + i].Parameters);
        }

        if (options.Allocation is not null)
        {
            Flatten(section.GetSection("Allocation:Parameters"), options.Allocation.Parameters);
        }
    }

    private static void Flatten(IConfigurationSection parameters, IDictionary<string, string> target)
    {
        foreach (var (key, value) in parameters.AsEnumerable(makePathsRelative: true))
        {
            if (value is not null)
            {
                target[key] = value;
            }
        }
    }

    /// <summary>Reads a pair list: a string (one symbol or a comma list), a list of strings or objects, or an object keyed by symbol.</summary>
    public static List<PairOptions> Read(IConfigurationSection pairs, IList<string> problems)
    {
        var result = new List<PairOptions>();
        if (pairs.Value is { } text)
        {
            result.AddRange(Split(text));
        }

        foreach (var child in pairs.GetChildren())
        {
            var isIndex = int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _);
            if (child.Value is { } value)
            {
                if (isIndex)
                {
                    result.AddRange(Split(value));
                }
                else if (bool.TryParse(value, out var enabled))
                {
                    result.Add(new PairOptions { Symbol = child.Key, Enabled = enabled });
                }
                else
                {
                    result.Add(new PairOptions { Symbol = child.Key, Strategy = value });
                }

                continue;
            }

            var pair = new PairOptions();
            BindPair(child, pair, problems);
            if (pair.Symbol is null && !isIndex)
            {
                pair.Symbol = child.Key;
            }

            result.Add(pair);
        }

        return result;
    }

    private static IEnumerable<PairOptions> Split(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => new PairOptions { Symbol = s });

    private static void BindPair(IConfigurationSection section, PairOptions pair, IList<string> problems)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in section.GetChildren())
        {
            var key = Normalize(entry.Key);
            if (!Aliases.TryGetValue(key, out var property))
            {
                problems.Add($"Pairs:{section.Key}: unknown setting '{entry.Key}'.");
                continue;
            }

            if (string.Equals(property, nameof(PairOptions.Parameters), StringComparison.Ordinal))
            {
                foreach (var parameter in entry.GetChildren())
                {
                    pair.Parameters[parameter.Key] = parameter.Value ?? string.Empty;
                }

                continue;
            }

            values[property] = entry.Value;
        }

        try
        {
            new ConfigurationBuilder().AddInMemoryCollection(values).Build().Bind(pair);
        }
        catch (InvalidOperationException e)
        {
            problems.Add($"Pairs:{section.Key}: {e.Message}");
        }
    }

    internal static string Normalize(string name) =>
        name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
