using System.Diagnostics;

namespace MultiPair.Sdk.Tests.Cli;

/// <summary>Runs the real multipair executable as a process.</summary>
public sealed class CliProcessTests
{
    private static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "multipair.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(2)).ShouldBeTrue();
        return (process.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public async Task Dashboard_ReadsAPortfolioStore_OpenAndClosedPositions()
    {
        var folder = Directory.CreateTempSubdirectory("multipair-cli-db-");
        try
        {
            var db = Path.Combine(folder.FullName, "portfolio.db");
            var time = new MultiPair.Sdk.Testing.ManualTimeProvider(new DateTimeOffset(2021, 1, 4, 0, 0, 0, TimeSpan.Zero));
            var ledger = new MultiPair.Sdk.Portfolio.PortfolioManager(new MultiPair.Sdk.Portfolio.PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 10, MaxPositionSizePercent = 50m, MaxCorrelatedExposurePercent = 500m }, time);
            var btc = new MultiPair.Sdk.Markets.TradingPair("BTC", "USDT");
            var eth = new MultiPair.Sdk.Markets.TradingPair("ETH", "USDT");
            ledger.RegisterPair(new MultiPair.Sdk.Portfolio.PairConfig { Pair = btc }).IsSuccess.ShouldBeTrue();
            ledger.RegisterPair(new MultiPair.Sdk.Portfolio.PairConfig { Pair = eth }).IsSuccess.ShouldBeTrue();
            var open = ledger.AddPosition(new MultiPair.Sdk.Portfolio.OpenPositionRequest { Id = new("p1"), Pair = btc, Quantity = 0.05m, EntryPrice = 40_000m, Side = MultiPair.Sdk.Portfolio.PositionSide.Long }).Value;
            ledger.AddPosition(new MultiPair.Sdk.Portfolio.OpenPositionRequest { Id = new("p2"), Pair = eth, Quantity = 1m, EntryPrice = 2_000m, Side = MultiPair.Sdk.Portfolio.PositionSide.Long }).IsSuccess.ShouldBeTrue();
            time.Advance(TimeSpan.FromHours(1));
            ledger.ClosePosition(new("p2"), 2_100m).IsSuccess.ShouldBeTrue();
            await using (var store = new MultiPair.Sdk.Storage.Sqlite.SqlitePortfolioStore(new MultiPair.Sdk.Storage.Sqlite.SqliteStoreOptions { DatabasePath = db }, time))
            {
                await store.OpenAsync(new MultiPair.Sdk.Persistence.StoreIdentity("simulated", "paper", MultiPair.Sdk.Persistence.TradingMode.Paper, "main"));
                await store.AppendAsync(new MultiPair.Sdk.Persistence.StoreBatch { Positions = [open, ledger.GetPosition(new("p2"))!] });
            }

            var (exit, output) = Run("dashboard", "pairs", "--db", db);
            exit.ShouldBe(0, output);
            output.ShouldContain("BTC/USDT");
            output.ShouldContain("open");
            output.ShouldContain("ETH/USDT");
            output.ShouldContain("flat");
            var (jsonExit, json) = Run("dashboard", "summary", "--db", db, "--json");
            jsonExit.ShouldBe(0, json);
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var summary = document.RootElement.GetProperty("summary");
            summary.GetProperty("activePositions").GetInt32().ShouldBe(1);
            summary.GetProperty("closedTrades").GetInt32().ShouldBe(1);
            summary.GetProperty("realizedPnl").GetDecimal().ShouldBe(100m);
            summary.GetProperty("deployedCapital").GetDecimal().ShouldBe(2_000m);
            Run("dashboard", "pairs", "--db", Path.Combine(folder.FullName, "missing.db")).ExitCode.ShouldBe(2);
            Run("dashboard", "pairs").ExitCode.ShouldBe(2);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Backtest_WithTheRunCommandsConfig_TradesTheConfiguredPortfolio_AndRefusesABadOne()
    {
        var folder = Directory.CreateTempSubdirectory("multipair-cli-config-");
        try
        {
            var config = Path.Combine(folder.FullName, "appsettings.json");
            File.WriteAllText(config, """
                {
                  "MultiPair": {
                    "Portfolio": { "TotalCapital": 20000, "QuoteAsset": "USDT", "MaxPositions": 3, "DailyLossLimitPercent": 5 },
                    "Timeframe": "1h",
                    "Strategy": "ema-cross",
                    "StrategyParameters": { "fast": "12", "slow": "26", "direction": "long-only" },
                    "Pairs": { "BTC/USDT": {}, "ETH/USDT": { "strategy": "momentum", "params": { "direction": "long-only" } }, "SOL/USDT": {} },
                    "Engine": { "DecisionDelay": "00:00:00", "DefaultStopLossPercent": 3, "DefaultTakeProfitPercent": 8 },
                    "Simulation": { "TakerFeeBps": 10, "MakerFeeBps": 10, "MaxVolumeShare": 0 },
                    "Exchange": { "Name": "simulated", "Mode": "Paper" }
                  }
                }
                """);
            var report = Path.Combine(folder.FullName, "report.html");

            var (exit, output) = Run("backtest", "--config", config, "--json", "--report", report);

            exit.ShouldBe(0, output);
            using (var document = System.Text.Json.JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]))
            {
                var summary = document.RootElement.GetProperty("summary");
                // The configured capital: what the portfolio is worth less what it made.
                (summary.GetProperty("totalCapital").GetDecimal() - summary.GetProperty("realizedPnl").GetDecimal() - summary.GetProperty("unrealizedPnl").GetDecimal()).ShouldBe(20_000m, 0.000001m);
                summary.GetProperty("closedTrades").GetInt32().ShouldBeGreaterThan(0);
                var traded = document.RootElement.GetProperty("trades").EnumerateArray().Select(t => t.GetProperty("pair").GetString()).Distinct(StringComparer.Ordinal).ToList();
                traded.ShouldNotBeEmpty();
                traded.ShouldAllBe(p => p == "BTC/USDT" || p == "ETH/USDT" || p == "SOL/USDT");
            }

            // Paper trading replays the same configured portfolio.
            var (paperExit, paperOutput) = Run("paper", "--config", config, "--speed", "0", "--end", "2021-01-03");
            paperExit.ShouldBe(0, paperOutput);
            paperOutput.ShouldContain("equity 20000");

            File.WriteAllText(config, """{ "MultiPair": { "Portfolio": { "TotalCapital": -5 }, "Pairs": "BTC", "Strategy": "no-such" } }""");
            var (badExit, badOutput) = Run("backtest", "--config", config, "--report", report);
            badExit.ShouldBe(2, badOutput);
            badOutput.ShouldContain("The configuration is not valid");
            badOutput.ShouldContain("no-such");
            Run("paper", "--config", config, "--speed", "0").ExitCode.ShouldBe(2);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Run_PaperConfig_TradesIntoItsStoreAndStopsCleanly_LiveWithoutKeysIsRefused()
    {
        var folder = Directory.CreateTempSubdirectory("multipair-cli-run-");
        try
        {
            var db = Path.Combine(folder.FullName, "paper.db");
            var config = Path.Combine(folder.FullName, "appsettings.json");
            File.WriteAllText(config, $$"""
                {
                  "MultiPair": {
                    "Portfolio": { "TotalCapital": 10000, "QuoteAsset": "USDT", "MaxPositions": 3 },
                    "Timeframe": "1h",
                    "Strategy": "ema-cross",
                    "StrategyParameters": { "fast": "5", "slow": "13", "direction": "long-only" },
                    "Pairs": "BTC,ETH,SOL",
                    "Allocation": { "Name": "equal-weight" },
                    "Engine": { "DecisionDelay": "00:00:00", "DefaultStopLossPercent": 3, "DefaultTakeProfitPercent": 4 },
                    "Exchange": { "Name": "simulated", "Mode": "Paper", "Account": "cli-test", "PortfolioId": "run" },
                    "Sqlite": { "DatabasePath": "{{db.Replace("\\", "/", StringComparison.Ordinal)}}" }
                  }
                }
                """);
            var (exit, output) = Run("run", "--config", config, "--speed", "400", "--for", "8");
            exit.ShouldBe(0, output);
            File.Exists(db).ShouldBeTrue(output);

            var (dashboardExit, json) = Run("dashboard", "summary", "--db", db, "--json");
            dashboardExit.ShouldBe(0, json);
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var summary = document.RootElement.GetProperty("summary");
            (summary.GetProperty("activePositions").GetInt32() + summary.GetProperty("closedTrades").GetInt32()).ShouldBeGreaterThan(0, json);

            var live = Path.Combine(folder.FullName, "live.json");
            File.WriteAllText(live, """{ "MultiPair": { "Pairs": "BTCUSDT", "Exchange": { "Name": "binance", "Mode": "Live", "Account": "a", "PortfolioId": "p" } } }""");
            var (liveExit, liveOutput) = Run("run", "--config", live);
            liveExit.ShouldBe(2, liveOutput);
            liveOutput.ShouldContain("credentials");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Backtest_UnsortedCandles_FailsNamingFileAndLineAndWritesNoReport()
    {
        var folder = Directory.CreateTempSubdirectory("multipair-cli-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "BTC_USDT-1h.csv"), "open_time_ms,open,high,low,close,volume\n1606784400000,1,2,0.5,1.5,10\n1606780800000,1,2,0.5,1.5,10\n");
            var report = Path.Combine(folder.FullName, "report.html");

            var (exitCode, output) = Run("backtest", "--data", folder.FullName, "--report", report);

            exitCode.ShouldBe(3);
            output.ShouldContain("BTC_USDT-1h.csv");
            output.ShouldContain("line 3");
            File.Exists(report).ShouldBeFalse();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void BacktestThenDashboard_BundledDataSlice_PrintsJsonAndTheSavedViews()
    {
        var folder = Directory.CreateTempSubdirectory("multipair-cli-");
        try
        {
            var result = Path.Combine(folder.FullName, "result.json");
            var report = Path.Combine(folder.FullName, "report.html");

            var (exitCode, output) = Run("backtest", "--pairs", "BTC,ETH", "--end", "2021-01-15", "--report", report, "--out", result, "--json");

            exitCode.ShouldBe(0);
            output.ShouldContain("\"statistics\"");
            File.ReadAllText(report).ShouldContain("<svg");
            var (dashboardExit, dashboard) = Run("dashboard", "pairs", "--result", result);
            dashboardExit.ShouldBe(0);
            dashboard.ShouldContain("BTC/USDT");
            Run("dashboard", "weather", "--result", result).ExitCode.ShouldBe(2);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
