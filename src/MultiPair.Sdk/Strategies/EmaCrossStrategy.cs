using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// EMA cross: the fast EMA crossing above the slow one wants long, below wants short. Parameters: <c>fast</c> (12),
/// <c>slow</c> (26), <c>direction</c> (both), <c>maxCrossesPerDay</c> (0 = no limit; crosses acted on beyond it on one
/// UTC day are ignored; a cross that produces no signal does not count), <c>timeframe</c> (1h), <c>regime</c> (any). The 240/600 short strategy is
/// <c>{ "fast": "240", "slow": "600", "direction": "short-only", "maxCrossesPerDay": "1" }</c>.
/// Optional filters: <c>rsiPeriod</c> (0 = off) with <c>rsiMax</c> (70: no long entry at or above it) and <c>rsiMin</c>
/// (30: no short entry at or below it); <c>atrPeriod</c> (0 = off) with <c>atrStop</c> (2): the entry carries a stop
/// loss <c>atrStop × ATR</c> from the close. Confidence: <c>0.5 + min(0.5, 25 × |fast − slow| / slow)</c>.
/// </summary>
internal sealed class EmaCrossStrategy : PairStrategyBase
{
    public const string StrategyName = "ema-cross";
    private readonly int _maxCrossesPerDay;
    private readonly double _rsiMax;
    private readonly double _rsiMin;
    private readonly double _atrStop;
    private readonly bool _useRsi;
    private readonly bool _useAtr;
    private Rsi _rsi;
    private Atr _atr;
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
        var rsiPeriod = parameters.GetInt("rsiPeriod", 0, 0, 1_000);
        _rsiMax = parameters.GetDouble("rsiMax", 70, 0, 100);
        _rsiMin = parameters.GetDouble("rsiMin", 30, 0, 100);
        var atrPeriod = parameters.GetInt("atrPeriod", 0, 0, 1_000);
        _atrStop = parameters.GetDouble("atrStop", 2, 0.1, 100);
        parameters.Require(rsiPeriod != 1 && atrPeriod != 1, "Parameters 'rsiPeriod' and 'atrPeriod' must be 0 (off) or at least 2.");
        _useRsi = rsiPeriod >= 2;
        _useAtr = atrPeriod >= 2;
        _rsi = _useRsi ? new Rsi(rsiPeriod) : default;
        _atr = _useAtr ? new Atr(atrPeriod) : default;
    }

    public override int WarmupBars => Math.Max(_slow.Period, Math.Max(_useRsi ? _rsi.Period + 1 : 0, _useAtr ? _atr.Period + 1 : 0)) + 1;

    protected override Signal? Decide(in Bar bar, StrategyContext context)
    {
        _fast.Update(bar.Close);
        _slow.Update(bar.Close);
        if (_useRsi)
        {
            _rsi.Update(bar.Close);
        }

        if (_useAtr)
        {
            _atr.Update(bar.High, bar.Low, bar.Close);
        }

        if (!_slow.IsReady || (_useRsi && !_rsi.IsReady) || (_useAtr && !_atr.IsReady))
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
        var side = crossedUp ? PositionSide.Long : PositionSide.Short;
        if (context.Position is null && _useRsi && (side == PositionSide.Long ? _rsi.Value >= _rsiMax : _rsi.Value <= _rsiMin))
        {
            return null;
        }

        // The ATR stop goes into the entry signal as it is made (a reversal's exit carries none).
        var stop = double.NaN;
        if (_useAtr)
        {
            var distance = _atrStop * _atr.Value;
            stop = side == PositionSide.Long ? bar.Close - distance : bar.Close + distance;
        }

        var signal = Enter(context, side, confidence, crossedUp ? "fast EMA crossed above slow" : "fast EMA crossed below slow", stop);
        return signal is null || !TakeCross(bar.CloseTime) ? null : signal;
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
