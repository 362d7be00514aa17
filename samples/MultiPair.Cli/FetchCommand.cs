using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using Spectre.Console;

namespace MultiPair.Cli;

/// <summary><c>multipair fetch</c>: downloads closed candles from Binance (production, a testnet or a local server) into the backtest folder format.</summary>
internal static class FetchCommand
{
    public static Command Create(Func<Func<int>, int> guard)
    {
        var pairs = new Option<string>("--pairs") { Description = "Pairs: BTC,ETH or BTC/USDT,ETHUSDT (bare bases take USDT).", Required = true };
        var timeframe = new Option<string>("--timeframe") { Description = "Bar timeframe.", DefaultValueFactory = _ => "1h" };
        var start = new Option<string>("--start") { Description = "First bar open time (UTC), e.g. 2024-01-01.", Required = true };
        var end = new Option<string?>("--end") { Description = "End (UTC, exclusive; default: now)." };
        var output = new Option<string>("--out") { Description = "Folder to write PAIR-TIMEFRAME.mpc files into (created if needed).", Required = true };
        var market = new Option<string>("--market") { Description = "spot or futures (USDⓈ-M).", DefaultValueFactory = _ => "spot" };
        var rest = new Option<string?>("--rest-url") { Description = "REST base address (default: Binance production; a testnet or a local server)." };
        var format = new Option<string>("--format") { Description = "mpc (binary cache) or json (freqtrade).", DefaultValueFactory = _ => "mpc" };
        var command = new Command("fetch", "Download candles from Binance into a backtest folder (public endpoints, no keys needed).")
        {
            pairs, timeframe, start, end, output, market, rest, format,
        };
        command.SetAction(result => guard(() => Run(
            result.GetValue(pairs)!,
            result.GetValue(timeframe)!,
            result.GetValue(start)!,
            result.GetValue(end),
            result.GetValue(output)!,
            result.GetValue(market)!,
            result.GetValue(rest),
            result.GetValue(format)!).GetAwaiter().GetResult()));
        return command;
    }

    private static async Task<int> Run(string pairList, string timeframeText, string startText, string? endText, string output, string marketText, string? rest, string format)
    {
        var timeframe = Timeframe.TryParse(timeframeText, out var tf) ? tf : throw new CliException($"'{timeframeText}' is not a timeframe.");
        var start = Time(startText) ?? throw new CliException($"'{startText}' is not a time.");
        var end = endText is null ? TimeProvider.System.GetUtcNow() : Time(endText) ?? throw new CliException($"'{endText}' is not a time.");
        if (end <= start)
        {
            throw new CliException("--end must be after --start.");
        }

        var market = marketText.ToUpperInvariant() switch
        {
            "SPOT" => MarketType.Spot,
            "FUTURES" or "USDM" or "PERPETUAL" => MarketType.LinearPerpetual,
            _ => throw new CliException($"Unknown market '{marketText}': use spot or futures."),
        };
        var json = format.ToUpperInvariant() switch
        {
            "MPC" => false,
            "JSON" => true,
            _ => throw new CliException($"Unknown format '{format}': use mpc or json."),
        };
        var wanted = pairList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.All(char.IsAsciiLetterOrDigit) && !TradingPair.TryParse(p, out _) ? new TradingPair(p.ToUpperInvariant(), "USDT") : TradingPair.TryParse(p, out var pair) ? pair : throw new CliException($"'{p}' is not a pair."))
            .Distinct()
            .ToList();

        var services = new ServiceCollection();
        services.AddMultiPairTrading().UseBinance(o =>
        {
            o.Market = market;
            if (rest is not null)
            {
                o.RestAddress = new Uri(rest);
            }
        });
        await using var provider = services.BuildServiceProvider();
        var instruments = provider.GetRequiredService<IInstrumentApi>();
        var klines = provider.GetRequiredService<IKlineApi>();
        var listed = await instruments.GetInstrumentsAsync().ConfigureAwait(false);
        if (!listed.TryGetValue(out var known))
        {
            throw new CliException($"Binance did not list its instruments: {listed.Error}");
        }

        var unknown = wanted.Where(p => known.All(i => i.Pair != p)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliException($"Not listed on Binance {marketText}: {string.Join(", ", unknown)}.");
        }

        Directory.CreateDirectory(output);
        var failed = new List<string>();
        var written = new List<(TradingPair Pair, int Bars, string File)>();
        await AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn()).StartAsync(async context =>
        {
            var task = context.AddTask($"fetching {wanted.Count} pairs", maxValue: wanted.Count);
            foreach (var pair in wanted)
            {
                var bars = await klines.GetKlinesAsync(pair, timeframe, start, end).ConfigureAwait(false);
                if (bars.TryGetValue(out var list) && list.Count > 0)
                {
                    var type = market == MarketType.Spot ? CandleType.Spot : CandleType.Futures;
                    var name = CandleCache.FileName(pair, timeframe, type);
                    var file = Path.Combine(output, json ? Path.ChangeExtension(name, ".json") : name);
                    if (json)
                    {
                        WriteFreqtradeJson(file, list);
                    }
                    else
                    {
                        CandleCache.Write(file, pair, timeframe, list);
                    }

                    written.Add((pair, list.Count, file));
                }
                else
                {
                    failed.Add($"{pair}: {(bars.Success ? "no bars in the range" : bars.Error!.ToString())}");
                }

                task.Increment(1);
            }
        }).ConfigureAwait(false);

        foreach (var (pair, count, file) in written)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pair}: {count} bars → {file}"));
        }

        foreach (var failure in failed)
        {
            await Console.Error.WriteLineAsync("failed " + failure).ConfigureAwait(false);
        }

        return failed.Count == 0 ? 0 : 3;
    }

    /// <summary>freqtrade's format, <c>[[ms,o,h,l,c,v],…]</c>, written to a temporary file and moved into place.</summary>
    private static void WriteFreqtradeJson(string path, IReadOnlyList<Bar> bars)
    {
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary))
        {
            writer.Write('[');
            for (var i = 0; i < bars.Count; i++)
            {
                var b = bars[i];
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : ",")}[{b.OpenTime.ToUnixTimeMilliseconds()},{b.Open:R},{b.High:R},{b.Low:R},{b.Close:R},{b.Volume:R}]"));
            }

            writer.Write(']');
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static DateTimeOffset? Time(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
}
