using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// Momentum: RSI crossing up through <c>entryRsi</c> (55) while the fast SMA (<c>fast</c>, 10) is above the slow one
/// (<c>slow</c>, 30) and RSI is under <c>overbought</c> (75) wants long; RSI under <c>exitRsi</c> (45) or the fast SMA
/// under the slow one closes it. Shorts mirror it (100 − thresholds). Also <c>rsiPeriod</c> (14), <c>direction</c>
/// (long-only), <c>timeframe</c>, <c>regime</c>. Confidence: <c>0.5 + min(0.5, |RSI − 50| / 50)</c>.
/// </summary>
internal sealed class MomentumStrategy : PairStrategyBase
{
    public const string StrategyName = "momentum";
    private readonly double _entryRsi;
    private readonly double _exitRsi;
    private readonly double _overbought;
    private Rsi _rsi;
    private readonly Sma _fast;
    private readonly Sma _slow;
    private double _previousRsi = double.NaN;

    public MomentumStrategy(StrategyParameters parameters)
        : base(StrategyName, parameters, TradeDirection.LongOnly)
    {
        _rsi = new Rsi(parameters.GetInt("rsiPeriod", 14, 2, 1_000));
        var fast = parameters.GetInt("fast", 10, 1, 10_000);
        var slow = parameters.GetInt("slow", 30, 2, 10_000);
        _entryRsi = parameters.GetDouble("entryRsi", 55, 50, 100);
        _exitRsi = parameters.GetDouble("exitRsi", 45, 0, 50);
        _overbought = parameters.GetDouble("overbought", 75, 50, 100);
        parameters.Require(fast < slow, $"Parameter 'fast' ({fast}) must be less than 'slow' ({slow}).");
        parameters.Require(_entryRsi < _overbought, $"Parameter 'entryRsi' ({_entryRsi}) must be less than 'overbought' ({_overbought}).");
        _fast = new Sma(fast);
        _slow = new Sma(Math.Max(slow, fast + 1));
    }

    public override int WarmupBars => Math.Max(_slow.Period, _rsi.Period + 1) + 1;

    protected override Signal? Decide(in Bar bar, StrategyContext context)
    {
        _rsi.Update(bar.Close);
        _fast.Update(bar.Close);
        _slow.Update(bar.Close);
        if (!_rsi.IsReady || !_slow.IsReady)
        {
            return null;
        }

        var rsi = _rsi.Value;
        var previous = _previousRsi;
        _previousRsi = rsi;
        var up = _fast.Value > _slow.Value;
        if ((rsi < _exitRsi || !up) && Exit(context, PositionSide.Long, "momentum faded") is { } exitLong)
        {
            return exitLong;
        }

        if ((rsi > 100 - _exitRsi || up) && Exit(context, PositionSide.Short, "momentum faded") is { } exitShort)
        {
            return exitShort;
        }

        if (double.IsNaN(previous))
        {
            return null;
        }

        var confidence = 0.5 + Math.Min(0.5, Math.Abs(rsi - 50) / 50);
        if (up && previous < _entryRsi && rsi >= _entryRsi && rsi < _overbought)
        {
            return Enter(context, PositionSide.Long, confidence, "RSI crossed up with the fast SMA above the slow");
        }

        return !up && previous > 100 - _entryRsi && rsi <= 100 - _entryRsi && rsi > 100 - _overbought
            ? Enter(context, PositionSide.Short, confidence, "RSI crossed down with the fast SMA below the slow")
            : null;
    }
}
