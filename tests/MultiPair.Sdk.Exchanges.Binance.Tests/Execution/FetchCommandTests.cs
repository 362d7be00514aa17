using System.Diagnostics;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Execution;

/// <summary><c>multipair fetch</c> as a process, against the fake server: candles land in the backtest folder format.</summary>
public sealed class FetchCommandTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mp-fetch-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Fetch_writes_every_pair_over_several_pages_and_the_backtest_loader_reads_the_same_bars()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        var btc = FakeBinanceServer.GenerateKlines(Start, TimeSpan.FromHours(1), 2_500, 40_000m).ToList();
        var eth = FakeBinanceServer.GenerateKlines(Start, TimeSpan.FromHours(1), 2_500, 2_000m).ToList();
        server.SetKlines("BTCUSDT", "1h", btc);
        server.SetKlines("ETHUSDT", "1h", eth);
        var end = Start.AddHours(2_400);

        var (exit, output) = Run("fetch", "--pairs", "BTC,ETH/USDT", "--timeframe", "1h", "--start", "2024-01-01", "--end", end.ToString("O"), "--out", _folder.FullName, "--rest-url", server.RestAddress.ToString());

        exit.ShouldBe(0, output);
        var folder = new CandleFolder(_folder.FullName);
        folder.Pairs.ShouldBe([new TradingPair("BTC", "USDT"), new TradingPair("ETH", "USDT")], ignoreOrder: true);
        var bars = folder.Open(new TradingPair("BTC", "USDT"), Timeframe.OneHour, Start, end).ToList();
        bars.Count.ShouldBe(2_400);
        bars[0].OpenTime.ShouldBe(Start);
        bars[^1].OpenTime.ShouldBe(end.AddHours(-1));
        bars.Zip(bars.Skip(1)).ShouldAllBe(p => p.Second.OpenTime - p.First.OpenTime == TimeSpan.FromHours(1));
        server.RequestsTo("/api/v3/klines").ShouldBeGreaterThanOrEqualTo(6, "2,400 bars per pair need three pages of 1,000");

        var (unknownExit, unknownOutput) = Run("fetch", "--pairs", "NOPE", "--start", "2024-01-01", "--out", _folder.FullName, "--rest-url", server.RestAddress.ToString());
        unknownExit.ShouldBe(2, unknownOutput);
        unknownOutput.ShouldContain("NOPE/USDT");
    }

    private static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var cli = SiblingBuild.PathOf(Path.Combine("samples", "MultiPair.Cli"), "multipair.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
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
}
