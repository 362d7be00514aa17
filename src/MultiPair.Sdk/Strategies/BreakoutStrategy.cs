using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// Breakout (Donchian): a close above the highest high of the previous <c>entryPeriod</c> (20) bars wants long,
/// closed when a close falls under the lowest low of the previous <c>exitPeriod</c> (10) bars; shorts mirror it.
/// Also <c>direction</c> (long-only), <c>timeframe</c>, <c>regime</c>. Confidence:
/// <c>0.5 + min(0.5, 10 × breakout distance / level)</c>.
/// </summary>
internal sealed class BreakoutStrategy : PairStrategyBase
{
    public const string StrategyName = "breakout";
    private readonly int _entryPeriod;
    private readonly int _exitPeriod;

    public BreakoutStrategy(StrategyParameters parameters)
        : base(StrategyName, parameters, TradeDirection.LongOnly)
    {
        _entryPeriod = parameters.GetInt("entryPeriod", 20, 2, 5_000);
        _exitPeriod = parameters.GetInt("exitPeriod", 10, 1, 5_000);
    }

    public override int WarmupBars => Math.Max(_entryPeriod, _exitPeriod) + 1;

    protected override Signal? Decide(in Bar bar, StrategyContext context)
    {
        var history = context.History(Timeframe);
        if (history.Count <= Math.Max(_entryPeriod, _exitPeriod))
        {
            return null;
        }

        // history[0] is this bar; the channels are over the bars before it.
        var close = bar.Close;
        if (close < Lowest(history, _exitPeriod) && Exit(context, PositionSide.Long, "close under the exit channel") is { } exitLong)
        {
            return exitLong;
        }

        if (close > Highest(history, _exitPeriod) && Exit(context, PositionSide.Short, "close over the exit channel") is { } exitShort)
        {
            return exitShort;
        }

        var high = Highest(history, _entryPeriod);
        if (close > high)
        {
            return Enter(context, PositionSide.Long, 0.5 + Math.Min(0.5, 10 * (close - high) / high), $"close above the {_entryPeriod}-bar high");
        }

        var low = Lowest(history, _entryPeriod);
        return close < low
            ? Enter(context, PositionSide.Short, 0.5 + Math.Min(0.5, 10 * (low - close) / low), $"close below the {_entryPeriod}-bar low")
            : null;
    }

    private static double Highest(BarHistory history, int period)
    {
        var high = double.MinValue;
        for (var ago = 1; ago <= period; ago++)
        {
            high = Math.Max(high, history[ago].High);
        }

        return high;
    }

    private static double Lowest(BarHistory history, int period)
    {
        var low = double.MaxValue;
        for (var ago = 1; ago <= period; ago++)
        {
            low = Math.Min(low, history[ago].Low);
        }

        return low;
    }
}
