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
    public void WithConfigFile_SafeListObject_TakesPairsStrategiesAndLimits()
    {
        var path = Path.Combine(Path.GetTempPath(), $"multipair-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "MultiPair": { "Capital": 5000, "MaxPositions": 2, "Pairs": { "BTC/USDT": { "strategy": "breakout", "params": { "entryPeriod": "10" } }, "ETHUSDT": { "strategy": "momentum" } } } }
            """);

        var settings = new BacktestSettings { DataDirectory = DataDirectory }.WithConfigFile(path);
        File.Delete(path);
        var (options, pairs) = settings.Build(new CandleFolder(DataDirectory));

        settings.Capital.ShouldBe(5_000m);
        pairs.Select(p => p.ToString()).ShouldBe(["BTC/USDT", "ETH/USDT"]);
        options.Pairs.Select(p => p.Strategy.Name).ShouldBe(["breakout", "momentum"]);
        options.Portfolio.MaxPositions.ShouldBe(2);
    }
}
