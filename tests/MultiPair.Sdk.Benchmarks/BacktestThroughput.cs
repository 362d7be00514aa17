using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Benchmarks;

/// <summary>
/// <c>backtest-throughput</c>: a whole <see cref="BacktestRunner.Run"/> over N pairs × M 1h bars streamed from freqtrade
/// JSON files (generated once into a folder by block-bootstrapping the CLI sample's real Binance returns), then the same
/// backtest over the same bars generated in memory (no file I/O). Prints one <c>key: value</c> per line.
/// </summary>
/// <remarks>
/// Generation: pair n bootstraps the bars of sample file n mod F (F files, name order) with its own
/// <see cref="Random"/>(seed + n): blocks of 24 consecutive source bars, each bar's close-to-close log return (minus
/// that file's mean, so 100,000 bars do not drift to absurd prices) applied to the running close, and its open, high
/// and low kept relative to its close. Prices are rounded to 6 decimals (ticks of 1e-6), then high/low widened to
/// contain open and close, so every row is valid OHLC. Files and in-memory bars carry the same values bit for bit.
/// </remarks>
internal static class BacktestThroughput
{
    private const int BlockLength = 24;
    private const long TicksPerUnit = 1_000_000;
    private static readonly DateTimeOffset Start = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Run(string[] args)
    {
        int pairs = 100, bars = 100_000, seed = 42, repeat = 1;
        string? dir = null;
        var format = "binary";
        var memoryOnly = false;
        var readOnly = false;
        var filesOnly = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (string.Equals(args[i], "--files-only", StringComparison.Ordinal))
            {
                filesOnly = true;
                continue;
            }

            if (string.Equals(args[i], "--memory-only", StringComparison.Ordinal))
            {
                memoryOnly = true;
                continue;
            }

            if (string.Equals(args[i], "--read-only", StringComparison.Ordinal))
            {
                readOnly = true;
                continue;
            }

            var key = args[i];
            var value = i + 1 < args.Length ? args[++i] : null;
            var ok = key switch
            {
                "--pairs" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out pairs) && pairs > 0,
                "--bars" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out bars) && bars > BlockLength,
                "--seed" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed),
                "--repeat" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out repeat) && repeat > 0,
                "--format" => value is "json" or "binary" && (format = value).Length > 0,
                "--dir" => (dir = value) is not null,
                _ => false,
            };
            if (!ok)
            {
                Console.Error.WriteLine("usage: backtest-throughput [--pairs 100] [--bars 100000] [--seed 42] [--format binary|json] [--repeat 1] [--dir PATH] [--memory-only | --read-only | --files-only]");
                return 2;
            }
        }

        var binary = string.Equals(format, "binary", StringComparison.Ordinal);
        dir ??= Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"multipair-bt-{pairs}x{bars}-s{seed}{(binary ? "-mpc" : string.Empty)}"));
        var sources = Source.Load();
        var names = Enumerable.Range(0, pairs).Select(n => new TradingPair(string.Create(CultureInfo.InvariantCulture, $"PAIR{n}"), "USDT")).ToArray();

        Write("pairs", pairs);
        Write("bars", bars);
        Write("seed", seed);
        Write("format", format);
        Write("repeat", repeat);
        Write("dir", dir);
        long pairBars = (long)pairs * bars;
        Write("pair_bars", pairBars);

        BacktestResult? fileResult = null;
        if (!memoryOnly)
        {
            var generateClock = Stopwatch.StartNew();
            var generated = binary ? GenerateBinary(dir, names, bars, seed, sources) : Generate(dir, names, bars, seed, sources);
            generateClock.Stop();
            var dataBytes = names.Sum(p => new FileInfo(FilePath(dir, p, binary)).Length);
            Write("generated_now", generated ? "yes" : "no (reused)");
            if (generated)
            {
                Write("generate_ms", Ms(generateClock.Elapsed));
            }

            Write("data_bytes", dataBytes);
            Write("data_mb", (dataBytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture));

            var folder = new CandleFolder(dir);
            var readTimes = new List<TimeSpan>();
            var fileTimes = new List<TimeSpan>();
            var fileThreadTimes = new List<TimeSpan>();
            var syncTimes = new List<TimeSpan>();
            for (var run = 0; run < repeat; run++)
            {
                // Reading alone: every bar of the merged stream, no backtest.
                var readClock = Stopwatch.StartNew();
                long read = 0;
                double checksum = 0;
                foreach (var bar in folder.OpenMerged(names, Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue))
                {
                    read++;
                    checksum += bar.Close;
                }

                readClock.Stop();
                readTimes.Add(readClock.Elapsed);
                if (read != pairBars)
                {
                    throw new InvalidOperationException($"Read {read} bars, expected {pairBars}.");
                }

                if (readOnly)
                {
                    // The same read and merge on the calling thread (OpenMerged prefetches on a background thread).
                    var syncClock = Stopwatch.StartNew();
                    long syncRead = 0;
                    foreach (var bar in CandleMerger.Merge([.. names.Select(p => folder.Open(p, Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue))]))
                    {
                        syncRead++;
                    }

                    syncClock.Stop();
                    if (syncRead != pairBars)
                    {
                        throw new InvalidOperationException($"Read {syncRead} bars, expected {pairBars}.");
                    }

                    syncTimes.Add(syncClock.Elapsed);
                    Write("run", run);
                    Write("  read_only_ms", Ms(readClock.Elapsed));
                    Write("  read_sync_ms", Ms(syncClock.Elapsed));
                    continue;
                }

                // Loading + backtest: BacktestRunner.Run over the streamed files.
                var threadBefore = ThreadCpuClock.Now;
                var clock = Stopwatch.StartNew();
                fileResult = BacktestRunner.Run(Options(names), folder.OpenMerged(names, Timeframe.OneHour, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
                clock.Stop();
                var thread = ThreadCpuClock.Now - threadBefore;
                fileTimes.Add(clock.Elapsed);
                fileThreadTimes.Add(thread);
                Write("run", run);
                Write("  read_only_ms", Ms(readClock.Elapsed));
                Write("  elapsed_ms", Ms(clock.Elapsed));
                Write("  engine_thread_cpu_ms", Ms(thread));
            }

            Write("read_only_ms", Ms(Median(readTimes)));
            Write("read_only_bars_per_second", PerSecond(pairBars, Median(readTimes)));
            if (readOnly)
            {
                Write("read_sync_ms", Ms(Median(syncTimes)));
                Write("read_sync_bars_per_second", PerSecond(pairBars, Median(syncTimes)));
                return 0;
            }

            Write("elapsed_ms", Ms(Median(fileTimes)));
            Write("engine_thread_cpu_ms", Ms(Median(fileThreadTimes)));
            Write("bars_per_second", PerSecond(fileResult!.Bars, Median(fileTimes)));
            Write("trades", fileResult.Trades.Count);
            Write("final_equity", decimal.Round(fileResult.FinalMetrics.TotalCapital, 2));
            using (var process = Process.GetCurrentProcess())
            {
                process.Refresh();
                Write("peak_working_set_bytes", process.PeakWorkingSet64);
                Write("peak_working_set_mb", (process.PeakWorkingSet64 / 1048576.0).ToString("F1", CultureInfo.InvariantCulture));
                Write("peak_working_set_over_data", ((double)process.PeakWorkingSet64 / dataBytes).ToString("F3", CultureInfo.InvariantCulture));
            }

            if (filesOnly)
            {
                return 0;
            }
        }

        // Generation alone (what the in-memory run pays on top of the engine).
        var genClock = Stopwatch.StartNew();
        long generatedBars = 0;
        double sum = 0;
        foreach (var bar in InMemory(names, bars, seed, sources))
        {
            generatedBars++;
            sum += bar.Close;
        }

        genClock.Stop();
        Write("memory_generate_only_ms", Ms(genClock.Elapsed));

        var memoryTimes = new List<TimeSpan>();
        var memoryCpuTimes = new List<TimeSpan>();
        var memoryThreadTimes = new List<TimeSpan>();
        var memoryAllocated = new List<long>();
        BacktestResult? memoryResult = null;
        using var self = Process.GetCurrentProcess();
        for (var run = 0; run < repeat; run++)
        {
            if (run == repeat - 1 && Environment.GetEnvironmentVariable("MP_ALLOC") is not null)
            {
                AllocSampler.Instance = new AllocSampler();
            }

            var pauseBefore = GC.GetTotalPauseDuration();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var threadBefore = ThreadCpuClock.Now;
            var memoryClock = Stopwatch.StartNew();
            memoryResult = BacktestRunner.Run(Options(names), InMemory(names, bars, seed, sources));
            memoryClock.Stop();
            var thread = ThreadCpuClock.Now - threadBefore;
            memoryThreadTimes.Add(thread);
            self.Refresh();
            var cpu = self.TotalProcessorTime - cpuBefore;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            memoryTimes.Add(memoryClock.Elapsed);
            memoryCpuTimes.Add(cpu);
            memoryAllocated.Add(allocated);
            Write("memory_run", run);
            Write("  memory_elapsed_ms", Ms(memoryClock.Elapsed));
            Write("  memory_cpu_ms", Ms(cpu));
            Write("  memory_thread_cpu_ms", Ms(thread));
            Write("  memory_allocated_bytes", allocated);
            Write("  memory_gc_pause_ms", Ms(GC.GetTotalPauseDuration() - pauseBefore));
        }

        AllocSampler.Instance?.Dump();
        var memoryElapsed = Median(memoryTimes);
        Write("memory_elapsed_ms", Ms(memoryElapsed));
        Write("memory_cpu_ms", Ms(Median(memoryCpuTimes)));
        Write("memory_thread_cpu_ms", Ms(Median(memoryThreadTimes)));
        Write("memory_allocated_bytes_per_run", memoryAllocated.Order().ElementAt(memoryAllocated.Count / 2));
        Write("memory_bars_per_second", PerSecond(memoryResult!.Bars, memoryElapsed));
        Write("memory_engine_only_bars_per_second", PerSecond(memoryResult.Bars, memoryElapsed - genClock.Elapsed));
        Write("memory_trades", memoryResult.Trades.Count);
        Write("memory_final_equity", decimal.Round(memoryResult.FinalMetrics.TotalCapital, 2));
        Write("max_drawdown", memoryResult.Statistics.MaxDrawdown.ToString("P2", CultureInfo.InvariantCulture));
        Write("last_entry", memoryResult.Trades.Count > 0 ? memoryResult.Trades.Max(t => t.EntryTime).ToString("u", CultureInfo.InvariantCulture) : "none");
        Write("exit_reasons", string.Join(", ", memoryResult.Trades.GroupBy(t => t.ExitReason).OrderBy(g => g.Key).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}"))));
        if (fileResult is not null)
        {
            Write("file_and_memory_identical", fileResult.Trades.Count == memoryResult.Trades.Count && fileResult.FinalMetrics.TotalCapital == memoryResult.FinalMetrics.TotalCapital ? "yes" : "NO");
        }

        Write("gc_gen0", GC.CollectionCount(0));
        Write("gc_gen2", GC.CollectionCount(2));
        Write("gc_pause_total_ms", Ms(GC.GetTotalPauseDuration()));
        Write("total_allocated_bytes", GC.GetTotalAllocatedBytes());
        using (var process = Process.GetCurrentProcess())
        {
            process.Refresh();
            Write("peak_working_set_bytes_end", process.PeakWorkingSet64);
        }

        return 0;
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The portfolio: ema-cross 12/26 long-only with RSI(14) &lt; 70 and a 2 × ATR(14) stop, equal allocation, 10 slots, 6 % take profit.</summary>
    internal static BacktestOptions Options(IReadOnlyList<TradingPair> names)
    {
        const int maxPositions = 10;
        const decimal feeBps = 10m;
        var registry = StrategyRegistry.CreateDefault();
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["timeframe"] = "1h",
            ["fast"] = "12",
            ["slow"] = "26",
            ["direction"] = "long-only",
            ["rsiPeriod"] = "14",
            ["rsiMax"] = Environment.GetEnvironmentVariable("MP_RSI_MAX") ?? "70",
            ["atrPeriod"] = "14",
            ["atrStop"] = "2",
        };
        var sizePercent = 100m / maxPositions;
        return new BacktestOptions
        {
            Portfolio = new PortfolioConfig
            {
                TotalCapital = 10_000m,
                QuoteAsset = "USDT",
                MaxPositions = maxPositions,
                MaxPositionSizePercent = sizePercent,
                MaxCorrelatedExposurePercent = 100m,
            },
            Pairs = [.. names.Select(pair => new BacktestPair
            {
                Config = new PairConfig { Pair = pair, PositionSizePercent = sizePercent },
                Strategy = registry.Create("ema-cross", parameters),
            })],
            Timeframe = Timeframe.OneHour,
            Rules =
            [
                new MaxPositionsRule(),
                new MaxPositionSizeRule(),
                new MaxGrossExposureRule(),
                // Wider than the CLI's 5 % (whose ReduceOnly trip is sticky and ended entries after 3 weeks of the
                // 20 × 50k series), so entries, orders and fills go on through the whole series.
                new DailyLossLimitRule { MaxLossPercent = 10m },
                new DrawdownThrottleRule { ReduceFromPercent = 20m, HaltAtPercent = 60m },
            ],
            Allocation = new EqualWeightAllocation { BudgetPercent = sizePercent },
            Exchange = new SimulatedExchangeOptions { TakerFeeBps = feeBps, MakerFeeBps = feeBps, MaxVolumeShare = 0m },
            Engine = new PortfolioEngineOptions
            {
                DecisionDelay = TimeSpan.Zero,
                DefaultStopLossPercent = 1.5m,
                DefaultTakeProfitPercent = 6m,
            },
            Gate = new RiskGateOptions { FeeReservePercent = feeBps / 100m },
        };
    }

    private static string FilePath(string dir, TradingPair pair, bool binary = false) =>
        Path.Combine(dir, binary ? CandleCache.FileName(pair, Timeframe.OneHour) : string.Create(CultureInfo.InvariantCulture, $"{pair.Base}_{pair.Quote}-1h.json"));

    /// <summary>Writes the binary (.mpc) files with <see cref="CandleCache.Write"/> unless every one exists already.</summary>
    private static bool GenerateBinary(string dir, TradingPair[] names, int bars, int seed, Source[] sources)
    {
        var marker = Path.Combine(dir, ".complete");
        if (File.Exists(marker) && names.All(p => File.Exists(FilePath(dir, p, binary: true))))
        {
            return false;
        }

        _ = Directory.CreateDirectory(dir);
        for (var n = 0; n < names.Length; n++)
        {
            _ = CandleCache.Write(FilePath(dir, names[n], binary: true), names[n], Timeframe.OneHour, PairBars(names[n], bars, new Generator(sources[n % sources.Length], seed + n)));
        }

        File.WriteAllText(marker, string.Create(CultureInfo.InvariantCulture, $"{names.Length} x {bars}, seed {seed}\n"));
        return true;
    }

    private static IEnumerable<Bar> PairBars(TradingPair pair, int bars, Generator generator)
    {
        for (var t = 0; t < bars; t++)
        {
            var row = generator.Next();
            yield return new Bar(pair, Timeframe.OneHour, Start + TimeSpan.FromHours(t), Price(row.Open), Price(row.High), Price(row.Low), Price(row.Close), Price(row.Volume));
        }
    }

    /// <summary>Writes the files unless every one exists already (a marker file is written last, so a partial run regenerates).</summary>
    private static bool Generate(string dir, TradingPair[] names, int bars, int seed, Source[] sources)
    {
        var marker = Path.Combine(dir, ".complete");
        if (File.Exists(marker) && names.All(p => File.Exists(FilePath(dir, p))))
        {
            return false;
        }

        _ = Directory.CreateDirectory(dir);
        var line = new char[256];
        for (var n = 0; n < names.Length; n++)
        {
            var generator = new Generator(sources[n % sources.Length], seed + n);
            using var stream = new FileStream(FilePath(dir, names[n]), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            writer.Write('[');
            for (var t = 0; t < bars; t++)
            {
                var row = generator.Next();
                var ms = (Start + TimeSpan.FromHours(t)).ToUnixTimeMilliseconds();
                var length = 0;
                if (t > 0)
                {
                    line[length++] = ',';
                }

                line[length++] = '[';
                length += Format(ms, line.AsSpan(length));
                line[length++] = ',';
                length += FormatTicks(row.Open, line.AsSpan(length));
                line[length++] = ',';
                length += FormatTicks(row.High, line.AsSpan(length));
                line[length++] = ',';
                length += FormatTicks(row.Low, line.AsSpan(length));
                line[length++] = ',';
                length += FormatTicks(row.Close, line.AsSpan(length));
                line[length++] = ',';
                length += FormatTicks(row.Volume, line.AsSpan(length));
                line[length++] = ']';
                writer.Write(line, 0, length);
            }

            writer.Write(']');
        }

        File.WriteAllText(marker, string.Create(CultureInfo.InvariantCulture, $"{names.Length} x {bars}, seed {seed}\n"));
        return true;
    }

    private static int Format(long value, Span<char> destination)
    {
        _ = value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>Writes ticks of 1e-6 as a decimal number: 123456789 → 123.456789.</summary>
    private static int FormatTicks(long ticks, Span<char> destination)
    {
        var whole = ticks / TicksPerUnit;
        var fraction = ticks % TicksPerUnit;
        var length = Format(whole, destination);
        destination[length++] = '.';
        _ = fraction.TryFormat(destination[length..], out var written, "D6", CultureInfo.InvariantCulture);
        return length + written;
    }

    /// <summary>The same bars as the files, generated lazily in time order (pairs in canonical name order, as the merger gives them).</summary>
    private static IEnumerable<Bar> InMemory(TradingPair[] names, int bars, int seed, Source[] sources)
    {
        var order = Enumerable.Range(0, names.Length).OrderBy(n => names[n].Base, StringComparer.Ordinal).ToArray();
        var generators = new Generator[names.Length];
        for (var n = 0; n < names.Length; n++)
        {
            generators[n] = new Generator(sources[n % sources.Length], seed + n);
        }

        var rows = new Row[names.Length];
        for (var t = 0; t < bars; t++)
        {
            var open = Start + TimeSpan.FromHours(t);
            for (var n = 0; n < names.Length; n++)
            {
                rows[n] = generators[n].Next();
            }

            foreach (var n in order)
            {
                var row = rows[n];
                yield return new Bar(names[n], Timeframe.OneHour, open, Price(row.Open), Price(row.High), Price(row.Low), Price(row.Close), Price(row.Volume));
            }
        }
    }

    // Ticks and 1e6 are exact doubles and division rounds correctly: the nearest double to the written decimal, as the JSON reader parses it.
    private static double Price(long ticks) => ticks / (double)TicksPerUnit;

    private static string Ms(TimeSpan elapsed) => elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);

    private static string PerSecond(long count, TimeSpan elapsed) => (count / elapsed.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture);

    private static void Write<T>(string key, T value)
        where T : notnull =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: {value}"));

    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Row(long Open, long High, long Low, long Close, long Volume);

    /// <summary>One pair's bootstrap: blocks of 24 consecutive source bars, chosen uniformly, applied to the running close.</summary>
    private sealed class Generator(Source source, int seed)
    {
        private readonly Random _random = new(seed);
        private double _close = source.FirstClose;
        private int _index;
        private int _left;

        public Row Next()
        {
            if (_left == 0)
            {
                // A block starts at a bar with a previous bar (index ≥ 1) and has 24 bars after it in the file.
                _index = 1 + _random.Next(source.Length - BlockLength);
                _left = BlockLength;
            }

            var i = _index++;
            _left--;
            _close *= Math.Exp(source.LogReturn[i]);
            var close = Ticks(_close);
            var open = Ticks(_close * source.OpenToClose[i]);
            var high = Math.Max(Ticks(_close * source.HighToClose[i]), Math.Max(open, close));
            var low = Math.Min(Ticks(_close * source.LowToClose[i]), Math.Min(open, close));
            return new Row(open, high, low, close, Ticks(source.Volume[i]));
        }

        private static long Ticks(double price) => Math.Max(1, (long)Math.Round(price * TicksPerUnit));
    }

    /// <summary>One sample file's bars as ratios: log close return (demeaned), and open/high/low over close.</summary>
    private sealed class Source
    {
        public required double FirstClose { get; init; }

        public required double[] LogReturn { get; init; }

        public required double[] OpenToClose { get; init; }

        public required double[] HighToClose { get; init; }

        public required double[] LowToClose { get; init; }

        public required double[] Volume { get; init; }

        public int Length => LogReturn.Length;

        public static Source[] Load()
        {
            var directory = Path.Combine(AppContext.BaseDirectory, "data", "binance-1h");
            var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0)
            {
                throw new FileNotFoundException($"No candle files in {directory}.");
            }

            return [.. files.Select(f => FromCandles(JsonSerializer.Deserialize<double[][]>(File.ReadAllText(f)) ?? throw new InvalidDataException($"{f} is empty.")))];
        }

        private static Source FromCandles(double[][] candles)
        {
            var count = candles.Length;
            var logReturn = new double[count];
            for (var i = 1; i < count; i++)
            {
                logReturn[i] = Math.Log(candles[i][4] / candles[i - 1][4]);
            }

            var mean = logReturn.Skip(1).Average();
            for (var i = 1; i < count; i++)
            {
                logReturn[i] -= mean;
            }

            return new Source
            {
                FirstClose = candles[0][4],
                LogReturn = logReturn,
                OpenToClose = [.. candles.Select(c => c[1] / c[4])],
                HighToClose = [.. candles.Select(c => c[2] / c[4])],
                LowToClose = [.. candles.Select(c => c[3] / c[4])],
                Volume = [.. candles.Select(c => c[5])],
            };
        }
    }
}
