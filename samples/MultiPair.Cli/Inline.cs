using MultiPair.Sdk.Backtesting;

namespace MultiPair.Cli;

/// <summary>A progress sink that runs on the reporting thread, so a live view updates in step with the replay.</summary>
internal sealed class Inline(Action<BacktestProgress> report) : IProgress<BacktestProgress>
{
    public void Report(BacktestProgress value) => report(value);
}
