using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// What the built-in strategies share: the primary timeframe, the allowed direction, the regime filter, and turning
/// "wants long / wants short / wants out" into entry or exit signals against the position the sleeve holds.
/// </summary>
internal abstract class PairStrategyBase : IPairStrategy
{
    protected PairStrategyBase(string name, StrategyParameters parameters, TradeDirection defaultDirection)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Name = name;
        Timeframe = parameters.GetTimeframe("timeframe", Timeframe.OneHour);
        Direction = parameters.GetEnum("direction", defaultDirection);
        Regime = parameters.GetEnum("regime", RegimeFilter.Any);
        Timeframes = [Timeframe];
    }

    public string Name { get; }

    public IReadOnlyList<Timeframe> Timeframes { get; }

    public abstract int WarmupBars { get; }

    public Timeframe Timeframe { get; }

    public TradeDirection Direction { get; }

    public RegimeFilter Regime { get; }

    /// <summary>
    /// Gets a value indicating whether the strategy ever reads <see cref="StrategyContext.Regime"/>: only through its
    /// regime filter, so not with <see cref="RegimeFilter.Any"/> (the engine then skips the regime detector for the pair).
    /// </summary>
    public bool ReadsRegime => Regime != RegimeFilter.Any;

    public Signal? OnBar(in Bar bar, StrategyContext context) =>
        bar.Timeframe == Timeframe ? Decide(bar, context) : null;

    protected abstract Signal? Decide(in Bar bar, StrategyContext context);

    /// <summary>An entry on <paramref name="side"/>: closes an opposite position first, respects the direction and the regime filter.</summary>
    /// <param name="context">The strategy's context.</param>
    /// <param name="side">The side to enter.</param>
    /// <param name="confidence">The entry's confidence (clamped to [0, 1]).</param>
    /// <param name="reason">Why.</param>
    /// <param name="entryStop">The entry's stop-loss price, set when positive (not on a reversal's exit); NaN for none.</param>
    protected Signal? Enter(StrategyContext context, PositionSide side, double confidence, string reason, double entryStop = double.NaN)
    {
        if (context.Position == side)
        {
            return null;
        }

        if (context.Position is not null)
        {
            return context.Emit(SignalDirection.Exit, 1.0, $"{reason} (reversal)");
        }

        var allowed = Direction == TradeDirection.Both || (side == PositionSide.Long ? Direction == TradeDirection.LongOnly : Direction == TradeDirection.ShortOnly);
        return allowed && (!ReadsRegime || RegimeAllows(context.Regime))
            ? context.Emit(side == PositionSide.Long ? SignalDirection.Long : SignalDirection.Short, Math.Clamp(confidence, 0.0, 1.0), reason, entryStop > 0 ? (decimal)entryStop : null)
            : null;
    }

    /// <summary>An exit of a position on <paramref name="side"/>, if one is held.</summary>
    protected static Signal? Exit(StrategyContext context, PositionSide side, string reason) =>
        context.Position == side ? context.Emit(SignalDirection.Exit, 1.0, reason) : null;

    private bool RegimeAllows(MarketRegime regime) => Regime switch
    {
        RegimeFilter.Trending => regime == MarketRegime.Trending,
        RegimeFilter.Ranging => regime == MarketRegime.Ranging,
        RegimeFilter.NotVolatile => regime != MarketRegime.Volatile,
        _ => true,
    };
}
