using System.Text.Json;
using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Tests.Strategies;

/// <summary>Runs a strategy bar by bar with a real context, optionally following its own signals as the position.</summary>
internal sealed class StrategyHarness
{
    public static readonly TradingPair Btc = new("BTC", "USDT");
    public static readonly DateTimeOffset Start = new(2021, 4, 18, 0, 0, 0, TimeSpan.Zero);

    private readonly IPairStrategy _strategy;
    private readonly BarHistory _history;
    private readonly StrategyContext _context;
    private DateTimeOffset _next = Start;

    public StrategyHarness(IPairStrategy strategy)
    {
        _strategy = strategy;
        var timeframe = strategy.Timeframes[0];
        _history = new BarHistory(Btc, timeframe, 1_000);
        _context = new StrategyContext(Btc, new StrategyId("test"), new Dictionary<Timeframe, BarHistory> { [timeframe] = _history });
    }

    public bool FollowSignals { get; init; } = true;

    public MarketRegime Regime { get; set; }

    public PositionSide? Position { get => _context.Position; set => _context.Position = value; }

    public List<(int Index, Signal Signal)> Signals { get; } = [];

    public int Count { get; private set; }

    /// <summary>The real BTC/USDT 1h bars of the test data (2021-04-18 to 04-26, 211 bars).</summary>
    public static IReadOnlyList<Bar> RealHourlyBars()
    {
        var rows = JsonSerializer.Deserialize<double[][]>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MarketData", "Data", "BTC_USDT-1h.json")))!;
        return [.. rows.Select(r => new Bar(Btc, Timeframe.OneHour, DateTimeOffset.FromUnixTimeMilliseconds((long)r[0]), r[1], r[2], r[3], r[4], r[5]))];
    }

    public Signal? Close(double close, double? high = null, double? low = null)
    {
        var bar = new Bar(Btc, _strategy.Timeframes[0], _next, close, Math.Max(high ?? close, close), Math.Min(low ?? close, close), close, 1);
        return Feed(bar);
    }

    public Signal? Feed(in Bar bar)
    {
        _next = bar.CloseTime;
        _history.Add(bar);
        _context.Time = bar.CloseTime;
        _context.Regime = Regime;
        var signal = _strategy.OnBar(bar, _context);
        if (signal is not null)
        {
            Signals.Add((Count, signal));
            if (FollowSignals)
            {
                _context.Position = signal.Direction switch
                {
                    SignalDirection.Long => PositionSide.Long,
                    SignalDirection.Short => PositionSide.Short,
                    _ => null,
                };
            }
        }

        Count++;
        return signal;
    }

    public void Run(IEnumerable<double> closes)
    {
        foreach (var close in closes)
        {
            Close(close);
        }
    }
}
