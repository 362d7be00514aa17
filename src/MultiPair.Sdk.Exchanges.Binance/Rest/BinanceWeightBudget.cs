namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>
/// The request-weight budget of one IP (one base address), shared by every caller: a fixed one-minute window as Binance counts it,
/// corrected upwards by the <c>X-MBX-USED-WEIGHT-1M</c> header, paused after HTTP 429 until <c>Retry-After</c> and closed after HTTP 418.
/// Callers wait for the next window rather than exceed it.
/// </summary>
internal sealed class BinanceWeightBudget
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private long _window;
    private int _used;
    private int _waiting;
    private DateTimeOffset _pausedUntil;
    private DateTimeOffset _bannedUntil;

    public BinanceWeightBudget(BinanceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Limit = Math.Max(1, (int)Math.Floor(options.EffectiveRequestWeightPerMinute * options.WeightBudgetShare));
    }

    /// <summary>Raised once per ban (HTTP 418).</summary>
    public event EventHandler<BinanceBanEventArgs>? Banned;

    /// <summary>Gets the weight this process may use per minute.</summary>
    public int Limit { get; }

    /// <summary>Gets how many callers are waiting for weight (for tests and diagnostics).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Gets the weight used in the current window, as far as this process knows.</summary>
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

    /// <summary>Gets the end of the current ban, if any.</summary>
    public DateTimeOffset? BannedUntil
    {
        get
        {
            lock (_lock)
            {
                return _bannedUntil > _time.GetUtcNow() ? _bannedUntil : null;
            }
        }
    }

    /// <summary>Takes <paramref name="weight"/> from the budget, waiting for the next window (or the end of a pause) when needed.</summary>
    /// <returns>Null when granted; an <see cref="ExchangeErrorKind.IpBanned"/> error while a ban lasts.</returns>
    public async ValueTask<ExchangeError?> AcquireAsync(int weight, CancellationToken cancellationToken)
    {
        weight = Math.Clamp(weight, 0, Limit);
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                if (now < _bannedUntil)
                {
                    return new ExchangeError(ExchangeErrorKind.IpBanned, $"The IP is banned by Binance until {_bannedUntil:O}; no request is sent before then.")
                    {
                        RetryAfter = _bannedUntil - now,
                        HttpStatus = 418,
                    };
                }

                if (now < _pausedUntil)
                {
                    wait = _pausedUntil - now;
                }
                else
                {
                    Roll(now);
                    if (_used + weight <= Limit)
                    {
                        _used += weight;
                        return null;
                    }

                    wait = WindowStart(_window + 1) - now;
                }
            }

            Interlocked.Increment(ref _waiting);
            try
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }

    /// <summary>Corrects the window with the weight Binance reports as used (never lowers it).</summary>
    public void Observe(int usedWeight)
    {
        lock (_lock)
        {
            Roll(_time.GetUtcNow());
            _used = Math.Max(_used, usedWeight);
        }
    }

    /// <summary>Stops granting weight until <paramref name="until"/> (HTTP 429).</summary>
    public void Pause(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    /// <summary>Refuses every request until <paramref name="until"/> (HTTP 418) and raises <see cref="Banned"/>.</summary>
    public void Ban(DateTimeOffset until, string message)
    {
        lock (_lock)
        {
            if (until <= _bannedUntil)
            {
                return;
            }

            _bannedUntil = until;
        }

        Banned?.Invoke(this, new BinanceBanEventArgs(until, message));
    }

    private static DateTimeOffset WindowStart(long window) => DateTimeOffset.UnixEpoch + (Window * window);

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
