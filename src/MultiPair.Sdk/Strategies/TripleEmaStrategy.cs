using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// Triple EMA: the short (<c>short</c> 5), medium (<c>medium</c> 20) and long (<c>long</c> 50) EMAs lining up
/// (short &gt; medium &gt; long) want long, closed when the short EMA falls under the medium; shorts mirror it.
/// Also <c>direction</c> (long-only), <c>timeframe</c>, <c>regime</c>. Confidence:
/// <c>0.5 + min(0.5, 20 × |short − long| / long)</c>.
/// </summary>
internal sealed class TripleEmaStrategy : PairStrategyBase
{
    public const string StrategyName = "triple-ema";
    private Ema _short;
    private Ema _medium;
    private Ema _long;
    private int _previousAlignment;

    public TripleEmaStrategy(StrategyParameters parameters)
        : base(StrategyName, parameters, TradeDirection.LongOnly)
    {
        var shortPeriod = parameters.GetInt("short", 5, 1, 10_000);
        var medium = parameters.GetInt("medium", 20, 2, 10_000);
        var longPeriod = parameters.GetInt("long", 50, 3, 10_000);
        parameters.Require(shortPeriod < medium && medium < longPeriod, $"Periods must increase: short {shortPeriod} < medium {medium} < long {longPeriod}.");
        _short = new Ema(shortPeriod);
        _medium = new Ema(Math.Max(medium, shortPeriod + 1));
        _long = new Ema(Math.Max(longPeriod, Math.Max(medium, shortPeriod + 1) + 1));
    }

    public override int WarmupBars => _long.Period + 1;

    protected override Signal? Decide(in Bar bar, StrategyContext context)
    {
        _short.Update(bar.Close);
        _medium.Update(bar.Close);
        _long.Update(bar.Close);
        if (!_long.IsReady)
        {
            return null;
        }

        double s = _short.Value, m = _medium.Value, l = _long.Value;
        if (s < m && Exit(context, PositionSide.Long, "short EMA fell under the medium") is { } exitLong)
        {
            return exitLong;
        }

        if (s > m && Exit(context, PositionSide.Short, "short EMA rose over the medium") is { } exitShort)
        {
            return exitShort;
        }

        var alignment = s > m && m > l ? 1 : s < m && m < l ? -1 : 0;
        var previous = _previousAlignment;
        _previousAlignment = alignment;
        if (alignment == 0 || alignment == previous)
        {
            return null;
        }

        var confidence = 0.5 + Math.Min(0.5, 20 * Math.Abs(s - l) / l);
        return Enter(context, alignment > 0 ? PositionSide.Long : PositionSide.Short, confidence, alignment > 0 ? "EMAs aligned up" : "EMAs aligned down");
    }
}
