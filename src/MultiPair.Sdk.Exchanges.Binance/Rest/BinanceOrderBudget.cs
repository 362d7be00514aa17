namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>
/// The account's new-order budget: a fixed window as Binance counts it (10 seconds on spot, 1 minute on USDⓈ-M futures),
/// corrected upwards by the <c>X-MBX-ORDER-COUNT-10S</c> / <c>-1M</c> headers and closed until the next window after error
/// -1015. New orders wait for the next window rather than exceed it; cancels and reads are not counted.
/// </summary>
internal sealed class BinanceOrderBudget
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private long _window;
    private int _used;
    private DateTimeOffset _closedUntil;

    public BinanceOrderBudget(BinanceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Window = options.EffectiveOrderCountWindow;
        Limit = Math.Max(1, (int)Math.Floor(options.EffectiveOrdersPerWindow * options.WeightBudgetShare));
    }

    /// <summary>Gets the counting window.</summary>
    public TimeSpan Window { get; }

    /// <summary>Gets the new orders this process may send per window.</summary>
    public int Limit { get; }

    /// <summary>Gets the new orders counted in the current window, as far as this process knows.</summary>
    public int Used
    {
        get
        {
            lock (_lock)
            {
                Roll(_time.GetUtcNow());
                return _used;
            }
        }
    }

    /// <summary>Counts one new order, waiting for the next window when this one is full.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                if (now < _closedUntil)
                {
                    wait = _closedUntil - now;
                }
                else
                {
                    Roll(now);
                    if (_used < Limit)
                    {
                        _used++;
                        return;
                    }

                    wait = WindowStart(_window + 1) - now;
                }
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Corrects the window with the count Binance reports (never lowers it).</summary>
    public void Observe(int count)
    {
        lock (_lock)
        {
            Roll(_time.GetUtcNow());
            _used = Math.Max(_used, count);
        }
    }

    /// <summary>Closes the budget until the next window (error -1015: the exchange counted more than this process knew).</summary>
    public void CloseWindow()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            Roll(now);
            var next = WindowStart(_window + 1);
            if (next > _closedUntil)
            {
                _closedUntil = next;
            }
        }
    }

    private DateTimeOffset WindowStart(long window) => DateTimeOffset.UnixEpoch + (Window * window);

    private void Roll(DateTimeOffset now)
    {
        var window = (now - DateTimeOffset.UnixEpoch).Ticks / Window.Ticks;
        if (window != _window)
        {
            _window = window;
            _used = 0;
        }
    }
}
