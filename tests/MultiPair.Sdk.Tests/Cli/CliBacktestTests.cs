using MultiPair.Cli;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Tests.Cli;

public sealed class CliBacktestTests
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "Backtesting", "Data");

    [Fact]
    public void Build_DefaultSettings_RunsEveryPairOfTheFolderWithTheDefaultPortfolio()
    {
        var settings = new BacktestSettings { DataDirectory = DataDirectory, Pairs = ["BTC", "ETH/USDT", "SOLUSDT"] };
        var folder = new CandleFolder(DataDirectory);

        var (options, pairs) = settings.Build(folder);
        var result = BacktestRunner.Run(options, folder.OpenMerged(pairs, Timeframe.OneHour, settings.Start, settings.End));

        pairs.Select(p => p.ToString()).ShouldBe(["BTC/USDT", "ETH/USDT", "SOL/USDT"]);
        options.Portfolio.MaxPositions.ShouldBe(5);
        result.Trades.Count.ShouldBeGreaterThan(0);
        result.Trades.ShouldAllBe(t => t.Side == MultiPair.Sdk.Portfolio.PositionSide.Long); // spot: long only
        result.Trades.Select(t => t.ExitReason).ShouldContain(MultiPair.Sdk.Portfolio.ExitReason.StopLoss);
    }

    [Fact]
    public void ReportDocument_SavedAndLoaded_KeepsTheViews()
    {
        var settings = new BacktestSettings { DataDirectory = DataDirectory };
        var folder = new CandleFolder(DataDirectory);
        var (options, pairs) = settings.Build(folder);
        var result = BacktestRunner.Run(options, folder.OpenMerged(pairs, Timeframe.OneHour, settings.Start, settings.End));
        var document = ReportDocument.From("test", result);
        var path = Path.Combine(Path.GetTempPath(), $"multipair-{Guid.NewGuid():N}.json");

        File.WriteAllText(path, document.ToJson());
        var loaded = ReportDocument.Load(path);
        File.Delete(path);

        loaded.Summary.ShouldBe(document.Summary);
        loaded.Pairs.ShouldBe(document.Pairs);
        loaded.Trades.Count.ShouldBe(result.Trades.Count);
        document.ToJson().ShouldContain("\"totalCapital\"");
    }

    [Fact]
    public void Build_UnknownPairAllocationOrEmptyRange_FailsWithAClearMessage()
    {
        var folder = new CandleFolder(DataDirectory);

        Should.Throw<CliException>(() => new BacktestSettings { DataDirectory = DataDirectory, Pairs = ["DOGE"] }.Build(folder)).Message.ShouldContain("DOGE");
        Should.Throw<CliException>(() => new BacktestSettings { DataDirectory = DataDirectory, Allocation = "martingale" }.Build(folder)).Message.ShouldContain("martingale");
        Should.Throw<CliException>(() => new BacktestSettings { DataDirectory = DataDirectory, Pairs = ["BTC"], Start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero) }.Build(folder)).Message.ShouldContain("No 1h bars in the range");
    }

    [Fact]
    public void ConfigFile_TheRunCommandsSchema_BuildsTheWholePortfolioFromIt()
    {
        var path = WriteConfig("""
            {
              "MultiPair": {
                "Portfolio": { "TotalCapital": 5000, "QuoteAsset": "USDT", "MaxPositions": 2, "DailyLossLimitPercent": 4 },
                "Timeframe": "1h",
                "Strategy": "ema-cross",
                "StrategyParameters": { "fast": "9", "slow": "21", "direction": "long-only" },
                "Tiers": { "VOLATILE": { "PositionSizePercent": 20 } },
                "Pairs": {
                  "BTC/USDT": { "strategy": "breakout", "params": { "entryPeriod": "10", "direction": "long-only" } },
                  "ETHUSDT": { "tier": "VOLATILE" },
                  "SOL/USDT": { "enabled": false }
                },
                "RiskRules": [ { "Name": "StopLossGuard", "Parameters": { "MaxStopLosses": "3", "LookbackPeriod": "06:00:00", "LockDuration": "06:00:00" } } ],
                "Allocation": { "Name": "equal-weight" },
                "Engine": { "DecisionDelay": "00:00:00", "DefaultStopLossPercent": 2, "DefaultTakeProfitPercent": 5 },
                "Simulation": { "TakerFeeBps": 7, "MakerFeeBps": 2, "MaxVolumeShare": 0 }
              }
            }
            """);
        var folder = new CandleFolder(DataDirectory);

        var settings = new BacktestSettings { DataDirectory = DataDirectory, Configuration = BacktestSettings.ReadConfigFile(path) };
        var (options, pairs) = settings.Build(folder);
        var result = BacktestRunner.Run(options, folder.OpenMerged(pairs, options.Timeframe, settings.Start, settings.End));

        pairs.Select(p => p.ToString()).ShouldBe(["BTC/USDT", "ETH/USDT"]); // SOL is disabled
        options.Pairs.Select(p => p.Strategy.Name).ShouldBe(["breakout", "ema-cross"]);
        options.Pairs[1].Config.PositionSizePercent.ShouldBe(20m); // the tier
        options.Portfolio.TotalCapital.ShouldBe(5_000m);
        options.Portfolio.MaxPositions.ShouldBe(2);
        options.Rules.OfType<MultiPair.Sdk.Risk.StopLossGuardProtection>().ShouldHaveSingleItem();
        options.Rules.OfType<MultiPair.Sdk.Risk.DailyLossLimitRule>().ShouldHaveSingleItem().MaxLossPercent.ShouldBe(4m);
        options.Exchange.TakerFeeBps.ShouldBe(7m);
        options.Engine.DefaultStopLossPercent.ShouldBe(2m);
        result.Trades.Count.ShouldBeGreaterThan(0);
        result.Trades.ShouldAllBe(t => pairs.Contains(t.Pair));

        // --pairs picks among the configured pairs only.
        var (picked, only) = (settings with { Pairs = ["ETH"] }).Build(folder);
        only.Select(p => p.ToString()).ShouldBe(["ETH/USDT"]);
        picked.Pairs.ShouldHaveSingleItem().Pair.ToString().ShouldBe("ETH/USDT");
        Should.Throw<CliException>(() => (settings with { Pairs = ["SOL"] }).Build(folder)).Message.ShouldContain("not among the configured pairs");
    }

    [Fact]
    public void ConfigFile_Invalid_FailsWithEveryProblemListed()
    {
        var path = WriteConfig("""
            { "MultiPair": { "Portfolio": { "TotalCapital": -1 }, "Pairs": "BTC,BTCUSDT", "Strategy": "no-such-strategy" } }
            """);
        var settings = new BacktestSettings { DataDirectory = DataDirectory, Configuration = BacktestSettings.ReadConfigFile(path) };

        var error = Should.Throw<CliException>(() => settings.Build(new CandleFolder(DataDirectory)));

        error.Message.ShouldStartWith("The configuration is not valid:");
        error.Message.ShouldContain("TotalCapital");
        error.Message.ShouldContain("no-such-strategy");
        error.Message.ShouldContain("BTC");
        Should.Throw<CliException>(() => BacktestSettings.ReadConfigFile(WriteConfig("{ \"MultiPair\": "))).Message.ShouldContain("not valid JSON");
        Should.Throw<CliException>(() => BacktestSettings.ReadConfigFile(Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid().ToString("N") + ".json"))).Message.ShouldContain("does not exist");
    }

    private static string WriteConfig(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"multipair-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
