namespace MultiPair.Sdk.Backtesting;

/// <summary>The report's inline style sheet: system fonts only, no external resources, no commas between digits.</summary>
internal static class ReportStyles
{
    /// <summary>The CSS.</summary>
    public const string Css = """
:root{--bg:#f5f6f8;--card:#fff;--ink:#111827;--muted:#6b7280;--line:#e5e7eb;--pos:#15803d;--neg:#b91c1c;--accent:#2563eb}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
.container{max-width:1200px;margin:0 auto;padding:28px 20px 40px}
header h1{font-size:26px;line-height:1.25;margin:0 0 4px;font-weight:650;letter-spacing:-.01em}
.period{color:var(--muted);margin:0}
.badge{display:inline-block;margin-left:8px;padding:1px 8px;border-radius:999px;background:#fef3c7;color:#92400e;font-size:12px;font-weight:600;vertical-align:middle}
.description{margin:10px 0 0;padding:0;list-style:none;color:#374151}
.description li{margin:2px 0}
section{margin-top:22px}
h2{font-size:16px;font-weight:650;margin:0 0 8px}
h2 small{font-weight:400;color:var(--muted);font-size:13px;margin-left:6px}
.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 12px}
.card .label{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.card .value{font-size:20px;font-weight:650;font-variant-numeric:tabular-nums;white-space:nowrap;margin-top:2px}
.card .sub{font-size:12px;color:var(--muted);white-space:nowrap}
.pos{color:var(--pos)}
.neg{color:var(--neg)}
.two{display:grid;grid-template-columns:1fr 1fr;gap:22px}
@media (max-width:900px){.two{grid-template-columns:1fr}}
svg.chart{display:block;width:100%;height:auto;font-size:11px;fill:#4b5563}
svg .grid line{stroke:#eef0f3;stroke-width:1}
svg .axis text{fill:#6b7280;font-variant-numeric:tabular-nums}
svg .axis text.context{fill:#9ca3af;font-size:10px}
svg .axis text.column{font-weight:600;fill:#4b5563}
svg .reference{stroke:#9ca3af;stroke-width:1;stroke-dasharray:4 4}
svg .line{fill:none;stroke-width:1.6;stroke-linejoin:round}
svg .area{stroke:none}
svg.equity .line{stroke:#2563eb}
svg.equity .area{fill:#2563eb;fill-opacity:.08}
svg.drawdown .line{stroke:#dc2626;stroke-width:1.2}
svg.drawdown .area{fill:#dc2626;fill-opacity:.18}
svg.exposure .line{stroke:#7c3aed;stroke-width:1.2}
svg.exposure .area{fill:#7c3aed;fill-opacity:.15}
svg .dot{fill:#2563eb}
svg .marker{fill:#dc2626;stroke:#fff;stroke-width:1.5}
svg .marker-label{fill:#991b1b;font-size:11px;font-weight:600}
svg .empty{fill:#9ca3af;font-size:14px}
svg .bar .name{fill:#1f2937;font-size:12px}
svg .bar .value{font-weight:600;font-size:12px;font-variant-numeric:tabular-nums}
svg .bar .count{fill:#6b7280;font-size:12px;font-variant-numeric:tabular-nums}
svg .bar.pos rect{fill:#16a34a}
svg .bar.neg rect{fill:#dc2626}
svg .bar.flat rect{fill:#9ca3af}
svg .bar.pos .value{fill:#15803d}
svg .bar.neg .value{fill:#b91c1c}
svg .bar:hover rect{opacity:.8}
svg .zero{stroke:#6b7280;stroke-width:1}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:5px 8px;text-align:right;white-space:nowrap}
th{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line)}
.text{text-align:left}
table.monthly td{border:2px solid var(--card);font-size:13px;min-width:62px}
table.monthly td.none{background:#fafafa}
table.monthly td.total{font-weight:650;border-left:6px solid var(--card)}
table.monthly th.year,table.monthly td.year{text-align:left;font-weight:650;color:var(--ink)}
table.trades{font-size:12.5px}
table.trades th{position:sticky;top:0;background:var(--card)}
table.trades tbody tr:nth-child(even){background:#f9fafb}
table.trades tbody tr:hover{background:#eef2ff}
table.trades td.id{color:var(--muted)}
.side{display:inline-block;padding:0 6px;border-radius:4px;font-size:11px;font-weight:600}
.side.long{background:#dcfce7;color:#166534}
.side.short{background:#fee2e2;color:#991b1b}
tr.gap td{text-align:center;color:var(--muted);font-style:italic;background:#fff7ed}
.note{color:var(--muted);font-size:12px;margin:8px 0 0}
footer{margin-top:28px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:10px}
""";
}
