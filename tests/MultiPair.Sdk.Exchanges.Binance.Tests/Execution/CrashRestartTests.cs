using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Storage.Sqlite;
using Xunit.Abstractions;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Execution;

/// <summary>
/// A real portfolio process (USDⓈ-M futures through the Binance adapter, SQLite state) trading against the fake server
/// is killed with SIGKILL at random moments — between intent and send, between send and ack, during fills — 30 times,
/// restarting each time; then checked against the exchange.
/// </summary>
public sealed class CrashRestartTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 30;
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT"];

    private readonly string _folder = Directory.CreateTempSubdirectory("mp-crash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Killed_thirty_times_no_order_is_placed_twice_every_fill_is_stored_once_and_the_store_matches_the_exchange()
    {
        await using var server = await FakeBinanceServer.StartAsync();
        server.SetFuturesWallet(10_000_000m);
        var prices = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["BTCUSDT"] = 40_000m, ["ETHUSDT"] = 2_000m };
        foreach (var (symbol, price) in prices)
        {
            server.SetLastPrice(symbol, price);
        }

        var db = Path.Combine(_folder, "portfolio.db");
        var random = new Random(20261122);
        var minute = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var kills = 0;
        for (var run = 0; run < Kills; run++)
        {
            if (run % 3 == 1)
            {
                // Widen the window between the exchange accepting an order and the process hearing of it.
                server.InjectFault("/fapi/v1/order", FakeFault.DelayAfterAccept(TimeSpan.FromMilliseconds(400)), method: "POST");
            }

            using var worker = await StartWorkerAsync(server, db);
            var ready = await worker.WaitForAsync("READY", TimeSpan.FromSeconds(60));
            ready.ShouldStartWith("READY True", customMessage: worker.Output);
            var bars = random.Next(1, 4);
            for (var b = 0; b < bars; b++)
            {
                minute = minute.AddMinutes(1);
                foreach (var symbol in Symbols)
                {
                    prices[symbol] *= random.Next(2) == 0 ? 1.01m : 0.99m;
                    prices[symbol] = decimal.Round(prices[symbol], 2);
                    server.SetLastPrice(symbol, prices[symbol]);
                    server.PublishKline(symbol, "1m", minute, prices[symbol], prices[symbol], prices[symbol], prices[symbol], 10m);
                }

                await Task.Delay(random.Next(0, 120));
            }

            await Task.Delay(random.Next(0, 250));
            worker.Kill();
            kills++;
        }

        // A last, clean start: it reconciles, finds everything consistent, and stops on request.
        using (var last = await StartWorkerAsync(server, db))
        {
            var ready = await last.WaitForAsync("READY", TimeSpan.FromSeconds(60));
            ready.ShouldStartWith("READY True", customMessage: last.Output);
            ready.ShouldContain("state=Active", customMessage: last.Output);
            await last.QuitAsync();
            last.Output.ShouldContain("STOPPED Active");
        }

        kills.ShouldBe(Kills);
        output.WriteLine($"{kills} kills; {server.RestOrders.Count} orders and {server.RestTrades.Count} trades on the exchange");

        // No client order id placed twice on the exchange.
        var intents = Query(db, "SELECT client_order_id FROM intents");
        intents.ShouldNotBeEmpty();
        foreach (var id in intents)
        {
            server.PlacementCount(id).ShouldBeLessThanOrEqualTo(1, $"{id} was placed twice");
        }

        // Every exchange fill is in the store exactly once, and nothing else is.
        var exchangeTrades = server.RestTrades.Select(t => t.Symbol + "#" + t.TradeId.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToList();
        var storedFills = Query(db, "SELECT pair || '#' || trade_id FROM fills").Select(f => f.Replace("/", string.Empty, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        exchangeTrades.ShouldNotBeEmpty();
        storedFills.ShouldBe(exchangeTrades);

        // Positions in the store equal the exchange's.
        await using var store = new SqlitePortfolioStore(new SqliteStoreOptions { DatabasePath = db });
        await store.OpenAsync(new StoreIdentity("binance-usdm", "crash-test", TradingMode.Live, "main"));
        var state = await store.LoadAsync();
        var ledger = LedgerReplay.Rebuild(
            new PortfolioConfig { TotalCapital = 100_000m, MaxPositions = 10, MaxPositionSizePercent = 50m, MaxCorrelatedExposurePercent = 500m },
            [new PairConfig { Pair = new("BTC", "USDT"), MarketType = MarketType.LinearPerpetual, Leverage = 1m }, new PairConfig { Pair = new("ETH", "USDT"), MarketType = MarketType.LinearPerpetual, Leverage = 1m }],
            state.LedgerEntries,
            TimeProvider.System);
        foreach (var symbol in Symbols)
        {
            var pair = TradingPair.Parse(symbol);
            var net = ledger.GetPositions().Where(p => p.Pair == pair).Sum(p => p.Side == PositionSide.Long ? p.Quantity : -p.Quantity);
            net.ShouldBe(server.PositionAmount(symbol), $"{symbol}: store and exchange differ");
        }
    }

    private static List<string> Query(string db, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static Task<Worker> StartWorkerAsync(FakeBinanceServer server, string db)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SiblingBuild.PathOf(Path.Combine("tests", "MultiPair.Sdk.CrashWorker"), "MultiPair.Sdk.CrashWorker.dll"));
        start.ArgumentList.Add(server.RestAddress.ToString());
        start.ArgumentList.Add(server.StreamAddress.ToString());
        start.ArgumentList.Add(db);
        start.ArgumentList.Add(FakeBinanceServer.ApiKey);
        start.ArgumentList.Add(FakeBinanceServer.ApiSecret);
        return Task.FromResult(new Worker(Process.Start(start)!));
    }

    /// <summary>A worker process and everything it printed.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];

        public Worker(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Add(e.Data);
            _process.ErrorDataReceived += (_, e) => Add(e.Data is null ? null : "ERR " + e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (_lines)
                {
                    return string.Join('\n', _lines);
                }
            }
        }

        public async Task<string> WaitForAsync(string prefix, TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < timeout)
            {
                lock (_lines)
                {
                    if (_lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
                    {
                        return line;
                    }
                }

                if (_process.HasExited)
                {
                    await Task.Delay(100);
                    throw new InvalidOperationException($"The worker exited with {_process.ExitCode} before '{prefix}':\n{Output}");
                }

                await Task.Delay(20);
            }

            throw new TimeoutException($"No '{prefix}' within {timeout}:\n{Output}");
        }

        /// <summary>SIGKILL: no cleanup of any kind.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(30_000);
        }

        public async Task QuitAsync()
        {
            await _process.StandardInput.WriteLineAsync("quit");
            await _process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }
}
