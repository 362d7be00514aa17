using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Backtesting;

/// <summary>
/// Enumerates a bar stream on a background thread, a bounded number of batches ahead of the consumer: reading, decoding
/// and merging candle files run on one core while the backtest runs on another.
/// </summary>
/// <remarks>
/// <para>The consumer sees exactly the source's sequence. The source is enumerated (and its enumerator created and
/// disposed) on the background thread, which starts when enumeration starts. An exception of the source reaches the
/// consumer, rethrown as is (same object, with its file name and row), after every bar the source gave before it.</para>
/// <para>Disposing the enumerator stops the background thread and waits for it, so the source's files are closed when
/// <see cref="IDisposable.Dispose"/> returns. An enumerator that is never disposed leaves its (background) thread
/// waiting for room in the queue.</para>
/// </remarks>
internal sealed class BarPrefetcher : IEnumerable<Bar>
{
    /// <summary>Bars per batch: 2,048 bars (≈ 180 KB, on the large-object heap; a batch is reused, so about ten are ever allocated), about 20 bar times of 100 pairs per hand-over.</summary>
    internal const int DefaultBatchSize = 2048;

    /// <summary>Batches queued ahead of the consumer.</summary>
    internal const int DefaultDepth = 8;

    private readonly IEnumerable<Bar> _source;
    private readonly int _batchSize;
    private readonly int _depth;

    internal BarPrefetcher(IEnumerable<Bar> source, int batchSize = DefaultBatchSize, int depth = DefaultDepth)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _source = source;
        _batchSize = batchSize;
        _depth = depth;
    }

    /// <summary>Gets whether prefetching can overlap with the consumer: more than one processor.</summary>
    internal static bool IsWorthwhile => Environment.ProcessorCount > 1;

    /// <inheritdoc />
    public IEnumerator<Bar> GetEnumerator() => new Enumerator(_source, _batchSize, _depth);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private readonly record struct Batch(Bar[] Bars, int Count);

    private sealed class Enumerator : IEnumerator<Bar>, IBarBlockReader
    {
        private readonly IEnumerable<Bar> _source;
        private readonly int _batchSize;
        private readonly BlockingCollection<Batch> _full;
        private readonly ConcurrentQueue<Bar[]> _free = new();
        private readonly CancellationTokenSource _stop = new();
        private Thread? _thread;
        private ExceptionDispatchInfo? _error;
        private Bar[] _bars = [];
        private int _count;
        private int _index;
        private bool _finished;
        private bool _disposed;

        public Enumerator(IEnumerable<Bar> source, int batchSize, int depth)
        {
            _source = source;
            _batchSize = batchSize;
            _full = new BlockingCollection<Batch>(new ConcurrentQueue<Batch>(), depth);
        }

        public Bar Current => _bars[_index];

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_index + 1 < _count)
            {
                _index++;
                return true;
            }

            return NextBatch();
        }

        public bool TryReadBlock(out ReadOnlySpan<Bar> bars)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var from = _index + 1;
            if (from >= _count)
            {
                if (!NextBatch())
                {
                    bars = default;
                    return false;
                }

                from = 0;
            }

            bars = _bars.AsSpan(from, _count - from);
            _index = _count - 1;
            return true;
        }

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stop.Cancel();
            _thread?.Join();
            _full.Dispose();
            _stop.Dispose();
        }

        private bool NextBatch()
        {
            if (_finished)
            {
                return false;
            }

            if (_thread is null)
            {
                _thread = new Thread(Produce) { IsBackground = true, Name = "MultiPair bar prefetch" };
                _thread.Start();
            }

            if (_count > 0)
            {
                _free.Enqueue(_bars);
            }

            // GetConsumingEnumerable semantics without its allocation: Take until the producer completes the queue.
            if (_full.TryTake(out var batch, Timeout.Infinite))
            {
                _bars = batch.Bars;
                _count = batch.Count;
                _index = 0;
                return true;
            }

            _finished = true;
            _bars = [];
            _count = 0;
            _index = 0;
            _error?.Throw();
            return false;
        }

        private void Produce()
        {
            var token = _stop.Token;
            var bars = Rent();
            var count = 0;
            try
            {
                using var source = _source.GetEnumerator();
                while (source.MoveNext())
                {
                    bars[count++] = source.Current;
                    if (count == bars.Length)
                    {
                        token.ThrowIfCancellationRequested();
                        _full.Add(new Batch(bars, count), token);
                        bars = Rent();
                        count = 0;
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The consumer stopped: nothing to report.
                count = 0;
            }
            catch (Exception ex)
            {
                // The bars before the error still reach the consumer; the error is read after CompleteAdding, which publishes it.
                _error = ExceptionDispatchInfo.Capture(ex);
            }

            try
            {
                if (count > 0)
                {
                    _full.Add(new Batch(bars, count), token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The consumer stopped.
            }
            finally
            {
                _full.CompleteAdding();
            }
        }

        private Bar[] Rent() => _free.TryDequeue(out var bars) ? bars : new Bar[_batchSize];
    }
}
