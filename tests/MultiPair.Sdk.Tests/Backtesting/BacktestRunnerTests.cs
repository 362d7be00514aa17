using System.Text.Json;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Tests.Backtesting;

public sealed class BacktestRunnerTests
{

    private static BacktestOptions Options(decimal stopPercent = 0m) => RealBacktest.Options(stopPercent);

    private static IEnumerable<Bar> Bars() => RealBacktest.Bars();

    [Fact]
    public void Run_RealBinanceHours_TradesAndAccountsExactly()
    {
        var result = BacktestRunner.Run(Options(), Bars());

        result.Completed.ShouldBeTrue();
        result.Bars.ShouldBe(900);
        result.EquityCurve.Count.ShouldBe(300);
        result.Trades.Count.ShouldBeGreaterThan(5);
        result.FinalMetrics.ActivePositions.ShouldBe(0); // closed at the end
        result.FinalMetrics.TotalCapital.ShouldBe(10_000m + result.Trades.Sum(t => t.Pnl));
        result.Statistics.ByPair.Sum(a => a.Pnl).ShouldBe(result.Trades.Sum(t => t.Pnl));
        result.Statistics.FinalEquity.ShouldBe(result.FinalMetrics.TotalCapital);
        result.Trades.ShouldAllBe(t => t.Fees > 0m && t.ExitTime > t.EntryTime);
    }

    [Fact]
    public void Run_EntrySignal_FillsAtTheNextBarsOpenWithTheTakerFee()
    {
        var result = BacktestRunner.Run(Options(), Bars());
        var bars = Bars().ToList();

        foreach (var trade in result.Trades)
        {
            // The fill bar is the one that opens at the entry time; the signal came from the bar before it.
            var fillBar = bars.Single(b => b.Pair == trade.Pair && b.OpenTime == trade.EntryTime);
            trade.EntryPrice.ShouldBe((decimal)fillBar.Open);
            bars.ShouldContain(b => b.Pair == trade.Pair && b.CloseTime == trade.EntryTime);
        }
    }

    [Fact]
    public void Run_SameInputsTwice_GivesIdenticalResults()
    {
        var first = JsonSerializer.Serialize(BacktestRunner.Run(Options(stopPercent: 3m), Bars()));
        var second = JsonSerializer.Serialize(BacktestRunner.Run(Options(stopPercent: 3m), Bars()));

        second.ShouldBe(first);
    }

    [Fact]
    public void Run_Cancelled_ReturnsThePartialResult()
    {
        using var cts = new CancellationTokenSource();
        long seen = 0;
        var result = BacktestRunner.Run(Options(), Bars().Select(b =>
        {
            if (++seen == 300)
            {
                cts.Cancel();
            }

            return b;
        }), cancellationToken: cts.Token);

        result.Completed.ShouldBeFalse();
        result.Bars.ShouldBeLessThan(900);
        result.EquityCurve.Count.ShouldBeGreaterThan(50);
    }

    [Fact]
    public void Run_BarOfUnknownPair_ThrowsNamingIt()
    {
        var stray = new Bar(new TradingPair("DOGE", "USDT"), Timeframe.OneHour, DateTimeOffset.UnixEpoch, 1, 1, 1, 1, 1);

        Should.Throw<ArgumentException>(() => BacktestRunner.Run(Options(), [stray])).Message.ShouldContain("DOGE/USDT");
    }

    [Fact]
    public void Run_PrefetchedBlocksOfAnySize_GivesTheSameResultAsABarByBarRun()
    {
        // The file reader's blocks cut bar times anywhere: a bar time inside a block is stepped from it, one cut by a
        // block's end is gathered first. Every cut must give the bar-by-bar run's result, byte for byte.
        var bars = Bars().ToList();
        var expected = JsonSerializer.Serialize(BacktestRunner.Run(Options(stopPercent: 3m), bars));

        foreach (var batch in new[] { 1, 2, 3, 4, 5, 7, 64, 299, 900, 2048 })
        {
            var blocked = BacktestRunner.Run(Options(stopPercent: 3m), new BarPrefetcher(bars, batch, depth: 2));

            JsonSerializer.Serialize(blocked).ShouldBe(expected, $"batch {batch}");
        }
    }

    [Fact]
    public void Run_PrefetchedBlocksCancelled_StopsBetweenBarTimesWithThePartialResult()
    {
        using var cts = new CancellationTokenSource();
        var progress = new CancellingProgress(cts, afterBars: 300);
        var result = BacktestRunner.Run(Options(), new BarPrefetcher(Bars().ToList(), batchSize: 7, depth: 2), progress, cts.Token);

        result.Completed.ShouldBeFalse();
        result.Bars.ShouldBe(300); // three pairs: cancelled after the 100th bar time, before the 101st
        result.EquityCurve.Count.ShouldBe(100);
    }

    [Theory]
    [InlineData(2)] // the earlier bar opens the next block
    [InlineData(64)] // inside a block
    public void Run_BarGoingBackInTime_ThrowsNamingItOnEitherPath(int batch)
    {
        var bars = Bars().Take(6).ToList();
        var late = bars[0];
        bars.Add(late); // after the second bar time, a bar of the first

        var direct = Should.Throw<ArgumentException>(() => BacktestRunner.Run(Options(), bars));
        var blocked = Should.Throw<ArgumentException>(() => BacktestRunner.Run(Options(), new BarPrefetcher(bars, batch, depth: 2)));

        direct.Message.ShouldContain("time order");
        direct.ParamName.ShouldBe("bars");
        blocked.Message.ShouldBe(direct.Message);
    }

    /// <summary>Cancels once a number of bars was reported (progress is reported synchronously, once per bar time).</summary>
    private sealed class CancellingProgress(CancellationTokenSource cts, long afterBars) : IProgress<BacktestProgress>
    {
        public void Report(BacktestProgress value)
        {
            if (value.Bars >= afterBars)
            {
                cts.Cancel();
            }
        }
    }
}
