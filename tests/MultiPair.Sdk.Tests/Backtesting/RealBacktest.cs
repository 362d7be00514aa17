using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Tests.Backtesting;

/// <summary>The backtest the runner and report tests share: EMA cross 8/21 on the real BTC, ETH and SOL 1h slices.</summary>
internal static class RealBacktest
{
    public static readonly TradingPair[] Pairs = [new("BTC", "USDT"), new("ETH", "USDT"), new("SOL", "USDT")];

    public static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "Backtesting", "Data");

    public static BacktestOptions Options(decimal trailingStopPercent = 0m) => new()
    {
        Portfolio = new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 3, MaxPositionSizePercent = 40m, MaxCorrelatedExposurePercent = 500m },
        Timeframe = Timeframe.OneHour,
        Pairs = [.. Pairs.Select(p => new BacktestPair
        {
            Config = new PairConfig { Pair = p, TrailingStopPercent = trailingStopPercent > 0m ? trailingStopPercent : null },
            Strategy = StrategyRegistry.CreateDefault().Create("ema-cross", new Dictionary<string, string>(StringComparer.Ordinal) { ["fast"] = "8", ["slow"] = "21", ["direction"] = "long-only" }),
            Instrument = new Instrument(p, MarketType.Spot, tickSize: 0.0001m, stepSize: 0.00001m, minQuantity: 0.00001m, minNotional: 10m),
        })],
        Rules = [new MaxPositionsRule(), new MaxPositionSizeRule()],
        Allocation = new FixedFractionAllocation { FractionPercent = 30m },
        Exchange = new SimulatedExchangeOptions { TakerFeeBps = 10m, MaxVolumeShare = 0m },
    };

    public static IEnumerable<Bar> Bars() =>
        new CandleFolder(DataDirectory).OpenMerged(Pairs, Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
}
