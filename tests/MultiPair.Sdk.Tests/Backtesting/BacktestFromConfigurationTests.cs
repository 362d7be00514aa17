using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.Configuration;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Tests.Backtesting;

/// <summary><see cref="BacktestOptions.FromConfiguration"/> builds the portfolio a host would build from the same section.</summary>
public sealed class BacktestFromConfigurationTests
{
    private static IConfigurationSection Section(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return new ConfigurationBuilder().AddJsonStream(stream).Build().GetSection(MultiPairOptions.SectionName);
    }

    private const string Json = """
        {
          "MultiPair": {
            "Portfolio": { "TotalCapital": 25000, "QuoteAsset": "USDT", "MaxPositions": 4, "DailyLossLimitPercent": 3, "DrawdownHaltPercent": 20 },
            "Strategy": "ema-cross",
            "StrategyParameters": { "fast": "8", "slow": "21", "direction": "long-only" },
            "Tiers": { "VOLATILE": { "PositionSizePercent": 10 } },
            "Pairs": [ "BTCUSDT", { "symbol": "ETH/USDT", "strategy": "momentum", "params": { "direction": "long-only" } }, { "symbol": "SOL", "tier": "VOLATILE" }, { "symbol": "XRP", "enabled": false } ],
            "Sleeves": [],
            "RiskRules": [ { "Name": "MaxGrossExposure" }, { "Name": "StopLossGuard", "Parameters": { "MaxStopLosses": "2", "LookbackPeriod": "06:00:00", "LockDuration": "03:00:00" } } ],
            "Allocation": { "Name": "confidence-weighted" },
            "Engine": { "DecisionDelay": "00:00:00", "DefaultStopLossPercent": 2 },
            "Simulation": { "TakerFeeBps": 4, "MakerFeeBps": 2, "MaxVolumeShare": 0 }
          }
        }
        """;

    [Fact]
    public void FromConfiguration_BuildsWhatTheHostBuildsFromTheSameSection()
    {
        var section = Section(Json);
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddMultiPairTrading(section);
        using var provider = services.BuildServiceProvider();
        var ledger = provider.GetRequiredService<IPortfolioManager>();
        var gate = provider.GetRequiredService<RiskGate>();

        var options = BacktestOptions.FromConfiguration(MultiPairOptions.FromConfiguration(section));

        options.Portfolio.ShouldBe(ledger.Config);
        options.Pairs.Select(p => p.Config).ShouldBe(ledger.Pairs);
        options.Pairs.Select(p => p.Pair.ToString()).ShouldBe(["BTC/USDT", "ETH/USDT", "SOL/USDT"]);
        options.Pairs.Select(p => p.Strategy.Name).ShouldBe(["ema-cross", "momentum", "ema-cross"]);
        options.Pairs[2].Config.PositionSizePercent.ShouldBe(10m);
        options.Rules.Select(r => r.GetType()).ShouldBe(gate.Rules.Select(r => r.GetType()));
        options.Allocation.ShouldBeOfType<MultiPair.Sdk.Allocation.ConfidenceWeightedAllocation>();
        options.Exchange.TakerFeeBps.ShouldBe(4m);
        options.Engine.DefaultStopLossPercent.ShouldBe(2m);
    }

    [Fact]
    public void FromConfiguration_TheDocumentedSnippet_RunsTheConfiguredPortfolioOnAFolder()
    {
        var section = Section("""
            { "MultiPair": { "Portfolio": { "TotalCapital": 10000, "MaxPositions": 2 }, "Pairs": "BTC,ETH,SOL", "StrategyParameters": { "direction": "long-only" }, "Engine": { "DecisionDelay": "00:00:00" } } }
            """);

        // docs/backtesting.md
        var options = BacktestOptions.FromConfiguration(MultiPairOptions.FromConfiguration(section));
        var folder = new CandleFolder(Path.Combine(AppContext.BaseDirectory, "Backtesting", "Data"));
        var bars = folder.OpenMerged(options.Pairs.Select(p => p.Pair), options.Timeframe, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var result = BacktestRunner.Run(options, bars);

        result.Trades.Count.ShouldBeGreaterThan(0);
        result.Trades.Select(t => t.Pair.ToString()).Distinct(StringComparer.Ordinal).ShouldAllBe(p => p == "BTC/USDT" || p == "ETH/USDT" || p == "SOL/USDT");
        result.Statistics.InitialCapital.ShouldBe(10_000m);
    }

    [Fact]
    public void FromConfiguration_Invalid_ThrowsListingEveryProblem()
    {
        var options = MultiPairOptions.FromConfiguration(Section("""{ "MultiPair": { "Portfolio": { "TotalCapital": 0 }, "Pairs": "BTC,BTCUSDT", "Strategy": "nope" } }"""));

        var error = Should.Throw<OptionsValidationException>(() => BacktestOptions.FromConfiguration(options));

        error.Failures.Count().ShouldBeGreaterThanOrEqualTo(3);
        error.Failures.ShouldContain(f => f.Contains("TotalCapital", StringComparison.Ordinal));
        error.Failures.ShouldContain(f => f.Contains("nope", StringComparison.Ordinal));
        Should.Throw<ArgumentNullException>(() => BacktestOptions.FromConfiguration(null!));
        Should.Throw<ArgumentNullException>(() => MultiPairOptions.FromConfiguration(null!));
    }
}
