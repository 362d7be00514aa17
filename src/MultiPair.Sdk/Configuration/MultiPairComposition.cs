using System.Globalization;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Configuration;

/// <summary>The portfolio <see cref="MultiPairOptions"/> describe, built once: ledger settings, pairs with their strategies, rules, allocation.</summary>
internal sealed class MultiPairComposition
{
    private MultiPairComposition()
    {
    }

    public required PortfolioConfig Portfolio { get; init; }

    public required IReadOnlyList<PairConfig> PairConfigs { get; init; }

    public required IReadOnlyList<PairSetup> Setups { get; init; }

    public required IReadOnlyList<IRiskRule> Rules { get; init; }

    public required IAllocationStrategy Allocation { get; init; }

    public required RiskGateOptions GateOptions { get; init; }

    public required Timeframe Timeframe { get; init; }

    /// <summary>Builds the composition or throws one <see cref="OptionsValidationException"/> listing every problem.</summary>
    public static MultiPairComposition Create(MultiPairOptions options, StrategyRegistry registry, ComponentCatalog catalog)
    {
        var problems = new List<string>();
        var composition = Build(options, registry, catalog, problems);
        return composition is not null && problems.Count == 0
            ? composition
            : throw new OptionsValidationException(Options.DefaultName, typeof(MultiPairOptions), problems);
    }

    /// <summary>Builds what can be built and lists every problem; null when the portfolio cannot be assembled.</summary>
    public static MultiPairComposition? Build(MultiPairOptions options, StrategyRegistry registry, ComponentCatalog catalog, List<string> problems)
    {
        problems.AddRange(options.BindingProblems);
        var p = options.Portfolio ?? new PortfolioOptions();
        var maxSize = p.MaxPositionSizePercent ?? (p.MaxPositions > 0 ? Math.Min(100m, Math.Round(100m / p.MaxPositions, 8)) : 100m);
        var portfolio = new PortfolioConfig
        {
            TotalCapital = p.TotalCapital,
            QuoteAsset = p.QuoteAsset ?? string.Empty,
            MaxPositions = p.MaxPositions,
            MaxPositionSizePercent = maxSize,
            MaxCorrelatedExposurePercent = p.MaxCorrelatedExposurePercent,
            RebalanceThresholdPercent = p.RebalanceThresholdPercent,
            EmergencyLiquidationLossPercent = p.EmergencyLiquidationLossPercent,
        };
        problems.AddRange(portfolio.Validate().Select(x => "Portfolio: " + x));
        if (p.MaxLeverage is < 1m or > PairConfig.MaxLeverage)
        {
            problems.Add(Text($"Portfolio: MaxLeverage is {p.MaxLeverage}; it must be in [1, 125]."));
        }

        if (p.DefaultPositionSizePercent is { } defaultSize && defaultSize is <= 0m or > 100m)
        {
            problems.Add(Text($"Portfolio: DefaultPositionSizePercent is {defaultSize}; it must be in (0, 100]."));
        }

        if (p.DrawdownReducePercent is { } reduce && p.DrawdownHaltPercent is { } halt && halt <= reduce)
        {
            problems.Add(Text($"Portfolio: DrawdownHaltPercent ({halt}) must be greater than DrawdownReducePercent ({reduce})."));
        }

        var timeframe = Timeframe.OneHour;
        if (!Timeframe.TryParse(options.Timeframe, out timeframe))
        {
            problems.Add($"Timeframe '{options.Timeframe}' is not a timeframe such as 1m, 5m, 1h or 1d.");
            timeframe = Timeframe.OneHour;
        }

        if (options.Exchange is null || string.IsNullOrWhiteSpace(options.Exchange.Name))
        {
            problems.Add("Exchange: Name is required (simulated, binance, ...).");
        }
        else
        {
            if (options.Exchange.Mode == Persistence.TradingMode.Live && string.Equals(options.Exchange.Name, ExchangeSelectionOptions.Simulated, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add("Exchange: live trading needs a real exchange; the simulated exchange is paper only.");
            }

            try
            {
                _ = options.Exchange.ToStoreIdentity();
            }
            catch (ArgumentException e)
            {
                problems.Add("Exchange: " + e.Message);
            }
        }

        var (pairConfigs, setups) = BuildPairs(options, portfolio.QuoteAsset, maxSize, registry, problems);
        var sleeves = BuildSleeves(options, problems);
        var g = options.Gate ?? new GateOptions();
        var gateOptions = new RiskGateOptions
        {
            Sleeves = sleeves,
            ConflictPolicy = g.ConflictPolicy,
            DailyResetHourUtc = g.DailyResetHourUtc,
            ClosedPositionLookback = g.ClosedPositionLookback,
            FeeReservePercent = g.FeeReservePercent,
        };
        problems.AddRange(gateOptions.Validate().Select(x => "Gate: " + x));
        problems.AddRange((options.Engine ?? new PortfolioEngineOptions()).Validate().Select(x => "Engine: " + x));
        problems.AddRange((options.Coordinator ?? new CoordinatorOptions()).Validate().Select(x => "Coordinator: " + x));
        problems.AddRange((options.Executor ?? new OrderExecutorOptions()).Validate().Select(x => "Executor: " + x));
        problems.AddRange((options.Simulation ?? new Simulation.SimulatedExchangeOptions()).Validate().Select(x => "Simulation: " + x));

        var rules = ImpliedRules(p, pairConfigs);
        for (var i = 0; i < options.RiskRules.Count; i++)
        {
            var configured = options.RiskRules[i];
            if (configured.Enabled && catalog.CreateRule(configured, $"RiskRules:{i} ({configured.Name})", problems) is { } rule)
            {
                rules.Add(rule);
            }
        }

        var validation = new RuleValidationContext(portfolio, pairConfigs);
        foreach (var rule in rules.OfType<RiskRule>())
        {
            problems.AddRange(rule.Validate(validation).Select(x => "RiskRules: " + x));
        }

        var allocation = ComponentCatalog.CreateAllocation(options.Allocation ?? new ComponentOptions { Name = "equal-weight" }, p.MaxPositions, problems);
        return allocation is null
            ? null
            : new MultiPairComposition
            {
                Portfolio = portfolio,
                PairConfigs = pairConfigs,
                Setups = setups,
                Rules = rules,
                Allocation = allocation,
                GateOptions = gateOptions,
                Timeframe = timeframe,
            };
    }

    /// <summary>Normalises a symbol: any pair spelling, or a bare base asset quoted in <paramref name="quote"/>.</summary>
    public static bool TryNormalize(string? symbol, string quote, out TradingPair pair)
    {
        pair = default;
        if (string.IsNullOrWhiteSpace(symbol))
        {
            return false;
        }

        var text = symbol.Trim();
        if (AssetName.IsValid(text) && AssetName.IsValid(quote) && !string.Equals(text, quote, StringComparison.OrdinalIgnoreCase))
        {
            // A bare base asset ("BTC"), unless the text already ends in the quote ("BTCUSDT").
            if (!text.EndsWith(quote, StringComparison.OrdinalIgnoreCase) || text.Length == quote.Length)
            {
                pair = new TradingPair(text, quote);
                return true;
            }

            pair = new TradingPair(text[..^quote.Length], quote);
            return true;
        }

        return TradingPair.TryParse(text, out pair);
    }

    private static List<IRiskRule> ImpliedRules(PortfolioOptions p, IReadOnlyList<PairConfig> pairs)
    {
        var rules = new List<IRiskRule> { new MaxPositionsRule(), new MaxPositionSizeRule() };
        if (pairs.Any(c => c.CorrelationGroup is not null))
        {
            rules.Add(new CorrelatedExposureRule());
        }

        if (pairs.Any(c => c.MaxPositionSizeQuote is not null))
        {
            rules.Add(new MaxPositionNotionalRule());
        }

        if (p.MaxGrossExposurePercent is { } gross)
        {
            rules.Add(new MaxGrossExposureRule { MaxPercent = gross });
        }

        if (p.DailyLossLimitPercent is { } daily)
        {
            rules.Add(new DailyLossLimitRule { MaxLossPercent = daily });
        }

        if (p.DrawdownReducePercent is not null || p.DrawdownHaltPercent is not null)
        {
            var defaults = new DrawdownThrottleRule();
            rules.Add(new DrawdownThrottleRule
            {
                ReduceFromPercent = p.DrawdownReducePercent ?? Math.Min(defaults.ReduceFromPercent, (p.DrawdownHaltPercent ?? defaults.HaltAtPercent) / 2m),
                HaltAtPercent = p.DrawdownHaltPercent ?? Math.Max(defaults.HaltAtPercent, (p.DrawdownReducePercent ?? 0m) * 2m),
            });
        }

        return rules;
    }

    private static List<SleeveConfig> BuildSleeves(MultiPairOptions options, List<string> problems)
    {
        var sleeves = new List<SleeveConfig>();
        for (var i = 0; i < options.Sleeves.Count; i++)
        {
            var s = options.Sleeves[i];
            if (string.IsNullOrWhiteSpace(s.Id) || !TryStrategyId(s.Id, out var id))
            {
                problems.Add($"Sleeves:{i}: Id '{s.Id}' is not a valid strategy id.");
                continue;
            }

            sleeves.Add(new SleeveConfig { Id = id, BudgetPercent = s.BudgetPercent, BudgetAmount = s.BudgetAmount, Strategies = [.. s.Strategies] });
        }

        return sleeves;
    }

    private static (List<PairConfig> Configs, List<PairSetup> Setups) BuildPairs(MultiPairOptions options, string quote, decimal maxSize, StrategyRegistry registry, List<string> problems)
    {
        var configs = new List<PairConfig>();
        var setups = new List<PairSetup>();
        var seen = new Dictionary<TradingPair, string>();
        var p = options.Portfolio ?? new PortfolioOptions();
        for (var i = 0; i < options.Pairs.Count; i++)
        {
            var entry = options.Pairs[i];
            if (entry is null)
            {
                continue;
            }

            if (!TryNormalize(entry.Symbol, quote, out var pair))
            {
                problems.Add(string.IsNullOrWhiteSpace(entry.Symbol)
                    ? $"Pairs:{i}: a symbol is required."
                    : $"Pairs:{i}: '{entry.Symbol}' is not a pair (try BTC/USDT, BTCUSDT or BTC).");
                continue;
            }

            if (seen.TryGetValue(pair, out var first))
            {
                problems.Add($"Pairs:{i}: '{entry.Symbol}' is {pair}, which '{first}' already lists; each pair may appear once.");
                continue;
            }

            seen[pair] = entry.Symbol!;
            var label = $"Pairs[{pair}]";
            TierOptions? tier = null;
            if (entry.Tier is { } tierName && !options.Tiers.TryGetValue(tierName, out tier))
            {
                problems.Add($"{label}: tier '{tierName}' is not configured in Tiers ({string.Join(", ", options.Tiers.Keys)}).");
            }

            var config = new PairConfig
            {
                Pair = pair,
                MarketType = entry.MarketType ?? tier?.MarketType ?? MarketType.Spot,
                Leverage = entry.Leverage ?? tier?.Leverage ?? 1m,
                PositionSizePercent = entry.PositionSizePercent ?? tier?.PositionSizePercent ?? p.DefaultPositionSizePercent ?? maxSize,
                MaxPositionSizeQuote = entry.MaxPositionSizeQuote ?? tier?.MaxPositionSizeQuote,
                TrailingStopPercent = entry.TrailingStopPercent ?? tier?.TrailingStopPercent,
                CorrelationGroup = entry.CorrelationGroup,
            };
            problems.AddRange(config.Validate().Select(x => $"{label}: {x}"));
            if (config.Leverage > p.MaxLeverage)
            {
                problems.Add(Text($"{label}: Leverage {config.Leverage} exceeds Portfolio.MaxLeverage {p.MaxLeverage}."));
            }

            if (entry.StalenessLimit is { } stale && stale <= TimeSpan.Zero)
            {
                problems.Add($"{label}: StalenessLimit must be positive.");
            }

            var strategyId = StrategyId.Default;
            if (entry.StrategyId is { } sid && !TryStrategyId(sid, out strategyId))
            {
                problems.Add($"{label}: StrategyId '{sid}' is not a valid strategy id.");
            }

            var name = entry.Strategy ?? options.Strategy;
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (entry.Strategy is null)
            {
                foreach (var (k, v) in options.StrategyParameters)
                {
                    parameters[k] = v;
                }
            }

            foreach (var (k, v) in entry.Parameters)
            {
                parameters[k] = v;
            }

            IPairStrategy? strategy = null;
            try
            {
                strategy = registry.Create(name, parameters);
            }
            catch (OptionsValidationException e)
            {
                problems.AddRange(e.Failures.Select(x => $"{label}: {x}"));
            }

            if (!entry.Enabled || strategy is null)
            {
                continue;
            }

            configs.Add(config);
            setups.Add(new PairSetup { Pair = pair, Strategy = strategy, StrategyId = strategyId, InputTimeframe = Timeframe.TryParse(options.Timeframe, out var tf) ? tf : null, StalenessLimit = entry.StalenessLimit });
        }

        if (options.Pairs.Count == 0)
        {
            problems.Add("Pairs: at least one pair is required (a symbol such as \"BTCUSDT\", a list such as \"BTC,ETH,SOL\", or safe-list objects).");
        }
        else if (setups.Count == 0 && problems.Count == 0)
        {
            problems.Add("Pairs: every pair is disabled; at least one must be enabled.");
        }

        return (configs, setups);
    }

    private static bool TryStrategyId(string text, out StrategyId id)
    {
        try
        {
            id = new StrategyId(text);
            return true;
        }
        catch (ArgumentException)
        {
            id = default;
            return false;
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
