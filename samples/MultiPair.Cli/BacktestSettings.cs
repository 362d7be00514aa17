using System.Globalization;
using System.Text.Json;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Cli;

/// <summary>What a backtest run was asked for: command-line options, optionally on top of a JSON configuration file.</summary>
internal sealed record BacktestSettings
{
    public required string DataDirectory { get; init; }

    public IReadOnlyList<string> Pairs { get; init; } = [];

    public Timeframe Timeframe { get; init; } = Timeframe.OneHour;

    public string Strategy { get; init; } = "ema-cross";

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyDictionary<TradingPair, (string Strategy, IReadOnlyDictionary<string, string> Parameters)> PerPair { get; init; } =
        new Dictionary<TradingPair, (string, IReadOnlyDictionary<string, string>)>();

    public string Allocation { get; init; } = "equal";

    public decimal Capital { get; init; } = 10_000m;

    public int MaxPositions { get; init; } = 5;

    public decimal FeeBps { get; init; } = 10m;

    public decimal SlippageBps { get; init; }

    public decimal StopLossPercent { get; init; } = 1.5m;

    public decimal TakeProfitPercent { get; init; } = 6m;

    public decimal DailyLossPercent { get; init; } = 5m;

    public DateTimeOffset Start { get; init; } = DateTimeOffset.MinValue;

    public DateTimeOffset End { get; init; } = DateTimeOffset.MaxValue;

    public string QuoteAsset { get; init; } = "USDT";

    /// <summary>Reads the <c>MultiPair</c> section of a JSON configuration file over these settings.</summary>
    public BacktestSettings WithConfigFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement.TryGetProperty("MultiPair", out var section) ? section : document.RootElement;
        var settings = this;
        if (Text(root, "QuoteAsset") is { } quote)
        {
            settings = settings with { QuoteAsset = quote };
        }

        settings = settings with
        {
            Capital = Number(root, "Capital") ?? settings.Capital,
            MaxPositions = (int?)Number(root, "MaxPositions") ?? settings.MaxPositions,
            FeeBps = Number(root, "FeeBps") ?? settings.FeeBps,
            SlippageBps = Number(root, "SlippageBps") ?? settings.SlippageBps,
            StopLossPercent = Number(root, "StopLossPercent") ?? settings.StopLossPercent,
            TakeProfitPercent = Number(root, "TakeProfitPercent") ?? settings.TakeProfitPercent,
            DailyLossPercent = Number(root, "DailyLossPercent") ?? settings.DailyLossPercent,
            Allocation = Text(root, "Allocation") ?? settings.Allocation,
            Strategy = Text(root, "Strategy") ?? settings.Strategy,
        };
        if (Text(root, "Timeframe") is { } timeframe)
        {
            settings = settings with { Timeframe = Timeframe.Parse(timeframe) };
        }

        if (root.TryGetProperty(nameof(Pairs), out var pairs))
        {
            settings = settings.WithPairs(pairs);
        }

        return settings;
    }

    /// <summary>Builds the backtest from the settings and the pairs available in the data folder.</summary>
    public (BacktestOptions Options, IReadOnlyList<TradingPair> Pairs) Build(CandleFolder folder)
    {
        var registry = StrategyRegistry.CreateDefault();
        var available = folder.Pairs.Where(p => folder.GetTimeframes(p).Contains(Timeframe)).ToList();
        var wanted = Pairs.Count == 0
            ? available
            : [.. Pairs.Select(p => ParsePair(p, available))];
        var missing = wanted.Where(p => !available.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            throw new CliException($"No {Timeframe} data in {folder.Directory} for {string.Join(", ", missing)}; available: {string.Join(", ", available)}.");
        }

        var empty = wanted.Where(pair =>
        {
            using var bars = folder.Open(pair, Timeframe, Start, End).GetEnumerator();
            return !bars.MoveNext();
        }).ToList();
        if (empty.Count > 0)
        {
            throw new CliException($"No {Timeframe} bars in the range {Start:O} – {End:O} for {string.Join(", ", empty)}.");
        }

        var pairs = wanted.Select(pair =>
        {
            var (strategy, parameters) = PerPair.TryGetValue(pair, out var own) ? own : (Strategy, Parameters);
            var merged = new Dictionary<string, string>(parameters, StringComparer.OrdinalIgnoreCase);
            merged.TryAdd("timeframe", Timeframe.ToString());
            merged.TryAdd("direction", "long-only"); // the bundled pairs are spot markets
            return new BacktestPair
            {
                Config = new PairConfig { Pair = pair, PositionSizePercent = Math.Min(100m, 100m / MaxPositions) },
                Strategy = registry.Create(strategy, merged),
            };
        }).ToList();
        var options = new BacktestOptions
        {
            Portfolio = new PortfolioConfig
            {
                TotalCapital = Capital,
                QuoteAsset = QuoteAsset,
                MaxPositions = MaxPositions,
                MaxPositionSizePercent = Math.Min(100m, 100m / MaxPositions),
                MaxCorrelatedExposurePercent = 100m,
            },
            Pairs = pairs,
            Timeframe = Timeframe,
            Rules = [new MaxPositionsRule(), new MaxPositionSizeRule(), new DailyLossLimitRule { MaxLossPercent = DailyLossPercent }],
            Allocation = CreateAllocation(Allocation, MaxPositions),
            Exchange = new SimulatedExchangeOptions { TakerFeeBps = FeeBps, MakerFeeBps = FeeBps, SlippageBps = SlippageBps, MaxVolumeShare = 0m },
            Engine = new PortfolioEngineOptions
            {
                DecisionDelay = TimeSpan.Zero,
                DefaultStopLossPercent = StopLossPercent > 0m ? StopLossPercent : null,
                DefaultTakeProfitPercent = TakeProfitPercent > 0m ? TakeProfitPercent : null,
            },
            Gate = new RiskGateOptions { FeeReservePercent = FeeBps / 100m },
        };
        return (options, wanted);
    }

    private static IAllocationStrategy CreateAllocation(string name, int maxPositions) => name.ToUpperInvariant() switch
    {
        "EQUAL" => new EqualWeightAllocation { BudgetPercent = Math.Min(100m, 100m / maxPositions) },
        "CONFIDENCE" => new ConfidenceWeightedAllocation(),
        "FIXED" => new FixedFractionAllocation { FractionPercent = Math.Min(100m, 100m / maxPositions) },
        _ => throw new CliException($"Unknown allocation '{name}': use equal, confidence or fixed."),
    };

    private static TradingPair ParsePair(string text, IReadOnlyList<TradingPair> available)
    {
        var trimmed = text.Trim();
        if (trimmed.All(char.IsAsciiLetterOrDigit) && available.FirstOrDefault(p => string.Equals(p.Base, trimmed, StringComparison.OrdinalIgnoreCase)) is { IsDefault: false } byBase)
        {
            return byBase;
        }

        return TradingPair.TryParse(trimmed, new PairCatalog(available), out var pair) || TradingPair.TryParse(trimmed, out pair)
            ? pair
            : throw new CliException($"'{text}' is not a pair (try BTC/USDT or BTCUSDT).");
    }

    private BacktestSettings WithPairs(JsonElement pairs)
    {
        switch (pairs.ValueKind)
        {
            case JsonValueKind.String:
                return this with { Pairs = [.. pairs.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] };
            case JsonValueKind.Array:
                return this with { Pairs = [.. pairs.EnumerateArray().Select(e => e.GetString() ?? string.Empty)] };
            case JsonValueKind.Object:
                var perPair = new Dictionary<TradingPair, (string, IReadOnlyDictionary<string, string>)>();
                foreach (var entry in pairs.EnumerateObject())
                {
                    var pair = TradingPair.Parse(entry.Name);
                    var strategy = Text(entry.Value, "strategy") ?? Strategy;
                    var parameters = entry.Value.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object
                        ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.ValueKind == JsonValueKind.String ? x.Value.GetString()! : x.Value.GetRawText(), StringComparer.OrdinalIgnoreCase)
                        : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    perPair[pair] = (strategy, parameters);
                }

                return this with { Pairs = [.. perPair.Keys.Select(p => p.ToString())], PerPair = perPair };
            default:
                throw new CliException("'Pairs' must be a string, a list or an object.");
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Number => value.GetDecimal(),
                JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => throw new CliException($"'{name}' must be a number."),
            }
            : null;
}
