using System.Globalization;
using Spectre.Console;

namespace MultiPair.Cli;

/// <summary>The dashboard's three views (summary, concentration, pairs) and the statistics, as Spectre.Console tables.</summary>
internal static class Views
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Summary(IAnsiConsole console, ReportDocument report)
    {
        var s = report.Summary;
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(report.Title)}[/]").AddColumn("summary").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("period", $"{report.Start:yyyy-MM-dd HH:mm} → {report.End:yyyy-MM-dd HH:mm} UTC ({report.Bars.ToString("N0", Invariant)} bars{(report.Completed ? string.Empty : ", stopped early")})");
        table.AddRow("total capital", Money(s.TotalCapital));
        table.AddRow("deployed", Money(s.DeployedCapital));
        table.AddRow("available", Money(s.AvailableCapital));
        table.AddRow("active positions", s.ActivePositions.ToString(Invariant));
        table.AddRow("closed trades", s.ClosedTrades.ToString(Invariant));
        table.AddRow("win rate", Percent(s.WinRatePercent));
        table.AddRow("total return", Signed(s.TotalReturnPercent, "%"));
        table.AddRow("realized P&L", Signed(s.RealizedPnl, string.Empty));
        table.AddRow("fees", Money(s.Fees));
        console.Write(table);
    }

    public static void Statistics(IAnsiConsole console, ReportDocument report)
    {
        var s = report.Statistics;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("statistic").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("CAGR", Ratio(s.Cagr));
        table.AddRow("Sharpe", Number(s.Sharpe));
        table.AddRow("Sortino", Number(s.Sortino));
        table.AddRow("max drawdown", Ratio(s.MaxDrawdown));
        table.AddRow("max drawdown duration", $"{s.MaxDrawdownDuration.TotalDays.ToString("0.#", Invariant)} days");
        table.AddRow("Calmar", Number(s.Calmar));
        table.AddRow("profit factor", Number(s.ProfitFactor));
        table.AddRow("expectancy", s.Expectancy is { } e ? Signed(e, string.Empty) : "n/a");
        table.AddRow("exposure time", Ratio(s.ExposureTime));
        console.Write(table);
    }

    public static void Concentration(IAnsiConsole console, ReportDocument report)
    {
        var deployed = report.Pairs.Where(p => p.Deployed > 0m).OrderByDescending(p => p.Deployed).ToList();
        var byExposure = deployed.Count > 0;
        var rows = byExposure ? deployed : [.. report.Pairs.OrderByDescending(p => Math.Abs(p.Pnl))];
        var total = byExposure ? rows.Sum(p => p.Deployed) : rows.Sum(p => Math.Abs(p.Pnl));
        var table = new Table().Border(TableBorder.Rounded)
            .Title(byExposure ? "[bold]concentration of exposure[/]" : "[bold]concentration of P&L (the book is flat)[/]")
            .AddColumn("#").AddColumn("pair").AddColumn(new TableColumn(byExposure ? "exposure" : "|P&L|").RightAligned()).AddColumn(new TableColumn("share").RightAligned()).AddColumn(new TableColumn("cumulative").RightAligned());
        decimal cumulative = 0m;
        for (var i = 0; i < rows.Count; i++)
        {
            var value = byExposure ? rows[i].Deployed : Math.Abs(rows[i].Pnl);
            var share = total > 0m ? value * 100m / total : 0m;
            cumulative += share;
            table.AddRow((i + 1).ToString(Invariant), rows[i].Pair, Money(value), Percent((double)share), Percent((double)cumulative));
        }

        console.Write(table);
    }

    public static void Pairs(IAnsiConsole console, ReportDocument report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]pairs[/]")
            .AddColumn("pair").AddColumn("status").AddColumn(new TableColumn("deployed").RightAligned()).AddColumn(new TableColumn("trades").RightAligned())
            .AddColumn(new TableColumn("win rate").RightAligned()).AddColumn(new TableColumn("P&L").RightAligned()).AddColumn(new TableColumn("return").RightAligned());
        foreach (var pair in report.Pairs)
        {
            table.AddRow(
                pair.Pair,
                pair.Status,
                Money(pair.Deployed),
                pair.Trades.ToString(Invariant),
                pair.Trades == 0 ? "-" : Percent(pair.Wins * 100.0 / pair.Trades),
                Signed(pair.Pnl, string.Empty),
                Signed(pair.ReturnPercent, "%"));
        }

        console.Write(table);
    }

    private static string Money(decimal value) => value.ToString("N2", Invariant);

    private static string Percent(double value) => value.ToString("0.0", Invariant) + " %";

    private static string Ratio(double? value) => value is { } v && double.IsFinite(v) ? (v * 100).ToString("0.00", Invariant) + " %" : "n/a";

    private static string Number(double? value) => value switch
    {
        null => "n/a",
        { } v when double.IsPositiveInfinity(v) => "∞",
        { } v => v.ToString("0.00", Invariant),
    };

    private static string Signed(decimal value, string unit) =>
        $"[{(value >= 0m ? "green" : "red")}]{value.ToString("+#,0.00;-#,0.00;0.00", Invariant)}{(unit.Length > 0 ? " " + unit : string.Empty)}[/]";
}
