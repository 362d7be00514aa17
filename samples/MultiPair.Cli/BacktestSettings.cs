using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.Configuration;
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

    /// <summary>
    /// Gets the portfolio a configuration file describes (<c>--config</c>), bound exactly as <c>multipair run</c> and
    /// <c>services.AddMultiPairTrading(configuration)</c> bind it; when set it replaces the portfolio settings above, and
    /// <see cref="Pairs"/> only picks among its pairs.
    /// </summary>
    public MultiPairOptions? Configuration { get; init; }

    /// <summary>Binds the <c>MultiPair</c> section (or the whole file when it has none) of a JSON configuration file.</summary>
    public static MultiPairOptions ReadConfigFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"The configuration file {path} does not exist.");
        }

        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException e)
        {
            throw new CliException($"{path} is not valid JSON: {e.InnerException?.Message ?? e.Message}", e);
        }

        var section = root.GetSection(MultiPairOptions.SectionName);
        return MultiPairOptions.FromConfiguration(section.Exists() ? section : root);
    }

    /// <summary>Builds the backtest from the settings and the pairs available in the data folder.</summary>
    public (BacktestOptions Options, IReadOnlyList<TradingPair> Pairs) Build(CandleFolder folder)
    {
        if (Configuration is not null)
        {
            return BuildConfigured(folder, Configuration);
        }

        var registry = StrategyRegistry.CreateDefault();
        var available = folder.Pairs.Where(p => folder.GetTimeframes(p).Contains(Timeframe)).ToList();
        var wanted = Pairs.Count == 0
            ? available
            : [.. Pairs.Select(p => ParsePair(p, available))];
        CheckData(folder, wanted, Timeframe);

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

    /// <summary>The configured portfolio on the folder's data: the pairs picked with <see cref="Pairs"/> (all when none), each with data in the range.</summary>
    private (BacktestOptions Options, IReadOnlyList<TradingPair> Pairs) BuildConfigured(CandleFolder folder, MultiPairOptions configuration)
    {
        BacktestOptions options;
        try
        {
            options = BacktestOptions.FromConfiguration(configuration);
        }
        catch (OptionsValidationException e)
        {
            throw new CliException("The configuration is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, e.Failures.Select(f => "  " + f)), e);
        }

        var configured = options.Pairs.Select(p => p.Pair).ToList();
        var wanted = new List<TradingPair>();
        foreach (var text in Pairs.Count == 0 ? configured.Select(p => p.ToString()) : Pairs)
        {
            wanted.Add(TryParsePair(text, configured, out var pair) && configured.Contains(pair)
                ? pair
                : throw new CliException($"'{text}' is not among the configured pairs: {string.Join(", ", configured)}."));
        }

        CheckData(folder, wanted, options.Timeframe);
        return (options with { Pairs = [.. options.Pairs.Where(p => wanted.Contains(p.Pair))] }, wanted);
    }

    /// <summary>Every pair needs data of the timeframe in the folder, and at least one bar in the range.</summary>
    private void CheckData(CandleFolder folder, IReadOnlyList<TradingPair> wanted, Timeframe timeframe)
    {
        var available = folder.Pairs.Where(p => folder.GetTimeframes(p).Contains(timeframe)).ToList();
        var missing = wanted.Where(p => !available.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            throw new CliException($"No {timeframe} data in {folder.Directory} for {string.Join(", ", missing)}; available: {string.Join(", ", available)}.");
        }

        var empty = wanted.Where(pair =>
        {
            using var bars = folder.Open(pair, timeframe, Start, End).GetEnumerator();
            return !bars.MoveNext();
        }).ToList();
        if (empty.Count > 0)
        {
            throw new CliException($"No {timeframe} bars in the range {Start:O} – {End:O} for {string.Join(", ", empty)}.");
        }
    }

    private static IAllocationStrategy CreateAllocation(string name, int maxPositions) => name.ToUpperInvariant() switch
    {
        "EQUAL" => new EqualWeightAllocation { BudgetPercent = Math.Min(100m, 100m / maxPositions) },
        "CONFIDENCE" => new ConfidenceWeightedAllocation(),
        "FIXED" => new FixedFractionAllocation { FractionPercent = Math.Min(100m, 100m / maxPositions) },
        _ => throw new CliException($"Unknown allocation '{name}': use equal, confidence or fixed."),
    };

    private static TradingPair ParsePair(string text, IReadOnlyList<TradingPair> available) =>
        TryParsePair(text, available, out var pair) ? pair : throw new CliException($"'{text}' is not a pair (try BTC/USDT or BTCUSDT).");

    /// <summary>A pair as the command line names it: a base asset among <paramref name="available"/>, or any pair spelling.</summary>
    private static bool TryParsePair(string text, IReadOnlyList<TradingPair> available, out TradingPair pair)
    {
        var trimmed = text.Trim();
        pair = trimmed.All(char.IsAsciiLetterOrDigit) ? available.FirstOrDefault(p => string.Equals(p.Base, trimmed, StringComparison.OrdinalIgnoreCase)) : default;
        return !pair.IsDefault || TradingPair.TryParse(trimmed, new PairCatalog(available), out pair) || TradingPair.TryParse(trimmed, out pair);
    }
}
