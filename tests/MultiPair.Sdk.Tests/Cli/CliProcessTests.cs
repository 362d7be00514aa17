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
