using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Benchmarks;

/// <summary>
/// Replays N pairs × M bars through the ledger the way an engine would: per bar, mark every pair
/// (<see cref="PortfolioManager.UpdatePrice"/>), then apply a deterministic rule per pair (close crossing a
/// 20-bar SMA: cross up opens a long, cross down closes it). Prints one <c>key: value</c> per line.
/// </summary>
/// <remarks>
/// Candles are prepared before the clock starts (generated, or loaded from the quickstart's freqtrade JSON),
/// so the figures are the replay alone: the strategy arithmetic in <see langword="double"/>, the ledger in
/// <see langword="decimal"/>, as DESIGN.md splits them.
/// </remarks>
internal static class Throughput
{
    private const int SmaLength = 20;
    private const int DefaultPairs = 100;
    private const int DefaultBars = 10_000;
    private const int DefaultSeed = 42;
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WarmupSettle = TimeSpan.FromMilliseconds(200);
    private const decimal InitialCapital = 1_000_000m;
    private const decimal FeeRate = 0.0005m; // 0.05 %, charged in the quote asset

    public static int Run(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: throughput [--engine] [--pairs N] [--bars N] [--data generated|samples|line] [--seed N] [--marks-only]");
            return 2;
        }

        var loadClock = Stopwatch.StartNew();
        var market = options.Data switch
        {
            "samples" => Market.FromSamples(options.Pairs, options.Bars),
            "line" => Market.Line(options.Pairs, options.Bars),
            _ => Market.Generate(options.Pairs, options.Bars, options.Seed),
        };
        loadClock.Stop();
        if (options.Engine)
        {
            return RunEngine(market, options, loadClock.Elapsed);
        }

        // Warm up the JIT on throw-away ledgers before timing: tiered compilation promotes hot methods to
        // optimized code on a background thread, so replay for at least WarmupTime and then let it catch up.
        var warmup = Stopwatch.StartNew();
        var warmupPasses = 0;
        do
        {
            _ = Replay(market, options.Bars, options.MarksOnly);
            warmupPasses++;
        }
        while (warmup.Elapsed < WarmupTime);
        Thread.Sleep(WarmupSettle);

        var gen0 = GC.CollectionCount(0);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = Replay(market, options.Bars, options.MarksOnly);
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        gen0 = GC.CollectionCount(0) - gen0;

        var metrics = result.Ledger.GetPortfolioMetrics();
        var seconds = clock.Elapsed.TotalSeconds;
        var pairBars = (long)options.Pairs * options.Bars;
        Write("data", options.Data);
        Write("pairs", options.Pairs);
        Write("bars", options.Bars);
        Write("rule", options.MarksOnly ? "marks-only" : "sma20-cross");
        Write("seed", string.Equals(options.Data, "samples", StringComparison.Ordinal) ? "n/a" : options.Seed.ToString(CultureInfo.InvariantCulture));
        Write("load_ms", loadClock.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture));
        Write("warmup_passes", warmupPasses);
        Write("elapsed_ms", clock.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture));
        Write("pair_bars", pairBars);
        Write("bars_per_second", (pairBars / seconds).ToString("F0", CultureInfo.InvariantCulture));
        Write("ns_per_pair_bar", (clock.Elapsed.TotalMilliseconds * 1e6 / pairBars).ToString("F1", CultureInfo.InvariantCulture));
        Write("ledger_ops", result.LedgerOps);
        Write("ledger_ops_per_second", (result.LedgerOps / seconds).ToString("F0", CultureInfo.InvariantCulture));
        Write("fills", result.Fills);
        Write("refused", result.Refused);
        Write("allocated_bytes", allocated);
        Write("allocated_bytes_per_pair_bar", ((double)allocated / pairBars).ToString("F1", CultureInfo.InvariantCulture));
        Write("gen0_collections", gen0);
        Write("open_positions", metrics.ActivePositions);
        Write("closed_positions", metrics.ClosedPositions);
        Write("realized_pnl", decimal.Round(metrics.RealizedPnl, 2));
        Write("fees_paid", decimal.Round(metrics.FeesPaid, 2));
        Write("final_equity", decimal.Round(metrics.TotalCapital, 2));
        return 0;
    }

    /// <summary>
    /// <c>--engine</c>: every bar through <see cref="Engine.PortfolioEngine.ProcessBar"/> of a real engine (ledger, risk
    /// gate, coordinator, a gateway filling at the mark), each pair running the built-in <c>ema-cross</c> (12/26) on
    /// 1h bars, time-major as a live feed would deliver them. Bars are built from the prepared closes inside the loop
    /// (open = previous close, high/low = max/min of the two).
    /// </summary>
    private static int RunEngine(Market market, Options options, TimeSpan load)
    {
        var warmup = Stopwatch.StartNew();
        var warmupPasses = 0;
        do
        {
            using var throwAway = EngineFixture.EmaCross(market.Pairs);
            _ = ReplayEngine(throwAway, market, options.Bars);
            warmupPasses++;
        }
        while (warmup.Elapsed < WarmupTime);
        Thread.Sleep(WarmupSettle);

        using var fixture = EngineFixture.EmaCross(market.Pairs);
        var gen0 = GC.CollectionCount(0);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var bars = ReplayEngine(fixture, market, options.Bars);
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        gen0 = GC.CollectionCount(0) - gen0;
        var metrics = fixture.Ledger.GetPortfolioMetrics();
        var seconds = clock.Elapsed.TotalSeconds;
        Write("data", options.Data);
        Write("pairs", options.Pairs);
        Write("bars", options.Bars);
        Write("rule", "engine ema-cross(12,26) 1h");
        Write("load_ms", load.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture));
        Write("warmup_passes", warmupPasses);
        Write("elapsed_ms", clock.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture));
        Write("pair_bars", bars);
        Write("bars_per_second", (bars / seconds).ToString("F0", CultureInfo.InvariantCulture));
        Write("ns_per_pair_bar", (clock.Elapsed.TotalMilliseconds * 1e6 / bars).ToString("F1", CultureInfo.InvariantCulture));
        Write("orders_sent", fixture.Gateway.Sent);
        Write("allocated_bytes", allocated);
        Write("allocated_bytes_per_pair_bar", ((double)allocated / bars).ToString("F1", CultureInfo.InvariantCulture));
        Write("gen0_collections", gen0);
        Write("open_positions", metrics.ActivePositions);
        Write("closed_positions", metrics.ClosedPositions);
        Write("final_equity", decimal.Round(metrics.TotalCapital, 2));
        return 0;
    }

    private static long ReplayEngine(EngineFixture fixture, Market market, int bars)
    {
        var engine = fixture.Engine;
        var pairs = market.Pairs;
        for (var t = 0; t < bars; t++)
        {
            var open = EngineFixture.Start + TimeSpan.FromHours(t);
            fixture.Time.SetUtcNow(open + TimeSpan.FromHours(1));
            for (var p = 0; p < pairs.Length; p++)
            {
                var close = market.Close(p, t);
                var first = t == 0 ? close : market.Close(p, t - 1);
                engine.ProcessBar(new Bar(pairs[p], Timeframe.OneHour, open, first, Math.Max(first, close), Math.Min(first, close), close, 10));
            }
        }

        engine.Flush();
        return (long)bars * pairs.Length;
    }

    private static void Write<T>(string key, T value)
        where T : notnull =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: {value}"));

    private static ReplayResult Replay(Market market, int bars, bool marksOnly)
    {
        var pairCount = market.Pairs.Length;
        var ledger = new PortfolioManager(new PortfolioConfig
        {
            TotalCapital = InitialCapital,
            MaxPositions = pairCount,
            MaxPositionSizePercent = 100m,
            MaxCorrelatedExposurePercent = 100m,
        });
        foreach (var pair in market.Pairs)
        {
            _ = ledger.RegisterPair(new PairConfig { Pair = pair }).Value;
        }

        // Per-pair strategy state in arrays: an SMA ring buffer and the open position, if any.
        var window = new double[pairCount * SmaLength];
        var sums = new double[pairCount];
        var previousAbove = new bool[pairCount];
        var open = new PositionId?[pairCount];
        var stake = InitialCapital * 0.5m / pairCount;
        long ledgerOps = 0, fills = 0, refused = 0, nextId = 0;

        for (var t = 0; t < bars; t++)
        {
            // Mark every pair first, so entries see the whole book at this bar.
            for (var p = 0; p < pairCount; p++)
            {
                _ = ledger.UpdatePrice(market.Pairs[p], market.Price(p, t)).Value;
            }

            ledgerOps += pairCount;
            for (var p = 0; p < pairCount && !marksOnly; p++)
            {
                var close = market.Close(p, t);
                var slot = (p * SmaLength) + (t % SmaLength);
                sums[p] += close - window[slot];
                window[slot] = close;
                if (t < SmaLength)
                {
                    continue;
                }

                var above = close > sums[p] / SmaLength;
                var crossedUp = above && !previousAbove[p];
                var crossedDown = !above && previousAbove[p];
                previousAbove[p] = above;
                var price = market.Price(p, t);
                if (crossedUp && open[p] is null)
                {
                    var quantity = decimal.Round(stake / price, 6, MidpointRounding.ToZero);
                    var id = new PositionId(string.Create(CultureInfo.InvariantCulture, $"p{nextId++}"));
                    var entry = ledger.AddPosition(new OpenPositionRequest
                    {
                        Id = id,
                        Pair = market.Pairs[p],
                        Quantity = quantity,
                        EntryPrice = price,
                        Fee = Fee.InQuote(decimal.Round(quantity * price * FeeRate, 8)),
                    });
                    ledgerOps++;
                    if (entry.IsSuccess)
                    {
                        open[p] = id;
                        fills++;
                    }
                    else
                    {
                        refused++;
                    }
                }
                else if (crossedDown && open[p] is { } id)
                {
                    var position = ledger.GetPosition(id)!;
                    _ = ledger.ClosePosition(id, price, Fee.InQuote(decimal.Round(position.Quantity * price * FeeRate, 8))).Value;
                    ledgerOps += 2;
                    open[p] = null;
                    fills++;
                }
            }
        }

        return new ReplayResult(ledger, ledgerOps, fills, refused);
    }

    private sealed record ReplayResult(PortfolioManager Ledger, long LedgerOps, long Fills, long Refused);

    private sealed record Options(int Pairs, int Bars, string Data, int Seed, bool MarksOnly, bool Engine)
    {
        public static Options? Parse(string[] args)
        {
            int pairs = DefaultPairs, bars = DefaultBars, seed = DefaultSeed;
            var data = "generated";
            var marksOnly = false;
            var engine = false;
            for (var i = 0; i < args.Length; i++)
            {
                if (string.Equals(args[i], "--engine", StringComparison.Ordinal))
                {
                    // Every bar through a real PortfolioEngine with the built-in ema-cross strategy.
                    engine = true;
                    continue;
                }

                if (string.Equals(args[i], "--marks-only", StringComparison.Ordinal))
                {
                    // Only UpdatePrice per pair and bar: the mark path alone, no strategy and no fills.
                    marksOnly = true;
                    continue;
                }

                var value = i + 1 < args.Length ? args[i + 1] : null;
                var ok = args[i] switch
                {
                    "--pairs" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out pairs) && pairs > 0,
                    "--bars" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out bars) && bars > 0,
                    "--seed" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed),
                    "--data" => (data = value ?? string.Empty) is "generated" or "samples" or "line",
                    _ => false,
                };
                if (!ok)
                {
                    return null;
                }

                i++;
            }

            return new Options(pairs, bars, data, seed, marksOnly, engine);
        }
    }

    /// <summary>Closes in <see langword="double"/> for the strategy and in <see langword="decimal"/> for the ledger, bar-major.</summary>
    private sealed class Market(TradingPair[] pairs, double[] closes, decimal[] prices)
    {
        public TradingPair[] Pairs { get; } = pairs;

        public double Close(int pair, int bar) => closes[(bar * Pairs.Length) + pair];

        public decimal Price(int pair, int bar) => prices[(bar * Pairs.Length) + pair];

        /// <summary>Geometric random walks (1 % volatility per bar), one per pair, from a fixed seed.</summary>
        public static Market Generate(int pairCount, int bars, int seed)
        {
            var random = new Random(seed);
            var pairs = new TradingPair[pairCount];
            var last = new double[pairCount];
            for (var p = 0; p < pairCount; p++)
            {
                pairs[p] = new TradingPair(string.Create(CultureInfo.InvariantCulture, $"GEN{p}"), "USDT");
                last[p] = 10.0 * (1 + (p % 50));
            }

            var closes = new double[pairCount * bars];
            var prices = new decimal[closes.Length];
            for (var t = 0; t < bars; t++)
            {
                for (var p = 0; p < pairCount; p++)
                {
                    // Box–Muller normal step; prices kept on a 0.0001 tick.
                    var normal = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
                    last[p] = Math.Max(0.01, last[p] * Math.Exp(0.01 * normal));
                    var price = decimal.Round((decimal)last[p], 4);
                    prices[(t * pairCount) + p] = price;
                    closes[(t * pairCount) + p] = (double)price;
                }
            }

            return new Market(pairs, closes, prices);
        }

        /// <summary>A straight line up per pair (<see cref="EngineFixture.BarPathClose"/>): EMA crosses never happen.</summary>
        public static Market Line(int pairCount, int bars)
        {
            var pairs = EngineFixture.MakePairs(pairCount);
            var closes = new double[pairCount * bars];
            var prices = new decimal[closes.Length];
            for (var t = 0; t < bars; t++)
            {
                for (var p = 0; p < pairCount; p++)
                {
                    var close = EngineFixture.BarPathClose(p, t);
                    closes[(t * pairCount) + p] = close;
                    prices[(t * pairCount) + p] = (decimal)close;
                }
            }

            return new Market(pairs, closes, prices);
        }

        /// <summary>The quickstart's real Binance 1h candles, cycled: pair p replays file p mod 5, offset by 97 bars per lap.</summary>
        public static Market FromSamples(int pairCount, int bars)
        {
            var directory = Path.Combine(AppContext.BaseDirectory, "data");
            var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0)
            {
                throw new FileNotFoundException($"No candle files in {directory}.");
            }

            var series = files
                .Select(f => JsonSerializer.Deserialize<double[][]>(File.ReadAllText(f)) ?? throw new InvalidDataException($"{f} is empty."))
                .Select(candles => candles.Select(c => c[4]).ToArray())
                .ToArray();
            var pairs = new TradingPair[pairCount];
            for (var p = 0; p < pairCount; p++)
            {
                // "BTC_USDT-1h.json" is freqtrade's spelling; laps get a numbered base so every pair is distinct.
                var source = TradingPair.Parse(Path.GetFileNameWithoutExtension(files[p % files.Length]).Split('-')[0]);
                var lap = p / files.Length;
                pairs[p] = lap == 0 ? source : new TradingPair(string.Create(CultureInfo.InvariantCulture, $"{source.Base}{lap}"), source.Quote);
            }

            var closes = new double[pairCount * bars];
            var prices = new decimal[closes.Length];
            for (var t = 0; t < bars; t++)
            {
                for (var p = 0; p < pairCount; p++)
                {
                    var candles = series[p % series.Length];
                    var close = candles[(t + ((p / series.Length) * 97)) % candles.Length];
                    prices[(t * pairCount) + p] = (decimal)close;
                    closes[(t * pairCount) + p] = close;
                }
            }

            return new Market(pairs, closes, prices);
        }
    }
}
