using System.Text.Json;
using System.Text.Json.Serialization;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.Persistence;

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

    /// <summary>A live portfolio's state from its store's positions read model (no statistics: those need the equity curve of a backtest).</summary>
    public static ReportDocument FromStore(string path, IReadOnlyList<StoredPosition> positions, decimal capital)
    {
        var open = positions.Where(p => p.IsOpen).ToList();
        var closed = positions.Where(p => !p.IsOpen).ToList();
        var realized = positions.Sum(p => p.RealizedPnl);
        var unrealized = open.Sum(p => p.UnrealizedPnl);
        var fees = positions.Sum(p => p.FeesPaid);
        var total = capital + realized + unrealized;
        var deployed = open.Sum(p => p.Notional);
        var wins = closed.Count(p => p.RealizedPnl > 0m);
        var pairs = positions
            .GroupBy(p => p.Pair.ToString(), StringComparer.Ordinal)
            .Select(g => new PairView(
                g.Key,
                g.Any(p => p.IsOpen) ? "open" : "flat",
                g.Where(p => p.IsOpen).Sum(p => p.Notional),
                g.Count(p => !p.IsOpen),
                g.Count(p => !p.IsOpen && p.RealizedPnl > 0m),
                g.Sum(p => p.RealizedPnl + (p.IsOpen ? p.UnrealizedPnl : 0m)),
                g.Sum(p => p.FeesPaid),
                capital > 0m ? g.Sum(p => p.RealizedPnl + (p.IsOpen ? p.UnrealizedPnl : 0m)) * 100m / capital : 0m))
            .OrderByDescending(p => p.Pnl)
            .ThenBy(p => p.Pair, StringComparer.Ordinal)
            .ToList();
        var start = positions.Count > 0 ? positions.Min(p => p.OpenedAt) : DateTimeOffset.MinValue;
        var end = positions.Count > 0 ? positions.Max(p => p.ClosedAt ?? p.OpenedAt) : DateTimeOffset.MinValue;
        return new ReportDocument(
            Path.GetFileName(path),
            start,
            end,
            0,
            Completed: true,
            new SummaryView(total, deployed, total - deployed, open.Count, closed.Count, closed.Count > 0 ? wins * 100.0 / closed.Count : 0, capital > 0m ? (total - capital) * 100m / capital : 0m, realized, unrealized, fees),
            new StatisticsView(capital > 0m ? (double)((total - capital) / capital) : 0, null, null, null, 0, TimeSpan.Zero, null, closed.Count > 0 ? wins / (double)closed.Count : null, null, null, 0, closed.Count, fees),
            pairs,
            [.. closed.Select(p => new TradeView(p.Pair.ToString(), p.Sleeve.Value, p.Side.ToString(), p.OpenedAt, p.EntryPrice, p.ClosedAt ?? p.OpenedAt, p.CurrentPrice, p.Quantity, p.FeesPaid, p.RealizedPnl, p.ExitReason?.ToString()))]);
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
