using System.Reactive.Concurrency;
using Microsoft.Extensions.DependencyInjection;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.WarmStart;

/// <summary>
/// A fake Binance server with many listed pairs and their klines, a Binance adapter resolved through DI against it, and a
/// portfolio engine over those pairs: the warm-start tests and the <c>warm-start</c> benchmark share it.
/// </summary>
public sealed class WarmStartRig : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly Lock _alertGate = new();

    private WarmStartRig(FakeBinanceServer server, ServiceProvider provider, IReadOnlyList<TradingPair> pairs)
    {
        Server = server;
        _provider = provider;
        Pairs = pairs;
        Adapter = provider.GetRequiredService<BinanceAdapter>();
        Streams = provider.GetRequiredService<IMarketStreamApi>();
    }

    /// <summary>Gets the live market streams.</summary>
    public IMarketStreamApi Streams { get; }

    /// <summary>Gets the fake server.</summary>
    public FakeBinanceServer Server { get; }

    /// <summary>Gets the adapter.</summary>
    public BinanceAdapter Adapter { get; }

    /// <summary>Gets the pairs listed and served.</summary>
    public IReadOnlyList<TradingPair> Pairs { get; }

    /// <summary>Gets the engine built by <see cref="BuildEngine"/>.</summary>
    public PortfolioEngine? Engine { get; private set; }

    /// <summary>Gets the setups built by <see cref="BuildEngine"/>.</summary>
    public IReadOnlyList<PairSetup> Setups { get; private set; } = [];

    /// <summary>Gets a copy of every engine alert so far.</summary>
    public IReadOnlyList<EngineAlert> AlertsSoFar
    {
        get
        {
            lock (_alertGate)
            {
                return [.. Alerts];
            }
        }
    }

    /// <summary>Gets every engine alert (delivered immediately; read through <see cref="AlertsSoFar"/>).</summary>
    private List<EngineAlert> Alerts { get; } = [];

    /// <summary>Starts a server listing <paramref name="pairCount"/> pairs (P0USDT, P1USDT, ...) with <paramref name="bars"/> closed klines of each timeframe up to now.</summary>
    public static async Task<WarmStartRig> StartAsync(int pairCount, IReadOnlyList<Timeframe> timeframes, int bars, int weightLimit = 6000)
    {
        var server = await FakeBinanceServer.StartAsync();
        server.WeightLimit = weightLimit;
        var now = TimeProvider.System.GetUtcNow();
        var pairs = new List<TradingPair>();
        for (var i = 0; i < pairCount; i++)
        {
            var pair = new TradingPair(Base(i), "USDT");
            pairs.Add(pair);
            server.AddSymbol(Base(i), "USDT");
            foreach (var timeframe in timeframes)
            {
                // One extra bar still forming at the end, as the exchange serves it.
                var end = timeframe.BarOpenTime(now);
                server.SetKlines(Base(i) + "USDT", timeframe.ToString(), FakeBinanceServer.GenerateKlines(end - (timeframe.Duration * bars), timeframe.Duration, bars + 1, 100m + i));
            }
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMultiPairTrading().UseBinance(o =>
        {
            var fake = server.Options();
            o.Market = fake.Market;
            o.RestAddress = fake.RestAddress;
            o.StreamAddress = fake.StreamAddress;
            o.WebSocketApiAddress = fake.WebSocketApiAddress;
            o.ApiKey = fake.ApiKey;
            o.ApiSecret = fake.ApiSecret;
        });
        return new WarmStartRig(server, services.BuildServiceProvider(), pairs);
    }

    /// <summary>The base asset of pair <paramref name="index"/>.</summary>
    public static string Base(int index) => "P" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Builds an engine over <paramref name="pairs"/> (default: every listed pair), each with its own recording strategy.</summary>
    public PortfolioEngine BuildEngine(IReadOnlyList<Timeframe> timeframes, int warmupBars, Timeframe? input = null, IEnumerable<TradingPair>? pairs = null)
    {
        var chosen = (pairs ?? Pairs).ToList();
        var ledger = new PortfolioManager(new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 10, MaxPositionSizePercent = 50m, MaxCorrelatedExposurePercent = 500m }, TimeProvider.System);
        foreach (var pair in chosen)
        {
            _ = ledger.RegisterPair(new PairConfig { Pair = pair });
        }

        var gate = new RiskGate(ledger, [], new RiskGateOptions { FeeReservePercent = 0m });
        var coordinator = new EntryCoordinator(gate, new FixedFractionAllocation { FractionPercent = 10m }, new CoordinatorOptions { MinimumNotional = 1m });
        Setups = [.. chosen.Select(p => new PairSetup { Pair = p, Strategy = new RecordingStrategy(timeframes, warmupBars), InputTimeframe = input ?? timeframes.Min() })];
        Engine = new PortfolioEngine(ledger, gate, coordinator, new InstantFillGateway(TimeProvider.System), Setups, new PortfolioEngineOptions { DecisionDelay = TimeSpan.Zero }, TimeProvider.System, ImmediateScheduler.Instance);
        _ = Engine.Alerts.Subscribe(a =>
        {
            lock (_alertGate)
            {
                Alerts.Add(a);
            }
        });
        return Engine;
    }

    /// <summary>Gets the recording strategy of a pair.</summary>
    public RecordingStrategy StrategyOf(TradingPair pair) => (RecordingStrategy)Setups.Single(s => s.Pair == pair).Strategy;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Engine?.Dispose();
        await _provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>A strategy that only records the bars it sees (and never signals).</summary>
public sealed class RecordingStrategy(IReadOnlyList<Timeframe> timeframes, int warmupBars) : IPairStrategy
{
    private readonly List<Bar> _seen = [];

    /// <inheritdoc />
    public string Name => "recording";

    /// <inheritdoc />
    public IReadOnlyList<Timeframe> Timeframes { get; } = timeframes;

    /// <inheritdoc />
    public int WarmupBars { get; } = warmupBars;

    /// <summary>Gets the bars seen, in order.</summary>
    public IReadOnlyList<Bar> Seen => _seen;

    /// <summary>Gets the bars of one timeframe seen, in order.</summary>
    public IReadOnlyList<Bar> SeenOf(Timeframe timeframe) => [.. _seen.Where(b => b.Timeframe == timeframe)];

    /// <inheritdoc />
    public Signal? OnBar(in Bar bar, StrategyContext context)
    {
        _seen.Add(bar);
        return null;
    }
}
