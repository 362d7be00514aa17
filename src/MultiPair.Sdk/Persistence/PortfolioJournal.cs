using System.Threading.Channels;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Persistence;

/// <summary>
/// Writes what the engine changes into an <see cref="IPortfolioStore"/>: one transaction per engine event, in order, off
/// the engine's loop. When the store fails, trading is restricted at once: <see cref="TradingState.ReduceOnly"/> for a
/// transient failure (locked, disk full) and <see cref="TradingState.Halted"/> for anything else (corrupt, fenced), and
/// the failure is published on <see cref="Failures"/>; the failed batch is kept and written again first when the store
/// answers again (transient), so nothing is skipped and nothing is half-written.
/// </summary>
public sealed class PortfolioJournal : IEngineJournal, IAsyncDisposable
{
    private readonly IPortfolioStore _store;
    private readonly PortfolioEngine _engine;
    private readonly TimeProvider _time;
    private readonly Channel<StoreBatch> _queue = Channel.CreateUnbounded<StoreBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly System.Reactive.Subjects.Subject<StoreError> _failures = new();
    private readonly Task _writer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _drained = Completed();
    private long _pending;

    /// <summary>Initializes a new instance of the <see cref="PortfolioJournal"/> class and attaches it to the engine.</summary>
    /// <param name="store">The open store.</param>
    /// <param name="engine">The engine whose changes are written.</param>
    /// <param name="timeProvider">The clock for retry delays; null for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="engine"/> is null.</exception>
    public PortfolioJournal(IPortfolioStore store, PortfolioEngine engine, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(engine);
        _store = store;
        _engine = engine;
        _time = timeProvider ?? TimeProvider.System;
        engine.AttachJournal(this);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Gets the store failures, as they happen.</summary>
    public IObservable<StoreError> Failures => _failures;

    /// <summary>Gets or sets how long to wait before writing a batch again after a transient failure. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the number of batches not written yet.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <inheritdoc />
    public void Append(StoreBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            if (_pending++ == 0)
            {
                _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        _queue.Writer.TryWrite(batch);
    }

    /// <summary>Waits until every batch handed over so far is written.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the queue is empty.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return _drained.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops after writing what is queued (waits for it).</summary>
    /// <returns>A task that completes when the writer stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        _failures.OnCompleted();
        _failures.Dispose();
        _stopping.Dispose();
    }

    private static TaskCompletionSource Completed()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    private async Task WriteLoopAsync()
    {
        await foreach (var batch in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    await _store.AppendAsync(batch, _stopping.Token).ConfigureAwait(false);
                    break;
                }
                catch (PortfolioStoreException exception) when (!_stopping.IsCancellationRequested)
                {
                    var state = exception.IsTransient ? TradingState.ReduceOnly : TradingState.Halted;
                    _engine.Post(new EngineCommand.RestrictTrading(state, $"The portfolio store failed ({exception.Kind}): {exception.Message}"));
                    _failures.OnNext(new StoreError(exception.Kind, "append", exception, _time.GetUtcNow()));
                    if (!exception.IsTransient)
                    {
                        // Nothing more can be written; keep the queue (the process should stop and recover from the store).
                        return;
                    }

                    await Task.Delay(RetryDelay, _time, _stopping.Token).ConfigureAwait(false);
                }
            }

            lock (_lock)
            {
                if (--_pending == 0)
                {
                    _drained.TrySetResult();
                }
            }
        }
    }
}
