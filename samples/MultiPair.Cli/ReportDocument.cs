using System.Text.Json;
using System.Text.Json.Serialization;
using MultiPair.Sdk.Backtesting;

namespace MultiPair.Cli;

/// <summary>The JSON form of a backtest (stable camelCase names) that <c>--json</c> prints, <c>--out</c> saves and <c>dashboard</c> reads.</summary>
internal sealed record ReportDocument(
    string Title,
    DateTimeOffset Start,
    DateTimeOffset End,
    long Bars,
    bool Completed,
    SummaryView Summary,
    StatisticsView Statistics,
    IReadOnlyList<PairView> Pairs,
    IReadOnlyList<TradeView> Trades)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static ReportDocument From(string title, BacktestResult result)
    {
        var metrics = result.FinalMetrics;
        var statistics = result.Statistics;
        var capital = metrics.InitialCapital;
        var exposure = metrics.ByPair.ToDictionary(a => a.Key.ToString(), a => a.Exposure, StringComparer.Ordinal);
        var pairs = statistics.ByPair
            .Select(a => new PairView(
                a.Key.ToString(),
                exposure.GetValueOrDefault(a.Key.ToString()) > 0m ? "open" : "flat",
                exposure.GetValueOrDefault(a.Key.ToString()),
                a.TradeCount,
                a.WinningTrades,
                a.Pnl,
                a.Fees,
                capital > 0m ? a.Pnl * 100m / capital : 0m))
            .OrderByDescending(p => p.Pnl)
            .ThenBy(p => p.Pair, StringComparer.Ordinal)
            .ToList();
        return new ReportDocument(
            title,
            statistics.StartTime ?? DateTimeOffset.MinValue,
            statistics.EndTime ?? DateTimeOffset.MinValue,
            result.Bars,
            result.Completed,
            new SummaryView(metrics.TotalCapital, metrics.DeployedCapital, metrics.AvailableCapital, metrics.ActivePositions, statistics.TradeCount, (statistics.WinRate ?? 0) * 100, metrics.TotalReturnPercent, metrics.RealizedPnl, metrics.UnrealizedPnl, metrics.FeesPaid),
            new StatisticsView(statistics.TotalReturn, statistics.Cagr, statistics.Sharpe, statistics.Sortino, statistics.MaxDrawdown, statistics.MaxDrawdownDuration, statistics.Calmar, statistics.WinRate, statistics.ProfitFactor, statistics.Expectancy, statistics.ExposureTime, statistics.TradeCount, statistics.TotalFees),
            pairs,
            [.. result.Trades.Select(t => new TradeView(t.Pair.ToString(), t.Sleeve.Value, t.Side.ToString(), t.EntryTime, t.EntryPrice, t.ExitTime, t.ExitPrice, t.Quantity, t.Fees, t.Pnl, t.ExitReason?.ToString()))]);
    }

    public static ReportDocument Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ReportDocument>(File.ReadAllText(path), Json) ?? throw new CliException($"{path} is empty.");
        }
        catch (JsonException ex)
        {
            throw new CliException($"{path} is not a multipair result file: {ex.Message}", ex);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
