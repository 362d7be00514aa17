using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Backtesting;
using MultiPair.Sdk.Configuration;
using MultiPair.Sdk.DependencyInjection;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Hosting;
using MultiPair.Sdk.Hosting.Notifications;
using MultiPair.Sdk.Hosting.Replay;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs MultiPair.Sdk in a Generic Host: the background service, telemetry, notifications, startup steps and candle replay.</summary>
public static class MultiPairHostingBuilderExtensions
{
    /// <summary>
    /// Adds the <see cref="MultiPairTradingService"/> hosted service, the <c>MultiPair.Sdk</c> meter and activity source fed by the
    /// engine, and the <see cref="NotificationPublisher"/> with a log sink (unless these are registered already).
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddMultiPairTrading(...)</c>.</param>
    /// <param name="configure">Sets the hosting options; null for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IMultiPairBuilder AddHostedTrading(this IMultiPairBuilder builder, Action<MultiPairHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<MultiPairHostingOptions>()
            .Validate(o => o.ShutdownTimeout > TimeSpan.Zero, "MultiPair:Hosting ShutdownTimeout must be positive.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<MultiPairTelemetry>();
        services.TryAddSingleton(static sp => new NotificationPublisher(
            sp.GetServices<INotificationSink>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<NotificationPublisher>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSink, LogNotificationSink>());
        services.TryAddSingleton<MultiPairTradingService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MultiPairTradingService>(static sp => sp.GetRequiredService<MultiPairTradingService>()));
        return builder;
    }

    /// <summary>Posts notifications as JSON to a webhook (Telegram, Discord, Slack or your own endpoint) through <see cref="IHttpClientFactory"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the webhook's address and payload shape.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IMultiPairBuilder AddWebhookNotifications(this IMultiPairBuilder builder, Action<WebhookNotificationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<WebhookNotificationOptions>()
            .Configure(configure)
            .Validate(o => o.Url is { IsAbsoluteUri: true } url && (string.Equals(url.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal) || string.Equals(url.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal)), "The webhook Url must be an absolute http or https address.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "The webhook Timeout must be positive.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(WebhookNotificationSink.HttpClientName);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSink, WebhookNotificationSink>());
        return builder;
    }

    /// <summary>Adds a notification sink.</summary>
    /// <typeparam name="TSink">The sink type, created by the container.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IMultiPairBuilder AddNotificationSink<TSink>(this IMultiPairBuilder builder)
        where TSink : class, INotificationSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSink, TSink>());
        return builder;
    }

    /// <summary>Adds a step awaited after the store is opened and before the engine starts (restart recovery, reconciliation); steps run in registration order.</summary>
    /// <typeparam name="TStep">The step type, created by the container.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IMultiPairBuilder AddStartupStep<TStep>(this IMultiPairBuilder builder)
        where TStep : class, IPortfolioStartupStep
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IPortfolioStartupStep, TStep>();
        return builder;
    }

    /// <summary>
    /// Paper trading on history: replays the candles of a folder (<c>PAIR-TIMEFRAME.{json,csv}</c> files, in the configured timeframe) as the
    /// market data stream, at <see cref="CandleReplayOptions.ClosesPerSecond"/>, with a clock that follows the replayed bars. Pair it with
    /// <c>UseSimulatedExchange()</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The candle folder.</param>
    /// <param name="configure">Sets the pace and range; null for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    public static IMultiPairBuilder UseCandleReplay(this IMultiPairBuilder builder, string directory, Action<CandleReplayOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return builder.UseBarReplay(
            (pairs, timeframe, options) =>
            {
                var folder = new CandleFolder(directory);
                var wanted = pairs.Count == 0 ? folder.Pairs.Where(p => folder.GetTimeframes(p).Contains(timeframe)) : pairs;
                return folder.OpenMerged(wanted, timeframe, options.Start, options.End);
            },
            configure);
    }

    /// <summary>
    /// Paper trading on given bars: plays the bars a source yields (in time order) as the market data stream, with a clock that follows
    /// them. The source is called with the pairs the engine runs (or none, to find the first bar) and the configured timeframe.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="source">Yields the bars of the given pairs, oldest first.</param>
    /// <param name="configure">Sets the pace and range; null for the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IMultiPairBuilder UseBarReplay(this IMultiPairBuilder builder, Func<IReadOnlyCollection<TradingPair>, Timeframe, CandleReplayOptions, IEnumerable<Bar>> source, Action<CandleReplayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        var services = builder.Services;
        var options = services.AddOptions<CandleReplayOptions>().Validate(o => o.ClosesPerSecond >= 0 && double.IsFinite(o.ClosesPerSecond), "ClosesPerSecond must be a finite number, not negative.");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var real = TimeProvider.System;
        services.TryAddSingleton(sp =>
        {
            var replay = sp.GetRequiredService<IOptions<CandleReplayOptions>>().Value;
            var start = replay.Start;
            if (start == DateTimeOffset.MinValue)
            {
                var timeframe = Timeframe.TryParse(sp.GetRequiredService<IOptions<MultiPairOptions>>().Value.Timeframe, out var tf) ? tf : Timeframe.OneHour;
                start = source([], timeframe, replay).Select(b => (DateTimeOffset?)b.OpenTime).FirstOrDefault() ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
            }

            return new ReplayClock(real, start);
        });
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(static sp => sp.GetRequiredService<ReplayClock>()));
        services.Replace(ServiceDescriptor.Singleton<IMarketStreamApi>(sp => new ReplayMarketStream(
            source,
            sp.GetRequiredService<IOptions<CandleReplayOptions>>().Value,
            sp.GetRequiredService<ReplayClock>(),
            real)));
        return builder;
    }
}
