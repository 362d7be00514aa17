using System.CommandLine;
using System.Globalization;
using MultiPair.Cli;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Storage.Sqlite;
using Spectre.Console;

// multipair: backtests of many pairs with shared capital, and dashboards of their results.
var console = AnsiConsole.Console;
var root = new RootCommand("multipair: one account, many pairs, one portfolio.");
root.Subcommands.Add(BacktestCommand());
root.Subcommands.Add(PaperCommand());
root.Subcommands.Add(DashboardCommand());
root.Subcommands.Add(RunCommand.Create(Guard));
root.Subcommands.Add(FetchCommand.Create(Guard));
return root.Parse(args).Invoke();

Command BacktestCommand()
{
    var data = new Option<string>("--data") { Description = "Folder of PAIR-TIMEFRAME.{json,csv} candles (default: the bundled Binance 1h data)." };
    var pairs = new Option<string?>("--pairs") { Description = "Pairs to trade: BTC,ETH or BTC/USDT,ETHUSDT (default: every pair in the folder)." };
    var timeframe = new Option<string>("--timeframe") { Description = "Bar timeframe.", DefaultValueFactory = _ => "1h" };
    var config = new Option<string?>("--config") { Description = "An appsettings.json with a MultiPair section: the whole portfolio, as for 'multipair run' (options given here override it)." };
    var strategy = new Option<string?>("--strategy") { Description = "Strategy for every pair: ema-cross, momentum, mean-reversion, breakout, triple-ema." };
    var parameters = new Option<string[]>("--param") { Description = "Strategy parameter k=v (repeatable).", AllowMultipleArgumentsPerToken = true };
    var allocation = new Option<string?>("--allocation") { Description = "equal, confidence or fixed." };
    var capital = new Option<decimal?>("--capital") { Description = "Starting capital in the quote asset (default 10000)." };
    var maxPositions = new Option<int?>("--max-positions") { Description = "Most positions at once (default 5)." };
    var feeBps = new Option<decimal?>("--fee-bps") { Description = "Fee in basis points of the notional (default 10)." };
    var slippageBps = new Option<decimal?>("--slippage-bps") { Description = "Slippage in basis points on market fills (default 0)." };
    var stop = new Option<decimal?>("--stop-loss") { Description = "Stop loss in percent (default 1.5; 0 for none)." };
    var takeProfit = new Option<decimal?>("--take-profit") { Description = "Take profit in percent (default 6; 0 for none)." };
    var start = new Option<string?>("--start") { Description = "First bar time (UTC), e.g. 2021-01-01." };
    var end = new Option<string?>("--end") { Description = "End time (UTC, exclusive)." };
    var report = new Option<string>("--report") { Description = "Where to write the HTML report.", DefaultValueFactory = _ => "multipair-report.html" };
    var output = new Option<string?>("--out") { Description = "Also save the result as JSON (for 'multipair dashboard')." };
    var json = new Option<bool>("--json") { Description = "Print the result as JSON instead of tables." };
    var command = new Command("backtest", "Run a multi-pair backtest on historical candles.")
    {
        data, pairs, timeframe, config, strategy, parameters, allocation, capital, maxPositions, feeBps, slippageBps, stop, takeProfit, start, end, report, output, json,
    };
    command.SetAction(result => Guard(() =>
    {
        var settings = new BacktestSettings { DataDirectory = result.GetValue(data) ?? Path.Combine(AppContext.BaseDirectory, "data", "binance-1h") };
        if (result.GetValue(config) is { } file)
        {
            // The file describes the whole portfolio, as for 'multipair run'; options given on the command line override it.
            var configured = BacktestSettings.ReadConfigFile(file);
            var fee = result.GetValue(feeBps);
            var slippage = result.GetValue(slippageBps);
            configured.Portfolio.TotalCapital = result.GetValue(capital) ?? configured.Portfolio.TotalCapital;
            configured.Portfolio.MaxPositions = result.GetValue(maxPositions) ?? configured.Portfolio.MaxPositions;
            configured.Simulation = configured.Simulation with
            {
                TakerFeeBps = fee ?? configured.Simulation.TakerFeeBps,
                MakerFeeBps = fee ?? configured.Simulation.MakerFeeBps,
                SlippageBps = slippage ?? configured.Simulation.SlippageBps,
            };
            configured.Engine = configured.Engine with
            {
                DefaultStopLossPercent = result.GetValue(stop) is { } s ? (s > 0m ? s : null) : configured.Engine.DefaultStopLossPercent,
                DefaultTakeProfitPercent = result.GetValue(takeProfit) is { } t ? (t > 0m ? t : null) : configured.Engine.DefaultTakeProfitPercent,
            };
            configured.Strategy = result.GetValue(strategy) ?? configured.Strategy;
            if (ParseParameters(result.GetValue(parameters)) is { } given)
            {
                configured.StrategyParameters.Clear();
                foreach (var (key, value) in given)
                {
                    configured.StrategyParameters[key] = value;
                }
            }

            if (result.GetValue(allocation) is { } name)
            {
                configured.Allocation = new MultiPair.Sdk.Configuration.ComponentOptions { Name = AllocationName(name) };
            }

            if (result.GetResult(timeframe) is { Implicit: false })
            {
                configured.Timeframe = result.GetValue(timeframe)!;
            }

            settings = settings with
            {
                Configuration = configured,
                Timeframe = Timeframe.TryParse(configured.Timeframe, out var configuredTimeframe) ? configuredTimeframe : settings.Timeframe,
                Pairs = result.GetValue(pairs) is { } picked ? [.. picked.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [],
                Start = ParseTime(result.GetValue(start)) ?? settings.Start,
                End = ParseTime(result.GetValue(end)) ?? settings.End,
            };
            return RunBacktest(settings, result.GetValue(report)!, result.GetValue(output), result.GetValue(json));
        }

        settings = settings with
        {
            Pairs = result.GetValue(pairs) is { } list ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : settings.Pairs,
            Timeframe = Timeframe.TryParse(result.GetValue(timeframe), out var tf) ? tf : throw new CliException($"'{result.GetValue(timeframe)}' is not a timeframe."),
            Strategy = result.GetValue(strategy) ?? settings.Strategy,
            Parameters = ParseParameters(result.GetValue(parameters)) ?? settings.Parameters,
            Allocation = result.GetValue(allocation) ?? settings.Allocation,
            Capital = result.GetValue(capital) ?? settings.Capital,
            MaxPositions = result.GetValue(maxPositions) ?? settings.MaxPositions,
            FeeBps = result.GetValue(feeBps) ?? settings.FeeBps,
            SlippageBps = result.GetValue(slippageBps) ?? settings.SlippageBps,
            StopLossPercent = result.GetValue(stop) ?? settings.StopLossPercent,
            TakeProfitPercent = result.GetValue(takeProfit) ?? settings.TakeProfitPercent,
            Start = ParseTime(result.GetValue(start)) ?? settings.Start,
            End = ParseTime(result.GetValue(end)) ?? settings.End,
        };
        return RunBacktest(settings, result.GetValue(report)!, result.GetValue(output), result.GetValue(json));
    }));
    return command;
}

Command PaperCommand()
{
    var data = new Option<string>("--data") { Description = "Folder of candles to replay (default: the bundled Binance 1h data)." };
    var pairs = new Option<string?>("--pairs") { Description = "Pairs to trade (default: every pair in the folder)." };
    var strategy = new Option<string?>("--strategy") { Description = "Strategy for every pair." };
    var speed = new Option<double>("--speed") { Description = "Bar times replayed per second (0: as fast as possible).", DefaultValueFactory = _ => 20 };
    var start = new Option<string?>("--start") { Description = "First bar time (UTC)." };
    var end = new Option<string?>("--end") { Description = "End time (UTC, exclusive)." };
    var config = new Option<string?>("--config") { Description = "An appsettings.json with a MultiPair section: the whole portfolio, as for 'multipair run'." };
    var command = new Command("paper", "Paper trading: replay candles through the simulated exchange at a chosen speed with a live dashboard.") { data, pairs, strategy, speed, start, end, config };
    command.SetAction(result => Guard(() =>
    {
        var settings = new BacktestSettings
        {
            DataDirectory = result.GetValue(data) ?? Path.Combine(AppContext.BaseDirectory, "data", "binance-1h"),
            Pairs = result.GetValue(pairs) is { } list ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [],
        };
        if (result.GetValue(config) is { } file)
        {
            var configured = BacktestSettings.ReadConfigFile(file);
            configured.Strategy = result.GetValue(strategy) ?? configured.Strategy;
            settings = settings with { Configuration = configured };
        }

        settings = settings with
        {
            Strategy = result.GetValue(strategy) ?? settings.Strategy,
            Start = ParseTime(result.GetValue(start)) ?? settings.Start,
            End = ParseTime(result.GetValue(end)) ?? settings.End,
        };
        return RunPaper(settings, result.GetValue(speed));
    }));
    return command;
}

int RunPaper(BacktestSettings settings, double speed)
{
    if (!Directory.Exists(settings.DataDirectory))
    {
        throw new CliException($"The data folder {settings.DataDirectory} does not exist.");
    }

    if (speed < 0 || double.IsNaN(speed))
    {
        throw new CliException("--speed must not be negative.");
    }

    var folder = new CandleFolder(settings.DataDirectory);
    var (options, pairs) = settings.Build(folder);
    using var cancel = new CancellationTokenSource();
    ConsoleCancelEventHandler onCancel = (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    Console.CancelKeyPress += onCancel;
    try
    {
        var bars = Paced(folder.OpenMerged(pairs, options.Timeframe, settings.Start, settings.End), speed, cancel.Token);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]paper trading: {pairs.Count} pairs[/] (Ctrl+C to stop)").AddColumn("time").AddColumn(new TableColumn("equity").RightAligned()).AddColumn(new TableColumn("cash").RightAligned()).AddColumn(new TableColumn("exposure").RightAligned()).AddColumn(new TableColumn("drawdown").RightAligned()).AddColumn(new TableColumn("bars").RightAligned());
        table.AddRow("-", "-", "-", "-", "-", "0");
        BacktestResult? result = null;
        void Show(BacktestProgress p)
        {
            var e = p.Equity;
            table.UpdateCell(0, 0, $"{e.Time:yyyy-MM-dd HH:mm}");
            table.UpdateCell(0, 1, e.Equity.ToString("N2", CultureInfo.InvariantCulture));
            table.UpdateCell(0, 2, e.Cash.ToString("N2", CultureInfo.InvariantCulture));
            table.UpdateCell(0, 3, e.GrossExposure.ToString("N2", CultureInfo.InvariantCulture));
            table.UpdateCell(0, 4, (e.Drawdown * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %");
            table.UpdateCell(0, 5, p.Bars.ToString("N0", CultureInfo.InvariantCulture));
        }

        if (Console.IsOutputRedirected)
        {
            result = BacktestRunner.Run(options, bars, new Inline(p => Console.WriteLine($"{p.Equity.Time:O} equity {p.Equity.Equity.ToString(CultureInfo.InvariantCulture)}")), cancel.Token);
        }
        else
        {
            console.Live(table).Start(context => result = BacktestRunner.Run(options, bars, new Inline(p =>
            {
                Show(p);
                context.Refresh();
            }), cancel.Token));
        }

        var document = ReportDocument.From($"paper trading on {pairs.Count} pairs", result!);
        Views.Summary(console, document);
        Views.Pairs(console, document);
        return result!.Completed ? 0 : 130;
    }
    finally
    {
        Console.CancelKeyPress -= onCancel;
    }
}

// Replays bars at a pace: one bar time per 1/speed seconds (all pairs of one time together).
static IEnumerable<Bar> Paced(IEnumerable<Bar> bars, double speed, CancellationToken cancellationToken)
{
    DateTimeOffset? last = null;
    foreach (var bar in bars)
    {
        if (speed > 0 && last is { } previous && bar.OpenTime != previous)
        {
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(1 / speed));
        }

        last = bar.OpenTime;
        yield return bar;
    }
}

Command DashboardCommand()
{
    var view = new Argument<string>("view") { Description = "summary, concentration or pairs." };
    var file = new Option<string?>("--result") { Description = "A result saved by 'multipair backtest --out'." };
    var db = new Option<string?>("--db") { Description = "A live or paper portfolio's SQLite store (read-only; the portfolio may be running)." };
    var capital = new Option<decimal>("--capital") { Description = "The portfolio's starting capital, for --db.", DefaultValueFactory = _ => 10_000m };
    var json = new Option<bool>("--json") { Description = "Print the view as JSON." };
    var command = new Command("dashboard", "Show a saved result or a portfolio store: summary, concentration or pairs.") { view, file, db, capital, json };
    command.SetAction(result => Guard(() =>
    {
        var document = (result.GetValue(file), result.GetValue(db)) switch
        {
            ({ } path, null) => ReportDocument.Load(path),
            (null, { } store) => ReportDocument.FromStore(store, ReadStore(store), result.GetValue(capital)),
            _ => throw new CliException("Give either --result FILE or --db FILE."),
        };
        if (result.GetValue(json))
        {
            Console.WriteLine(document.ToJson());
            return 0;
        }

        switch (result.GetValue(view)?.ToUpperInvariant())
        {
            case "SUMMARY":
                Views.Summary(console, document);
                break;
            case "CONCENTRATION":
                Views.Concentration(console, document);
                break;
            case "PAIRS":
                Views.Pairs(console, document);
                break;
            default:
                throw new CliException($"Unknown view '{result.GetValue(view)}': use summary, concentration or pairs.");
        }

        return 0;
    }));
    return command;
}

IReadOnlyList<StoredPosition> ReadStore(string path)
{
    try
    {
        return SqlitePortfolioStore.ReadPositionsAsync(path).GetAwaiter().GetResult();
    }
    catch (PortfolioStoreException ex)
    {
        throw new CliException(ex.Message, ex);
    }
}

// The command line's short allocation names, as the configuration names them.
static string AllocationName(string name) => name.ToUpperInvariant() switch
{
    "EQUAL" => "equal-weight",
    "CONFIDENCE" => "confidence-weighted",
    "FIXED" => "fixed-fraction",
    _ => name,
};

int RunBacktest(BacktestSettings settings, string reportPath, string? outputPath, bool json)
{
    if (!Directory.Exists(settings.DataDirectory))
    {
        throw new CliException($"The data folder {settings.DataDirectory} does not exist.");
    }

    var folder = new CandleFolder(settings.DataDirectory);
    var (options, pairs) = settings.Build(folder);
    using var cancel = new CancellationTokenSource();
    ConsoleCancelEventHandler onCancel = (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    Console.CancelKeyPress += onCancel;
    try
    {
        var bars = folder.OpenMerged(pairs, options.Timeframe, settings.Start, settings.End);
        BacktestResult result;
        if (json || Console.IsOutputRedirected)
        {
            result = BacktestRunner.Run(options, bars, cancellationToken: cancel.Token);
        }
        else
        {
            BacktestResult? finished = null;
            console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn()).Start(context =>
            {
                var task = context.AddTask($"backtest: {pairs.Count} pairs").IsIndeterminate();
                var progress = new Progress<BacktestProgress>(p => task.Description = $"backtest: {pairs.Count} pairs, {p.Bars.ToString("N0", CultureInfo.InvariantCulture)} bars, {p.Equity.Time:yyyy-MM-dd}");
                finished = BacktestRunner.Run(options, bars, progress, cancel.Token);
                task.StopTask();
            });
            result = finished!;
        }

        var title = $"{string.Join(", ", options.Pairs.Select(p => p.Strategy.Name).Distinct(StringComparer.Ordinal))} on {pairs.Count} pairs, {settings.Timeframe}";
        var document = ReportDocument.From(title, result);
        if (outputPath is not null)
        {
            WriteAtomically(outputPath, writer => writer.Write(document.ToJson()));
        }

        WriteAtomically(reportPath, writer => HtmlReport.Write(result, writer, new HtmlReportOptions { Title = title }));
        if (json)
        {
            Console.WriteLine(document.ToJson());
            return result.Completed ? 0 : 130;
        }

        Views.Summary(console, document);
        Views.Statistics(console, document);
        Views.Pairs(console, document);
        console.MarkupLine($"HTML report: [link]{Markup.Escape(Path.GetFullPath(reportPath))}[/]");
        return result.Completed ? 0 : 130;
    }
    finally
    {
        Console.CancelKeyPress -= onCancel;
    }
}

// A report is written to a temporary file and moved into place, so a failure never leaves half a report.
static void WriteAtomically(string path, Action<TextWriter> write)
{
    var full = Path.GetFullPath(path);
    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
    var temporary = full + ".tmp";
    using (var writer = new StreamWriter(temporary))
    {
        write(writer);
    }

    File.Move(temporary, full, overwrite: true);
}

static Dictionary<string, string>? ParseParameters(string[]? values)
{
    if (values is null || values.Length == 0)
    {
        return null;
    }

    var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    foreach (var value in values)
    {
        var parts = value.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0)
        {
            throw new CliException($"--param '{value}' must be key=value.");
        }

        parameters[parts[0].Trim()] = parts[1].Trim();
    }

    return parameters;
}

static DateTimeOffset? ParseTime(string? text) =>
    text is null ? null
    : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time
    : throw new CliException($"'{text}' is not a time (use 2021-01-01 or 2021-01-01T12:00Z).");

int Guard(Func<int> action)
{
    try
    {
        return action();
    }
    catch (CliException ex)
    {
        console.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
        return 2;
    }
    catch (CandleDataException ex)
    {
        console.MarkupLine($"[red]bad data:[/] {Markup.Escape(ex.Message)}");
        return 3;
    }
    catch (Microsoft.Extensions.Options.OptionsValidationException ex)
    {
        console.MarkupLine($"[red]invalid configuration:[/] {Markup.Escape(string.Join(" ", ex.Failures))}");
        return 2;
    }
}
