using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Hosting.Notifications;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Simulation;

namespace MultiPair.Sdk.Hosting.Tests;

public sealed class PaperSessionTests
{
    private const string Config = """
    {
      "MultiPair": {
        "Portfolio": { "TotalCapital": 10000, "MaxPositions": 3 },
        "Pairs": "BTC,ETH,SOL",
        "Strategy": "ema-cross",
        "StrategyParameters": { "fast": "3", "slow": "8", "direction": "long-only" },
        "Engine": { "DecisionDelay": "00:00:00", "DefaultStopLossPercent": 5, "UseExchangeExitOrders": true, "TimerInterval": "00:00:00.050" },
        "Simulation": { "MaxVolumeShare": 0 }
      }
    }
    """;

    private static readonly DateTimeOffset Start = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A dip then a steady rise: one upward EMA cross per pair, and positions that stay open.</summary>
    internal static IEnumerable<Bar> DipThenRise(IReadOnlyCollection<TradingPair> pairs)
    {
        var list = pairs.Count == 0 ? [TradingPair.Parse("BTC/USDT")] : pairs.ToList();
        for (var i = 0; i < 60; i++)
        {
            foreach (var pair in list)
            {
                var basePrice = 100.0 * (1 + list.IndexOf(pair));
                var price = i < 20 ? basePrice * (1 - (0.01 * i)) : basePrice * (0.8 + (0.01 * (i - 20)));
                yield return new Bar(pair, Timeframe.OneHour, Start.AddHours(i), price, price * 1.002, price * 0.998, price, 1_000_000);
            }
        }
    }

    private static IHost BuildHost(RecordingSink? sink = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var trading = builder.Services.AddMultiPairTrading(Json.Section(Config))
            .UseSimulatedExchange()
            .UseBarReplay((pairs, _, _) => DipThenRise(pairs), o => o.ClosesPerSecond = 200)
            .AddHostedTrading(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        if (sink is not null)
        {
            builder.Services.AddSingleton(sink);
            builder.Services.AddSingleton<INotificationSink>(sink);
        }

        return builder.Build();
    }

    [Fact]
    public async Task HostedService_ReconcilesOnATimerWhileTrading()
    {
        var events = new ConcurrentQueue<string>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(new EventNameProvider(events));
        builder.Services.AddMultiPairTrading(Json.Section(Config))
            .UseSimulatedExchange()
            .UseBarReplay((pairs, _, _) => DipThenRise(pairs), o => o.ClosesPerSecond = 50)
            .AddHostedTrading(o =>
            {
                o.ShutdownTimeout = TimeSpan.FromSeconds(5);
                o.ReconcileInterval = TimeSpan.FromMilliseconds(100);
            });
        using var host = builder.Build();
        await host.StartAsync();
        var deadline = Stopwatch.StartNew();
        while (events.Count(e => string.Equals(e, "PeriodicReconciliation", StringComparison.Ordinal)) < 2 && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        await host.StopAsync();
        events.Count(e => string.Equals(e, "PeriodicReconciliation", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(2);
        events.ShouldNotContain(e => string.Equals(e, "PeriodicReconciliationFailed", StringComparison.Ordinal));
    }

    private sealed class EventNameProvider(ConcurrentQueue<string> events) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new EventNameLogger(events);

        public void Dispose()
        {
        }

        private sealed class EventNameLogger(ConcurrentQueue<string> events) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (eventId.Name is { } name)
                {
                    events.Enqueue(name);
                }
            }
        }
    }

    [Fact]
    public async Task HostedService_PaperSession_TradesAndStopsCleanlyLeavingRestingStops()
    {
        var sink = new RecordingSink();
        using var host = BuildHost(sink);
        var telemetry = host.Services.GetRequiredService<MultiPairTelemetry>();
        var measurements = new ConcurrentBag<(string Name, double Value, KeyValuePair<string, object?>[] Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, telemetry.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, tags.ToArray())));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, tags.ToArray())));
        meters.SetMeasurementEventCallback<int>((i, v, tags, _) => measurements.Add((i.Name, v, tags.ToArray())));
        meters.Start();
        var spans = new ConcurrentBag<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, telemetry.ActivitySource),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(activities);

        await host.StartAsync();
        var service = host.Services.GetRequiredService<MultiPairTradingService>();
        await service.Started.WaitAsync(TimeSpan.FromSeconds(30));
        var ledger = host.Services.GetRequiredService<IPortfolioManager>();
        var deadline = Stopwatch.StartNew();
        while (ledger.GetPortfolioMetrics().ActivePositions < 3 && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        await host.StopAsync();
        await service.Stopped.WaitAsync(TimeSpan.FromSeconds(10));
        meters.RecordObservableInstruments();

        // Trades happened and were booked; nothing was left in flight.
        var open = ledger.GetPositions();
        open.Count.ShouldBe(3);
        service.BarsPosted.ShouldBeGreaterThan(0);
        var executor = host.Services.GetRequiredService<IOrderGateway>().ShouldBeOfType<OrderExecutor>();
        executor.WhenIdleAsync().IsCompleted.ShouldBeTrue();

        // Graceful stop leaves the protective stops resting on the exchange.
        var exchange = host.Services.GetRequiredService<SimulatedExchange>();
        var stops = exchange.WorkingOrders.Where(o => o.Type == OrderType.StopMarket).ToList();
        stops.Count.ShouldBe(3);
        stops.Select(s => s.Pair).ShouldBe(open.Select(p => p.Pair), ignoreOrder: true);

        // Metrics.
        measurements.ShouldContain(m => m.Name == "multipair.orders" && m.Tags.Any(t => t.Key == "outcome" && Equals(t.Value, "Filled")));
        measurements.ShouldContain(m => m.Name == "multipair.events.processed" && m.Tags.Any(t => t.Key == "kind" && Equals(t.Value, "bar")));
        measurements.ShouldContain(m => m.Name == "multipair.decision.latency");
        measurements.ShouldContain(m => m.Name == "multipair.equity" && m.Value > 0);
        measurements.ShouldContain(m => m.Name == "multipair.exposure.gross" && m.Value > 0);

        // Order spans: entries end filled; resting stops stay open (unfinished) until the exchange reports on them.
        var filled = spans.Where(s => Equals(s.GetTagItem("multipair.status"), "Filled")).ToList();
        filled.Count.ShouldBeGreaterThanOrEqualTo(3);
        filled.ShouldAllBe(s => s.GetTagItem("multipair.pair") != null && Equals(s.GetTagItem("multipair.side"), "Buy"));

        // Notifications.
        sink.Received.Count(n => n.Kind == NotificationKind.TradeOpened).ShouldBe(3);
    }

    [Fact]
    public async Task HostedService_InvalidConfiguration_FailsToStartAndStartsNothing()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddMultiPairTrading(Json.Section("""{ "MultiPair": { "Pairs": "BTC,BTCUSDT", "Portfolio": { "MaxPositions": 0 } } }"""))
            .UseSimulatedExchange()
            .UseBarReplay((pairs, _, _) => DipThenRise(pairs))
            .AddHostedTrading();
        using var host = builder.Build();

        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        error.Failures.Count().ShouldBeGreaterThanOrEqualTo(2);
        host.Services.GetRequiredService<MultiPairTradingService>().BarsPosted.ShouldBe(0);
        host.Services.GetRequiredService<MultiPairTradingService>().Started.IsCompleted.ShouldBeFalse();
    }

    internal sealed class RecordingSink : INotificationSink
    {
        public ConcurrentQueue<TradingNotification> Received { get; } = new();

        public ValueTask SendAsync(TradingNotification notification, CancellationToken cancellationToken = default)
        {
            Received.Enqueue(notification);
            return ValueTask.CompletedTask;
        }
    }
}
