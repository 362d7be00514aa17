using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Testing;

/// <summary>
/// A strategy whose decisions are a function you write: for tests of engines, risk rules and portfolios that need
/// signals at known bars without an indicator warming up.
/// </summary>
public sealed class ScriptedStrategy : IPairStrategy
{
    private readonly Func<Bar, StrategyContext, Signal?> _decide;
    private readonly List<Bar> _seen = [];

    /// <summary>Initializes a new strategy.</summary>
    /// <param name="timeframes">Its timeframes; the first is the primary one.</param>
    /// <param name="decide">Called for every closed bar; returns a signal or <see langword="null"/>.</param>
    /// <param name="name">Its name.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="timeframes"/> is empty.</exception>
    public ScriptedStrategy(IReadOnlyList<Timeframe> timeframes, Func<Bar, StrategyContext, Signal?> decide, string name = "scripted")
    {
        ArgumentNullException.ThrowIfNull(timeframes);
        ArgumentNullException.ThrowIfNull(decide);
        if (timeframes.Count == 0)
        {
            throw new ArgumentException("At least one timeframe is needed.", nameof(timeframes));
        }

        Timeframes = timeframes;
        _decide = decide;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<Timeframe> Timeframes { get; }

    /// <inheritdoc />
    public int WarmupBars => 0;

    /// <summary>Gets every bar the strategy saw, in order.</summary>
    public IReadOnlyList<Bar> Seen => _seen;

    /// <inheritdoc />
    public Signal? OnBar(in Bar bar, StrategyContext context)
    {
        _seen.Add(bar);
        return _decide(bar, context);
    }
}
