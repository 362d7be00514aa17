using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Rest;

/// <summary>A fake server and an adapter resolved from DI against it (optionally on a shared manual clock).</summary>
internal sealed class RestHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset ManualStart = new(2024, 1, 10, 0, 0, 30, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    private RestHarness(FakeBinanceServer server, ServiceProvider provider, ManualTimeProvider? clock, ListLoggerProvider logs)
    {
        Server = server;
        _provider = provider;
        Clock = clock;
        Logs = logs;
        Adapter = provider.GetRequiredService<BinanceAdapter>();
    }

    public FakeBinanceServer Server { get; }

    public BinanceAdapter Adapter { get; }

    public ManualTimeProvider? Clock { get; }

    public ListLoggerProvider Logs { get; }

    public IServiceProvider Services => _provider;

    public static async Task<RestHarness> StartAsync(
        MarketType market = MarketType.Spot, bool credentials = true, bool manualClock = false, Action<BinanceOptions>? configure = null)
    {
        var clock = manualClock ? new ManualTimeProvider(ManualStart) : null;
        var server = await FakeBinanceServer.StartAsync(clock);
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        if (clock is not null)
        {
            services.AddSingleton<TimeProvider>(clock);
        }

        services.AddMultiPairTrading().UseBinance(o =>
        {
            var fake = server.Options(market, credentials);
            o.Market = fake.Market;
            o.RestAddress = fake.RestAddress;
            o.StreamAddress = fake.StreamAddress;
            o.WebSocketApiAddress = fake.WebSocketApiAddress;
            o.ApiKey = fake.ApiKey;
            o.ApiSecret = fake.ApiSecret;
            if (manualClock)
            {
                o.RequestTimeout = TimeSpan.FromHours(1);
            }

            configure?.Invoke(o);
        });
        return new RestHarness(server, services.BuildServiceProvider(), clock, logs);
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>Collects every formatted log message.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Messages.Enqueue(logLevel + " " + formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
    }
}

/// <summary>Recorded payloads under Fixtures/.</summary>
internal static class Fixture
{
    public static string Json(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file));
        if (!file.StartsWith("binancenet_Endpoints_", StringComparison.Ordinal))
        {
            return text;
        }

        // Line 1 method, line 2 path, line 3 signed, then the JSON body.
        var index = 0;
        for (var line = 0; line < 3; line++)
        {
            index = text.IndexOf('\n', index) + 1;
        }

        return text[index..];
    }
}
