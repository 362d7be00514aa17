namespace MultiPair.Sdk.Exchanges.Binance.Streams;

/// <summary>
/// The status of a subscription made of several connections: Interrupted when the first connection drops, Restored when the
/// last dropped one is back, Closed once. Observers are called in order, under a lock: they must not block.
/// </summary>
internal sealed class StreamStatusTracker : IObservable<StreamStatus>
{
    private readonly Lock _gate = new();
    private readonly List<IObserver<StreamStatus>> _observers = [];
    private readonly HashSet<object> _down = [];
    private StreamStatus _status = StreamStatus.Connected;

    public StreamStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public void Interrupted(object source)
    {
        lock (_gate)
        {
            if (_status == StreamStatus.Closed || !_down.Add(source) || _down.Count != 1)
            {
                return;
            }

            Publish(StreamStatus.Interrupted);
        }
    }

    public void Restored(object source)
    {
        lock (_gate)
        {
            if (_status == StreamStatus.Closed || !_down.Remove(source) || _down.Count != 0)
            {
                return;
            }

            Publish(StreamStatus.Restored);
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            if (_status == StreamStatus.Closed)
            {
                return;
            }

            Publish(StreamStatus.Closed);
            foreach (var observer in _observers.ToArray())
            {
                observer.OnCompleted();
            }

            _observers.Clear();
        }
    }

    public IDisposable Subscribe(IObserver<StreamStatus> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            if (_status == StreamStatus.Closed)
            {
                observer.OnCompleted();
                return new Unsubscriber(this, observer);
            }

            _observers.Add(observer);
            return new Unsubscriber(this, observer);
        }
    }

    // Callers hold _gate.
    private void Publish(StreamStatus status)
    {
        _status = status;
        foreach (var observer in _observers.ToArray())
        {
            observer.OnNext(status);
        }
    }

    private void Remove(IObserver<StreamStatus> observer)
    {
        lock (_gate)
        {
            _observers.Remove(observer);
        }
    }

    private sealed class Unsubscriber(StreamStatusTracker owner, IObserver<StreamStatus> observer) : IDisposable
    {
        public void Dispose() => owner.Remove(observer);
    }
}
