using System.Threading.Channels;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>
/// The seam between a warm start's history and the live closed-bar stream: subscribe the stream with <see cref="OnBar"/>
/// <em>before</em> the warm start fetches, and pass the seam to <see cref="WarmStarter.RunAsync"/>. Until the history is in
/// the engine the stream's bars are buffered; then every buffered and later bar whose open time is after the last bar of its
/// pair and timeframe already fed is posted to the engine (<see cref="PortfolioEngine.PostBarAsync"/>) in arrival order, and
/// the others are dropped: a bar that closed during the fetch is never lost and never fed twice.
/// </summary>
/// <remarks>Thread-safe: <see cref="OnBar"/> may be called from any thread and never blocks.</remarks>
public sealed class LiveBarSeam : IAsyncDisposable
{
    private readonly Channel<Bar> _buffer = Channel.CreateUnbounded<Bar>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task? _pump;
    private long _forwarded;
    private long _dropped;

    /// <summary>Gets how many stream bars were posted to the engine.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Gets how many stream bars were dropped because the history (or the stream itself) already had them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Gets a value indicating whether the history is in and bars flow to the engine.</summary>
    public bool IsReleased => Volatile.Read(ref _pump) is not null;

    /// <summary>Takes a closed bar from the live stream (pass this method as the stream's callback).</summary>
    /// <param name="bar">The closed bar.</param>
    public void OnBar(Bar bar) => _buffer.Writer.TryWrite(bar);

    /// <summary>Stops forwarding; bars still buffered are not posted.</summary>
    /// <returns>A task that completes when the forwarding stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        _buffer.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_pump is { } pump)
        {
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }
        }

        _stop.Dispose();
    }

    /// <summary>Starts posting to <paramref name="engine"/>: bars not after <paramref name="lastFed"/> of their pair and timeframe are dropped.</summary>
    internal void Release(PortfolioEngine engine, IReadOnlyDictionary<(TradingPair Pair, Timeframe Timeframe), DateTimeOffset> lastFed)
    {
        var last = new Dictionary<(TradingPair Pair, Timeframe Timeframe), DateTimeOffset>(lastFed);
        if (Interlocked.CompareExchange(ref _pump, Task.Run(() => PumpAsync(engine, last, _stop.Token)), null) is not null)
        {
            throw new InvalidOperationException("The seam was already released.");
        }
    }

    private async Task PumpAsync(PortfolioEngine engine, Dictionary<(TradingPair Pair, Timeframe Timeframe), DateTimeOffset> last, CancellationToken cancellationToken)
    {
        await foreach (var bar in _buffer.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = (bar.Pair, bar.Timeframe);
            if (last.TryGetValue(key, out var lastOpen) && bar.OpenTime <= lastOpen)
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }

            last[key] = bar.OpenTime;
            await engine.PostBarAsync(bar, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _forwarded);
        }
    }
}
