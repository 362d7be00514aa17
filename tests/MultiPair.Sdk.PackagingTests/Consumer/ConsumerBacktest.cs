// Compiled twice: into the packaging tests (against the project, for the expected figures) and into the consumer
// project the tests create (against the packages). Uses the public API only.
using System.Globalization;
using System.Text;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Strategies;

namespace PackageConsumer;

/// <summary>A short backtest: EMA cross 8/21 on three pairs, the first 400 hours of the bundled Binance 1h candles.</summary>
internal static class ConsumerBacktest
{
    /// <summary>The pairs, named as in the candle files (BTC_USDT-1h.json, ...).</summary>
    public static readonly string[] PairNames = ["BTC/USDT", "ETH/USDT", "SOL/USDT"];

    /// <summary>The first bar time of the run: the files start here.</summary>
    public static readonly DateTimeOffset Start = new(2020, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The end of the run: 400 hourly bars per pair.</summary>
    public static readonly DateTimeOffset End = Start.AddHours(400);

    /// <summary>Runs the backtest on the candle files in <paramref name="dataDirectory"/>.</summary>
    /// <param name="dataDirectory">A folder with the pairs' freqtrade JSON files.</param>
    /// <returns>The result.</returns>
    public static BacktestResult Run(string dataDirectory)
    {
        var pairs = PairNames.Select(name => TradingPair.Parse(name)).ToArray();
        var options = new BacktestOptions
        {
            Portfolio = new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 3, MaxPositionSizePercent = 40m, MaxCorrelatedExposurePercent = 500m },
            Timeframe = Timeframe.OneHour,
            Pairs = [.. pairs.Select(pair => new BacktestPair
            {
                Config = new PairConfig { Pair = pair },
                Strategy = StrategyRegistry.CreateDefault().Create("ema-cross", new Dictionary<string, string>(StringComparer.Ordinal) { ["fast"] = "8", ["slow"] = "21", ["direction"] = "long-only" }),
                Instrument = new Instrument(pair, MarketType.Spot, tickSize: 0.0001m, stepSize: 0.00001m, minQuantity: 0.00001m, minNotional: 10m),
            })],
            Rules = [new MaxPositionsRule(), new MaxPositionSizeRule()],
            Allocation = new FixedFractionAllocation { FractionPercent = 30m },
            Exchange = new SimulatedExchangeOptions { TakerFeeBps = 10m, MaxVolumeShare = 0m },
        };
        var bars = new CandleFolder(dataDirectory).OpenMerged(pairs, Timeframe.OneHour, Start, End);
        return BacktestRunner.Run(options, bars);
    }

    /// <summary>Renders the figures both sides compare: bars, every trade and the final equity, culture-invariant.</summary>
    /// <param name="result">The backtest's result.</param>
    /// <returns>One line per figure, each ending in a line feed.</returns>
    public static string Summarize(BacktestResult result)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.Append(culture, $"bars {result.Bars}\n");
        text.Append(culture, $"trades {result.Trades.Count}\n");
        foreach (var trade in result.Trades)
        {
            text.Append(culture, $"trade {trade.Pair} {trade.Side} {trade.EntryTime:yyyy-MM-ddTHH:mm}Z {trade.EntryPrice} -> {trade.ExitTime:yyyy-MM-ddTHH:mm}Z {trade.ExitPrice} qty {trade.Quantity} fees {trade.Fees} pnl {trade.Pnl} {trade.ExitReason}\n");
        }

        text.Append(culture, $"final equity {result.FinalMetrics.TotalCapital}\n");
        text.Append(culture, $"realized pnl {result.FinalMetrics.RealizedPnl}\n");
        return text.ToString();
    }
}
