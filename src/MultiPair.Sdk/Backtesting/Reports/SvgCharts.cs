using System.Text;

namespace MultiPair.Sdk.Backtesting;

/// <summary>Writes the report's inline SVG charts: responsive (view box, 100 % wide), styled by the page's CSS, no script.</summary>
internal static class SvgCharts
{
    /// <summary>The most points drawn per series; longer series are thinned by <see cref="SeriesDownsampler"/>.</summary>
    public const int MaxSeriesPoints = 2000;

    /// <summary>The view-box width of a full-width chart.</summary>
    public const int FullWidth = 1160;

    /// <summary>The view-box width of a half-width chart.</summary>
    public const int HalfWidth = 560;

    private const double Left = 72;
    private const double Right = 24;
    private const double Top = 14;
    private const double Bottom = 40;

    /// <summary>Writes a time-series chart of the equity curve.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="chart">What to draw.</param>
    /// <param name="curve">The equity curve.</param>
    public static void TimeSeries(TextWriter writer, TimeSeriesChart chart, IReadOnlyList<EquityPoint> curve)
    {
        double height = chart.Height;
        Open(writer, chart.Id, "chart " + chart.Kind, FullWidth, height, chart.Description);
        if (curve.Count == 0)
        {
            Empty(writer, FullWidth, height, "No equity points");
            writer.Write("</svg>\n");
            return;
        }

        var values = curve.Select(chart.Value).Select(v => double.IsFinite(v) ? v : 0).ToArray();
        double min = values.Min();
        double max = values.Max();
        if (chart.FromZero)
        {
            min = Math.Min(min, 0);
            max = Math.Max(max, 0);
        }

        if (chart.Reference is { } reference)
        {
            min = Math.Min(min, reference);
            max = Math.Max(max, reference);
        }

        if (chart.MarkMinimum && min < 0)
        {
            min *= 1.2; // room for the label under the lowest point
        }

        var scale = AxisScale.Nice(min, max, chart.Height >= 240 ? 7 : 5);
        double plotBottom = height - Bottom;
        double plotRight = FullWidth - Right;
        var start = curve[0].Time;
        var end = curve[^1].Time;
        double span = Math.Max(1, (end - start).Ticks);
        double X(DateTimeOffset time) => curve.Count == 1 ? (Left + plotRight) / 2 : Left + ((time - start).Ticks / span * (plotRight - Left));
        double Y(double value) => scale.Map(value, plotBottom, Top);

        // Grid and value axis.
        writer.Write("<g class=\"grid\">");
        foreach (var tick in scale.Ticks)
        {
            string y = ReportText.Coordinate(Y(tick));
            writer.Write("<line x1=\"" + ReportText.Coordinate(Left) + "\" x2=\"" + ReportText.Coordinate(plotRight) + "\" y1=\"" + y + "\" y2=\"" + y + "\"/>");
        }

        var timeTicks = TimeAxis.Ticks(start, end, (int)((plotRight - Left) / 95));
        foreach (var tick in timeTicks)
        {
            string x = ReportText.Coordinate(X(tick.Time));
            writer.Write("<line x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + ReportText.Coordinate(Top) + "\" y2=\"" + ReportText.Coordinate(plotBottom) + "\"/>");
        }

        writer.Write("</g>\n<g class=\"axis y-axis\">");
        foreach (var tick in scale.Ticks)
        {
            Text(writer, Left - 8, Y(tick) + 4, "end", null, ReportText.Fixed(tick, scale.Decimals) + chart.Unit);
        }

        writer.Write("</g>\n<g class=\"axis x-axis\">");
        foreach (var tick in timeTicks)
        {
            double x = X(tick.Time);
            string anchor = x > plotRight - 24 ? "end" : "middle";
            Text(writer, x, plotBottom + 17, anchor, null, tick.Label);
            if (tick.Context is not null)
            {
                Text(writer, x, plotBottom + 32, anchor, "context", tick.Context);
            }
        }

        writer.Write("</g>\n");
        string baseline = ReportText.Coordinate(chart.FromZero ? Y(0) : plotBottom);
        if (chart.Reference is { } line)
        {
            string y = ReportText.Coordinate(Y(line));
            writer.Write("<line class=\"reference\" x1=\"" + ReportText.Coordinate(Left) + "\" x2=\"" + ReportText.Coordinate(plotRight) + "\" y1=\"" + y + "\" y2=\"" + y + "\"/>\n");
        }

        var indices = SeriesDownsampler.Select(values, MaxSeriesPoints);
        var points = new StringBuilder(indices.Count * 14);
        foreach (int index in indices)
        {
            points.Append(points.Length == 0 ? "M" : " L").Append(ReportText.Coordinate(X(curve[index].Time))).Append(' ').Append(ReportText.Coordinate(Y(values[index])));
        }

        string firstX = ReportText.Coordinate(X(curve[indices[0]].Time));
        string lastX = ReportText.Coordinate(X(curve[indices[^1]].Time));
        writer.Write("<path class=\"area\" d=\"M" + firstX + " " + baseline + " L" + points.ToString(1, points.Length - 1) + " L" + lastX + " " + baseline + " Z\"/>\n");
        writer.Write("<path class=\"line\" data-points=\"" + ReportText.Coordinate(indices.Count) + "\" d=\"" + points + "\"/>\n");
        if (curve.Count == 1)
        {
            Circle(writer, X(curve[0].Time), Y(values[0]), "dot");
        }

        if (chart.MarkMinimum && min < 0)
        {
            int lowest = Array.IndexOf(values, values.Min());
            double x = X(curve[lowest].Time);
            double y = Y(values[lowest]);
            Circle(writer, x, y, "marker");
            bool right = x > (Left + plotRight) / 2;
            Text(writer, x + (right ? 4 : -4), y + 17, right ? "end" : "start", "marker-label", "max " + ReportText.Fixed(values[lowest], 2) + chart.Unit + " \u00B7 " + ReportText.Time(curve[lowest].Time));
        }

        writer.Write("</svg>\n");
    }

    /// <summary>Writes a horizontal bar chart of net P&amp;L by key, with P&amp;L, trade and win-rate columns.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="id">The SVG element id.</param>
    /// <param name="description">The accessible description.</param>
    /// <param name="rows">The bars, in display order.</param>
    public static void Attribution(TextWriter writer, string id, string description, IReadOnlyList<AttributionRow> rows)
    {
        const double RowHeight = 26;
        const double Header = 24;
        const double NameWidth = 118;
        const double Columns = 196;
        double width = HalfWidth;
        double height = rows.Count == 0 ? 120 : Header + (rows.Count * RowHeight) + 30;
        Open(writer, id, "chart bars", width, height, description);
        if (rows.Count == 0)
        {
            Empty(writer, width, height, "No trades");
            writer.Write("</svg>\n");
            return;
        }

        double plotLeft = NameWidth + 8;
        double plotRight = width - Columns - 12;
        double bottom = Header + (rows.Count * RowHeight);
        var scale = AxisScale.Nice((double)Math.Min(0, rows.Min(r => r.Pnl)), (double)Math.Max(0, rows.Max(r => r.Pnl)), 4);
        double X(double value) => scale.Map(value, plotLeft, plotRight);

        writer.Write("<g class=\"grid\">");
        foreach (var tick in scale.Ticks)
        {
            string x = ReportText.Coordinate(X(tick));
            writer.Write("<line x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + ReportText.Coordinate(Header - 4) + "\" y2=\"" + ReportText.Coordinate(bottom) + "\"/>");
        }

        writer.Write("</g>\n<g class=\"axis x-axis\">");
        foreach (var tick in scale.Ticks)
        {
            Text(writer, X(tick), bottom + 16, "middle", null, Compact(tick, scale));
        }

        Text(writer, width - 118, 14, "end", "column", "P&L");
        Text(writer, width - 58, 14, "end", "column", "Trades");
        Text(writer, width - 4, 14, "end", "column", "Win");
        writer.Write("</g>\n");
        double zero = X(0);
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            double top = Header + (i * RowHeight);
            double middle = top + (RowHeight / 2);
            double x = X((double)row.Pnl);
            double barWidth = Math.Max(1, Math.Abs(x - zero));
            string sign = row.Pnl > 0 ? "pos" : row.Pnl < 0 ? "neg" : "flat";
            writer.Write("<g class=\"bar " + sign + "\"><title>");
            writer.Write(ReportText.Encode(row.Label + ": " + ReportText.SignedMoney(row.Pnl) + " net over " + ReportText.Count(row.Trades)
                + " trades (" + ReportText.Count(row.Wins) + " won, " + ReportText.Count(row.Losses) + " lost), fees " + ReportText.Money(row.Fees)));
            writer.Write("</title>");
            Text(writer, NameWidth, middle + 4, "end", "name", ReportText.Truncate(row.Label, 18));
            writer.Write("<rect x=\"" + ReportText.Coordinate(Math.Min(x, zero)) + "\" y=\"" + ReportText.Coordinate(top + 5) + "\" width=\""
                + ReportText.Coordinate(barWidth) + "\" height=\"" + ReportText.Coordinate(RowHeight - 10) + "\" rx=\"2\"/>");
            Text(writer, width - 118, middle + 4, "end", "value", ReportText.SignedMoney(row.Pnl));
            Text(writer, width - 58, middle + 4, "end", "count", ReportText.Count(row.Trades));
            Text(writer, width - 4, middle + 4, "end", "count", row.Trades == 0 ? ReportText.NotAvailable : ReportText.Percent((double)row.Wins / row.Trades, 0));
            writer.Write("</g>\n");
        }

        string zeroX = ReportText.Coordinate(zero);
        writer.Write("<line class=\"zero\" x1=\"" + zeroX + "\" x2=\"" + zeroX + "\" y1=\"" + ReportText.Coordinate(Header - 4) + "\" y2=\"" + ReportText.Coordinate(bottom) + "\"/>\n");
        writer.Write("</svg>\n");
    }

    private static string Compact(double value, AxisScale scale)
    {
        double magnitude = Math.Max(Math.Abs(scale.Min), Math.Abs(scale.Max));
        if (magnitude >= 10_000 && Math.Abs(scale.Step) >= 1_000)
        {
            return ReportText.Fixed(value / 1_000, new AxisScale(scale.Min / 1_000, scale.Max / 1_000, scale.Step / 1_000).Decimals) + "k";
        }

        return ReportText.Fixed(value, scale.Decimals);
    }

    private static void Open(TextWriter writer, string id, string cssClass, double width, double height, string description)
    {
        writer.Write("<svg id=\"" + ReportText.Encode(id) + "\" class=\"" + cssClass + "\" viewBox=\"0 0 " + ReportText.Coordinate(width) + " " + ReportText.Coordinate(height)
            + "\" width=\"100%\" role=\"img\" aria-label=\"" + ReportText.Encode(description) + "\">\n");
    }

    private static void Empty(TextWriter writer, double width, double height, string message) =>
        Text(writer, width / 2, (height / 2) + 5, "middle", "empty", message);

    private static void Circle(TextWriter writer, double x, double y, string cssClass) =>
        writer.Write("<circle class=\"" + cssClass + "\" cx=\"" + ReportText.Coordinate(x) + "\" cy=\"" + ReportText.Coordinate(y) + "\" r=\"3.5\"/>\n");

    private static void Text(TextWriter writer, double x, double y, string anchor, string? cssClass, string text)
    {
        writer.Write("<text x=\"" + ReportText.Coordinate(x) + "\" y=\"" + ReportText.Coordinate(y) + "\" text-anchor=\"" + anchor + "\"");
        if (cssClass is not null)
        {
            writer.Write(" class=\"" + cssClass + "\"");
        }

        writer.Write(">" + ReportText.Encode(text) + "</text>");
    }
}
