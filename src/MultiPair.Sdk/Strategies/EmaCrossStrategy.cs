using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// EMA cross: the fast EMA crossing above the slow one wants long, below wants short. Parameters: <c>fast</c> (12),
/// <c>slow</c> (26), <c>direction</c> (both), <c>maxCrossesPerDay</c> (0 = no limit; crosses acted on beyond it on one
/// UTC day are ignored; a cross that produces no signal does not count), <c>timeframe</c> (1h), <c>regime</c> (any). The 240/600 short strategy is
/// <c>{ "fast": "240", "slow": "600", "direction": "short-only", "maxCrossesPerDay": "1" }</c>.
/// Confidence: <c>0.5 + min(0.5, 25 × |fast − slow| / slow)</c>.
/// </summary>
internal sealed class EmaCrossStrategy : PairStrategyBase
{
    public const string StrategyName = "ema-cross";
    private readonly int _maxCrossesPerDay;
    private Ema _fast;
    private Ema _slow;
    private double _previousSpread = double.NaN;
    private DateOnly _day;
    private int _crossesToday;

    public EmaCrossStrategy(StrategyParameters parameters)
        : base(StrategyName, parameters, TradeDirection.Both)
    {
        var fast = parameters.GetInt("fast", 12, 1, 10_000);
        var slow = parameters.GetInt("slow", 26, 2, 10_000);
        _maxCrossesPerDay = parameters.GetInt("maxCrossesPerDay", 0, 0, 1_000);
        parameters.Require(fast < slow, $"Parameter 'fast' ({fast}) must be less than 'slow' ({slow}).");
        _fast = new Ema(fast);
        _slow = new Ema(Math.Max(slow, fast + 1));
    }

    public override int WarmupBars => _slow.Period + 1;

    protected override Signal? Decide(in Bar bar, StrategyContext context)
    {
        _fast.Update(bar.Close);
        _slow.Update(bar.Close);
        if (!_slow.IsReady)
        {
            return null;
        }

        var spread = _fast.Value - _slow.Value;
        var previous = _previousSpread;
        _previousSpread = spread;
        var crossedUp = previous <= 0 && spread > 0;
        var crossedDown = previous >= 0 && spread < 0;
        if (double.IsNaN(previous) || (!crossedUp && !crossedDown))
        {
            return null;
        }

        var confidence = 0.5 + Math.Min(0.5, 25 * Math.Abs(spread) / _slow.Value);
        var signal = Enter(context, crossedUp ? PositionSide.Long : PositionSide.Short, confidence, crossedUp ? "fast EMA crossed above slow" : "fast EMA crossed below slow");
        return signal is not null && TakeCross(bar.CloseTime) ? signal : null;
    }

    /// <summary>Counts a cross acted on today (UTC); false when today's limit is used up.</summary>
    private bool TakeCross(DateTimeOffset time)
    {
        var day = DateOnly.FromDateTime(time.UtcDateTime);
        if (day != _day)
        {
            _day = day;
            _crossesToday = 0;
        }

        if (_maxCrossesPerDay > 0 && _crossesToday >= _maxCrossesPerDay)
        {
            return false;
        }

        _crossesToday++;
        return true;
    }
}
