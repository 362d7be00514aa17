using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Configuration;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Hosting.Notifications;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Simulation;

namespace MultiPair.Sdk.Hosting;

/// <summary>
/// Runs the portfolio in a Generic Host. On start: opens the store (when an <see cref="IPortfolioStore"/> is registered) under
/// the configured <see cref="StoreIdentity"/>, runs every <see cref="IPortfolioStartupStep"/> in order, attaches the
/// <see cref="OrderExecutor"/> to the exchange's user data stream, subscribes to closed bars (<see cref="IMarketStreamApi"/>) and
/// runs the engine's loop. On stop (SIGTERM, Ctrl+C): stops market data, waits (at most
/// <see cref="MultiPairHostingOptions.ShutdownTimeout"/>) for in-flight order work, lets the engine book what came back, and closes
/// the streams. Orders resting on the exchange (stop losses, take-profits) are left in place.
/// </summary>
/// <remarks>On the simulated exchange each bar is given to the <see cref="SimulatedExchange"/> before the engine, as paper trading requires.</remarks>
public sealed class MultiPairTradingService : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly MultiPairHostingOptions _options;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _bars;

    /// <summary>Initializes a new instance of the <see cref="MultiPairTradingService"/> class.</summary>
    /// <param name="services">The container the portfolio is resolved from.</param>
    /// <param name="options">The hosting settings.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public MultiPairTradingService(IServiceProvider services, IOptions<MultiPairHostingOptions> options, ILogger<MultiPairTradingService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets a task that completes when market data is subscribed and the engine's loop runs.</summary>
    public Task Started => _started.Task;

    /// <summary>Gets a task that completes when a stop has finished (in-flight work done, streams closed).</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Gets how many bars were handed to the engine.</summary>
    public long BarsPosted => Interlocked.Read(ref _bars);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _started.TrySetException(e);
            throw;
        }
        finally
        {
            _started.TrySetCanceled(CancellationToken.None);
            _stopped.TrySetResult();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var options = _services.GetRequiredService<IOptions<MultiPairOptions>>().Value;
        var identity = options.Exchange.ToStoreIdentity();
        var timeframe = Timeframe.Parse(options.Timeframe);
        var engine = _services.GetRequiredService<PortfolioEngine>();
        var gate = _services.GetRequiredService<RiskGate>();
        var executor = _services.GetRequiredService<IOrderGateway>() as OrderExecutor;
        var simulated = _services.GetService<SimulatedExchange>();
        HostingLog.Starting(_logger, identity, engine.PairsRunning.Count, timeframe);

        await CheckPairsAreListedAsync(engine, identity, stoppingToken).ConfigureAwait(false);
        var store = _services.GetService<IPortfolioStore>();
        StoreLease? lease = null;
        StoreState? recovered = null;
        PortfolioJournal? journal = null;
        if (store is not null)
        {
            lease = await store.OpenAsync(identity, stoppingToken).ConfigureAwait(false);
            HostingLog.StoreOpened(_logger, identity, lease);

            // Durable state: replay the journal into the (empty) ledger, then journal every engine event from here on.
            recovered = await store.LoadAsync(stoppingToken).ConfigureAwait(false);
            LedgerReplay.Apply(_services.GetRequiredService<IPortfolioManager>(), recovered.LedgerEntries);
            journal = new PortfolioJournal(store, engine);
        }

        _services.GetService<MultiPairTelemetry>()?.Attach(engine, executor);
        _services.GetService<NotificationPublisher>()?.Attach(engine, gate, executor);
        var context = new PortfolioStartupContext
        {
            Services = _services,
            Identity = identity,
            Ledger = _services.GetRequiredService<IPortfolioManager>(),
            Gate = gate,
            Engine = engine,
            Store = store,
            Lease = lease,
            Executor = executor,
        };
        if (recovered is not null && executor is not null && _services.GetService<IOrderApi>() is { } orderApi)
        {
            // Restart reconciliation before any strategy runs: adopt fills made while down, resolve in-flight orders,
            // cancel orphans with this portfolio's tag, compare positions; a difference halts the portfolio.
            var report = await PortfolioRecovery.ReconcileAsync(
                recovered,
                engine,
                executor,
                orderApi,
                new RecoveryOptions { ClientOrderIdPrefix = _services.GetRequiredService<EntryCoordinator>().ClientOrderIdPrefix },
                stoppingToken).ConfigureAwait(false);
            HostingLog.Reconciled(_logger, report.Orders.Count, report.CancelledOrphans.Count, report.Mismatches.Count);
            foreach (var mismatch in report.Mismatches)
            {
                HostingLog.ReconciliationMismatch(_logger, mismatch.ToString());
            }
        }

        foreach (var step in _services.GetServices<IPortfolioStartupStep>())
        {
            await step.RunAsync(context, stoppingToken).ConfigureAwait(false);
            HostingLog.StartupStepFinished(_logger, step.GetType().Name);
        }

        IStreamSubscription? userStream = null;
        if (executor is not null && _services.GetService<IUserDataStreamApi>() is { } userData)
        {
            var attached = await executor.AttachUserDataStreamAsync(userData, stoppingToken).ConfigureAwait(false);
            if (attached.Success)
            {
                userStream = attached.Value;
                HostingLog.UserStreamAttached(_logger);
            }
            else
            {
                HostingLog.UserStreamFailed(_logger, attached.Error);
                if (_options.RequireUserDataStream || identity.Mode == TradingMode.Live)
                {
                    throw new InvalidOperationException($"The user data stream could not be attached: {attached.Error}");
                }
            }
        }

        using var loopStop = new CancellationTokenSource();
        using var feedStop = new CancellationTokenSource();
        var loop = engine.RunAsync(loopStop.Token);
        var feed = Channel.CreateUnbounded<Bar>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var telemetry = _services.GetService<MultiPairTelemetry>();
        var pump = PumpAsync(feed.Reader, engine, simulated, telemetry, feedStop.Token);
        IStreamSubscription? market = null;
        try
        {
            if (_services.GetService<IMarketStreamApi>() is { } marketData)
            {
                var subscribed = await marketData.SubscribeToClosedBarsAsync([.. engine.PairsRunning], timeframe, bar => feed.Writer.TryWrite(bar), stoppingToken).ConfigureAwait(false);
                if (!subscribed.Success)
                {
                    HostingLog.MarketFailed(_logger, subscribed.Error);
                    throw new InvalidOperationException($"Market data subscription failed: {subscribed.Error}");
                }

                market = subscribed.Value;
                HostingLog.MarketSubscribed(_logger, timeframe, engine.PairsRunning.Count);
            }
            else
            {
                HostingLog.NoMarketData(_logger);
            }

            // A light reconciliation on a timer: unfinished orders queried, missed trades fetched (entries wait meanwhile).
            using var reconcileTimer = executor is not null && _options.ReconcileInterval is { } every && every > TimeSpan.Zero
                ? (_services.GetService<TimeProvider>() ?? TimeProvider.System).CreateTimer(_ => _ = ReconcileQuietlyAsync(executor, stoppingToken), null, every, every)
                : null;
            _started.TrySetResult();
            await Task.WhenAny(loop, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
            if (loop.IsFaulted)
            {
                HostingLog.EngineFailed(_logger, loop.Exception!);
            }
        }
        finally
        {
            // Stop feeding first, then let in-flight order work finish and the engine book what came back.
            HostingLog.Stopping(_logger);
            if (market is not null)
            {
                await market.DisposeAsync().ConfigureAwait(false);
            }

            feed.Writer.TryComplete();
            await feedStop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (executor is not null)
            {
                try
                {
                    await executor.WhenIdleAsync(CancellationToken.None).WaitAsync(_options.ShutdownTimeout, CancellationToken.None).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    HostingLog.InFlightTimeout(_logger, _options.ShutdownTimeout);
                }
            }

            await loopStop.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (userStream is not null)
            {
                await userStream.DisposeAsync().ConfigureAwait(false);
            }

            if (journal is not null)
            {
                await journal.DisposeAsync().ConfigureAwait(false); // writes what is queued
            }

            if (_services.GetService<NotificationPublisher>() is { } publisher)
            {
                await publisher.FlushAsync(_options.ShutdownTimeout).ConfigureAwait(false);
            }

            HostingLog.Stopped(_logger, BarsPosted);
        }
    }

    /// <summary>Every configured pair must be listed by the exchange (when it lists instruments): all unknown ones are reported together.</summary>
    private async Task CheckPairsAreListedAsync(PortfolioEngine engine, StoreIdentity identity, CancellationToken cancellationToken)
    {
        if (_services.GetService<IInstrumentApi>() is not { } instruments)
        {
            return;
        }

        var listed = await instruments.GetInstrumentsAsync(cancellationToken).ConfigureAwait(false);
        if (!listed.TryGetValue(out var known))
        {
            if (identity.Mode == TradingMode.Live)
            {
                throw new InvalidOperationException($"The exchange's instruments could not be read, so the pairs cannot be checked: {listed.Error}");
            }

            return;
        }

        if (known.Count == 0)
        {
            return; // an exchange that lists nothing (a simulation without instruments) accepts every pair
        }

        var pairs = known.Select(i => i.Pair).ToHashSet();
        var unknown = engine.PairsRunning.Where(p => !pairs.Contains(p)).Select(p => $"Pairs: {p} is not listed on {instruments.Exchange} ({instruments.Market}).").ToList();
        if (unknown.Count > 0)
        {
            throw new OptionsValidationException(nameof(MultiPairOptions), typeof(MultiPairOptions), unknown);
        }
    }

    private async Task ReconcileQuietlyAsync(OrderExecutor executor, CancellationToken cancellationToken)
    {
        try
        {
            await executor.ReconcileAsync(cancellationToken).ConfigureAwait(false);
            HostingLog.PeriodicReconciliation(_logger);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // A failed periodic check must not stop trading; it is logged and runs again.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            HostingLog.PeriodicReconciliationFailed(_logger, exception);
        }
    }

    private async Task PumpAsync(ChannelReader<Bar> bars, PortfolioEngine engine, SimulatedExchange? simulated, MultiPairTelemetry? telemetry, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            while (await bars.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (bars.TryRead(out var bar))
                {
                    // Paper trading: the simulated exchange fills working orders on the bar before the engine decides on it.
                    simulated?.OnBar(bar);
                    telemetry?.OnBarPosted(bar);
                    await engine.PostBarAsync(bar, cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _bars);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: bars not yet handed over are dropped.
        }
    }
}
