using System.Reactive.Linq;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Hosting.Replay;

/// <summary>Market data from history: plays bars (in time order) at a pace, moving the replay clock to each bar's close.</summary>
internal sealed class ReplayMarketStream(
    Func<IReadOnlyCollection<TradingPair>, Timeframe, CandleReplayOptions, IEnumerable<Bar>> source,
    CandleReplayOptions options,
    ReplayClock clock,
    TimeProvider realTime) : IMarketStreamApi
{
    public string Exchange => "replay";

    public MarketType Market => MarketType.Spot;

    public Task<ExchangeResult<IStreamSubscription>> SubscribeToClosedBarsAsync(IReadOnlyCollection<TradingPair> pairs, Timeframe timeframe, Action<Bar> onBar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(onBar);
        var subscription = new Subscription();
        subscription.Run = Task.Run(() => PlayAsync(pairs, timeframe, onBar, subscription.Stop.Token), CancellationToken.None);
        return Task.FromResult(ExchangeResult.Ok<IStreamSubscription>(subscription));
    }

    public Task<ExchangeResult<IStreamSubscription>> SubscribeToBookTickersAsync(IReadOnlyCollection<TradingPair> pairs, Action<BookTicker> onTicker, CancellationToken cancellationToken = default) =>
        Task.FromResult(ExchangeResult.Ok<IStreamSubscription>(new Subscription()));

    private async Task PlayAsync(IReadOnlyCollection<TradingPair> pairs, Timeframe timeframe, Action<Bar> onBar, CancellationToken cancellationToken)
    {
        var pause = options.ClosesPerSecond > 0 ? TimeSpan.FromSeconds(1 / options.ClosesPerSecond) : TimeSpan.Zero;
        DateTimeOffset? close = null;
        foreach (var bar in source(pairs, timeframe, options))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (close != bar.CloseTime)
            {
                if (close is not null && pause > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(pause, realTime, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                close = bar.CloseTime;
                clock.AdvanceTo(bar.CloseTime);
            }

            onBar(bar);
        }
    }

    private sealed class Subscription : IStreamSubscription
    {
        public CancellationTokenSource Stop { get; } = new();

        public Task Run { get; set; } = Task.CompletedTask;

        public StreamStatus Status => StreamStatus.Connected;

        public IObservable<StreamStatus> StatusChanges => Observable.Return(StreamStatus.Connected);

        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync().ConfigureAwait(false);
            await Run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Stop.Dispose();
        }
    }
}
