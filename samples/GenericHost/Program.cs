using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MultiPair.Sdk.Hosting;

// A paper-trading portfolio in a Generic Host: three pairs from appsettings.json, the simulated exchange, a SQLite store,
// and the bundled Binance candles replayed as live market data. Ctrl+C stops it cleanly (resting stops stay on the exchange).
var builder = Host.CreateApplicationBuilder(args);
var section = builder.Configuration.GetSection("MultiPair");
builder.Services.AddMultiPairTrading(section)
    .UseSimulatedExchange()
    .UseSqliteStore(o => section.GetSection("Sqlite").Bind(o))
    .UseCandleReplay(Path.Combine(AppContext.BaseDirectory, "data", "binance-1h"), o => section.GetSection("Replay").Bind(o))
    .AddHostedTrading();

// Observability without a vendor: print the portfolio's gauges and counters every few seconds from a MeterListener.
using var listener = new MeterListener();
var totals = new Dictionary<string, double>(StringComparer.Ordinal);
listener.InstrumentPublished = (instrument, l) =>
{
    if (string.Equals(instrument.Meter.Name, MultiPairInstrumentation.MeterName, StringComparison.Ordinal))
    {
        l.EnableMeasurementEvents(instrument);
    }
};
void Record(Instrument instrument, double value)
{
    lock (totals)
    {
        totals[instrument.Name] = instrument is ObservableGauge<double> or ObservableGauge<int> ? value : totals.GetValueOrDefault(instrument.Name) + value;
    }
}

listener.SetMeasurementEventCallback<long>((i, v, _, _) => Record(i, v));
listener.SetMeasurementEventCallback<double>((i, v, _, _) => Record(i, v));
listener.SetMeasurementEventCallback<int>((i, v, _, _) => Record(i, v));
listener.Start();

using var host = builder.Build();
using var timer = new Timer(_ =>
{
    listener.RecordObservableInstruments();
    lock (totals)
    {
        Console.WriteLine(string.Join("  ", totals.Where(t => !t.Key.Contains("latency", StringComparison.Ordinal)).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key}={t.Value:0.##}"))));
    }
}, null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
await host.RunAsync();
