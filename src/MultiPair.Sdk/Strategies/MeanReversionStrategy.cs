using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// Mean reversion: a close under the lower Bollinger band (<c>period</c> 20, <c>deviations</c> 2) with RSI
/// (<c>rsiPeriod</c> 14) under <c>oversold</c> (30) wants long, closed when the close gets back to the middle band;
/// shorts mirror it above the upper band with RSI over <c>overbought</c> (70). Also <c>direction</c> (long-only),
/// <c>timeframe</c>, <c>regime</c>. Confidence: <c>0.5 + min(0.5, distance of RSI past its threshold / 30)</c>.
/// </summary>
internal sealed class MeanReversionStrategy : PairStrategyBase
{
    public const string StrategyName = "mean-reversion";
    private readonly double _oversold;
    private readonly double _overbought;
    private readonly BollingerBands _bands;
    private Rsi _rsi;

    public MeanReversionStrategy(StrategyParameters parameters)
        : base(StrategyName, parameters, TradeDirection.LongOnly)
    {
        _bands = new BollingerBands(parameters.GetInt("period", 20, 2, 10_000), parameters.GetDouble("deviations", 2, 0.1, 10));
        _rsi = new Rsi(parameters.GetInt("rsiPeriod", 14, 2, 1_000));
        _oversold = parameters.GetDouble("oversold", 30, 0, 50);
        _overbought = parameters.GetDouble("overbought", 70, 50, 100);
    }

    public override int WarmupBars => Math.Max(_bands.Period, _rsi.Period + 1) + 1;

    protected override Signal? Decide(in Bar bar, StrategyContext context)
    {
        _bands.Update(bar.Close);
        _rsi.Update(bar.Close);
        if (!_bands.IsReady || !_rsi.IsReady)
        {
            return null;
        }

        var close = bar.Close;
        var rsi = _rsi.Value;
        if (close >= _bands.Middle && Exit(context, PositionSide.Long, "back to the middle band") is { } exitLong)
        {
            return exitLong;
        }

        if (close <= _bands.Middle && Exit(context, PositionSide.Short, "back to the middle band") is { } exitShort)
        {
            return exitShort;
        }

        if (close < _bands.Lower && rsi < _oversold)
        {
            return Enter(context, PositionSide.Long, 0.5 + Math.Min(0.5, (_oversold - rsi) / 30), "close under the lower band, RSI oversold");
        }

        return close > _bands.Upper && rsi > _overbought
            ? Enter(context, PositionSide.Short, 0.5 + Math.Min(0.5, (rsi - _overbought) / 30), "close over the upper band, RSI overbought")
            : null;
    }
}
