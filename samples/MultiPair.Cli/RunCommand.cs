using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MultiPair.Sdk.Exchanges.Binance;
using MultiPair.Sdk.Hosting;

namespace MultiPair.Cli;

/// <summary><c>multipair run --config FILE</c>: a live or paper portfolio in a Generic Host, from a safe-list configuration.</summary>
internal static class RunCommand
{
    public static Command Create(Func<Func<int>, int> guard)
    {
        var config = new Option<string>("--config") { Description = "The appsettings.json with a 'MultiPair' section (pairs, portfolio, risk, exchange, store).", Required = true };
        var data = new Option<string?>("--data") { Description = "Paper mode: the candle folder replayed as live data (default: the bundled Binance 1h candles)." };
        var speed = new Option<double?>("--speed") { Description = "Paper mode: bar closes replayed per second." };
        var duration = new Option<double?>("--for") { Description = "Stop cleanly after this many seconds (default: until Ctrl+C or SIGTERM)." };
        var command = new Command("run", "Run a portfolio: paper (simulated exchange, replayed candles) or live (Binance), with its state in SQLite.") { config, data, speed, duration };
        command.SetAction(result => guard(() => Run(result.GetValue(config)!, result.GetValue(data), result.GetValue(speed), result.GetValue(duration)).GetAwaiter().GetResult()));
        return command;
    }

    private static CliException Invalid(Microsoft.Extensions.Options.OptionsValidationException ex) =>
        new("The configuration is invalid:\n  " + string.Join("\n  ", ex.Failures), ex);

    private static async Task<int> Run(string path, string? data, double? speed, double? seconds)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"The configuration file {path} does not exist.");
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        var section = builder.Configuration.GetSection("MultiPair");
        var live = string.Equals(section["Exchange:Mode"], "Live", StringComparison.OrdinalIgnoreCase);
        var trading = builder.Services.AddMultiPairTrading(section);
        if (live)
        {
            if (!string.Equals(section["Exchange:Name"], "binance", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException($"Live mode supports the 'binance' exchange; the configuration names '{section["Exchange:Name"]}'.");
            }

            var binance = section.GetSection("Binance");
            if (string.IsNullOrWhiteSpace(binance["ApiKey"]) || string.IsNullOrWhiteSpace(binance["ApiSecret"]))
            {
                throw new CliException("Live mode needs Binance credentials: MultiPair:Binance:ApiKey and MultiPair:Binance:ApiSecret (environment variables MultiPair__Binance__ApiKey / __ApiSecret work too).");
            }

            trading.UseBinance(o => binance.Bind(o));
        }
        else
        {
            var folder = data ?? Path.Combine(AppContext.BaseDirectory, "data", "binance-1h");
            if (!Directory.Exists(folder))
            {
                throw new CliException($"The data folder {folder} does not exist.");
            }

            trading.UseSimulatedExchange().UseCandleReplay(folder, o =>
            {
                section.GetSection("Replay").Bind(o);
                if (speed is { } closes)
                {
                    o.ClosesPerSecond = closes;
                }
            });
        }

        trading.UseSqliteStore(o =>
        {
            o.DatabasePath = "multipair.db";
            section.GetSection("Sqlite").Bind(o);
        }).AddHostedTrading();

        using var host = builder.Build();
        using var stop = seconds is { } s ? new CancellationTokenSource(TimeSpan.FromSeconds(s)) : new CancellationTokenSource();
        var service = host.Services.GetRequiredService<MultiPairTradingService>();
        try
        {
            await host.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            throw Invalid(ex);
        }

        // A failure inside the service (pairs the exchange does not list, a store of another account, ...) stops the host.
        if (service.Started.IsFaulted && service.Started.Exception?.InnerException is { } failure)
        {
            throw failure is Microsoft.Extensions.Options.OptionsValidationException invalid ? Invalid(invalid) : new CliException(failure.Message, failure);
        }

        return 0;
    }
}
