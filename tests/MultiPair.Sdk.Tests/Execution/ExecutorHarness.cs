using System.Collections.Concurrent;
using System.Reactive.Subjects;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Tests.Simulation;

namespace MultiPair.Sdk.Tests.Execution;

/// <summary>What the fault-injecting API does to the next placement.</summary>
public enum PlaceFault
{
    /// <summary>The exchange accepts the order, the answer is lost: outcome unknown.</summary>
    AcceptThenUnknown,

    /// <summary>The request is lost before the exchange: outcome unknown, nothing placed.</summary>
    LostThenUnknown,

    /// <summary>The exchange accepts the order and the answer says duplicate (the first answer was lost, a retry collided).</summary>
    AcceptThenDuplicate,

    /// <summary>Refused with 429 and a Retry-After, nothing placed.</summary>
    RateLimited,

    /// <summary>The adapter throws after the exchange accepted the order.</summary>
    AcceptThenThrow,
}

/// <summary>
/// The simulated exchange's adapter with faults injected at the API boundary, the way a real network fails: answers lost
/// after the exchange acted, requests lost before it, eventually consistent queries, a user data stream that drops.
/// </summary>
internal sealed class FaultyExchange : IOrderApi, IUserDataStreamApi, IDisposable
{
    private readonly ConcurrentQueue<PlaceFault> _placeFaults = new();
    private readonly Subject<StreamStatus> _status = new();
    private Action<OrderUpdate>? _handler;
    private int _inFlight;

    public FaultyExchange(SimulatedExchangeAdapter inner) => Inner = inner;

    public SimulatedExchangeAdapter Inner { get; }

    public string Exchange => Inner.Exchange;

    public MarketType Market => Inner.Market;

    /// <summary>Gets or sets how many upcoming order queries answer "unknown order" even when the order exists.</summary>
    public int HiddenQueries { get; set; }

    /// <summary>Gets or sets a value indicating whether stream updates are dropped (the socket is down).</summary>
    public bool StreamDown { get; set; }

    /// <summary>Gets or sets an artificial delay of every call, to observe concurrency.</summary>
    public TimeSpan CallDelay { get; set; }

    public int MaxInFlight { get; private set; }

    public ConcurrentQueue<ClientOrderId> PlacementsReachingExchange { get; } = new();

    public ConcurrentQueue<(string Call, ClientOrderId Id)> Calls { get; } = new();

    public void Fail(PlaceFault fault) => _placeFaults.Enqueue(fault);

    public void Dispose() => _status.Dispose();

    public void Interrupt()
    {
        StreamDown = true;
        _status.OnNext(StreamStatus.Interrupted);
    }

    public void Restore()
    {
        StreamDown = false;
        _status.OnNext(StreamStatus.Restored);
    }

    /// <summary>Pushes an update as the stream would (also a duplicate or a reordered one).</summary>
    public void Push(OrderUpdate update) => _handler?.Invoke(update);

    public async Task<ExchangeResult<ExchangeOrder>> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken = default)
    {
        await EnterAsync("place", order.ClientOrderId).ConfigureAwait(false);
        try
        {
            if (_placeFaults.TryDequeue(out var fault))
            {
                switch (fault)
                {
                    case PlaceFault.LostThenUnknown:
                        return ExchangeResult.Fail<ExchangeOrder>(ExchangeErrorKind.OutcomeUnknown, "Timed out.");
                    case PlaceFault.RateLimited:
                        return ExchangeResult.Fail<ExchangeOrder>(new ExchangeError(ExchangeErrorKind.RateLimited, "Too many requests.") { RetryAfter = TimeSpan.FromMilliseconds(30), HttpStatus = 429 });
                }

                PlacementsReachingExchange.Enqueue(order.ClientOrderId);
                await Inner.PlaceOrderAsync(order, cancellationToken).ConfigureAwait(false);
                return fault switch
                {
                    PlaceFault.AcceptThenDuplicate => ExchangeResult.Fail<ExchangeOrder>(new ExchangeError(ExchangeErrorKind.DuplicateClientOrderId, "Duplicate order sent.") { Code = -2010 }),
                    PlaceFault.AcceptThenThrow => throw new HttpRequestException("Connection reset after sending."),
                    _ => ExchangeResult.Fail<ExchangeOrder>(new ExchangeError(ExchangeErrorKind.OutcomeUnknown, "Internal server error.") { HttpStatus = 500 }),
                };
            }

            PlacementsReachingExchange.Enqueue(order.ClientOrderId);
            return await Inner.PlaceOrderAsync(order, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Exit();
        }
    }

    public async Task<ExchangeResult<ExchangeOrder>> CancelOrderAsync(TradingPair pair, ClientOrderId clientOrderId, CancellationToken cancellationToken = default)
    {
        await EnterAsync("cancel", clientOrderId).ConfigureAwait(false);
        try
        {
            return await Inner.CancelOrderAsync(pair, clientOrderId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Exit();
        }
    }

    public async Task<ExchangeResult<ExchangeOrder>> GetOrderAsync(TradingPair pair, ClientOrderId clientOrderId, CancellationToken cancellationToken = default)
    {
        await EnterAsync("query", clientOrderId).ConfigureAwait(false);
        try
        {
            if (HiddenQueries > 0)
            {
                HiddenQueries--;
                return ExchangeResult.Fail<ExchangeOrder>(new ExchangeError(ExchangeErrorKind.UnknownOrder, "Order does not exist.") { Code = -2013 });
            }

            return await Inner.GetOrderAsync(pair, clientOrderId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Exit();
        }
    }

    public Task<ExchangeResult<IReadOnlyList<ExchangeOrder>>> GetOpenOrdersAsync(TradingPair? pair = null, CancellationToken cancellationToken = default) =>
        Inner.GetOpenOrdersAsync(pair, cancellationToken);

    public async Task<ExchangeResult<IReadOnlyList<ExchangeTrade>>> GetTradesAsync(TradingPair pair, long? fromTradeId = null, CancellationToken cancellationToken = default)
    {
        await EnterAsync("trades", default).ConfigureAwait(false);
        try
        {
            return await Inner.GetTradesAsync(pair, fromTradeId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Exit();
        }
    }

    public async Task<ExchangeResult<IStreamSubscription>> SubscribeToOrderUpdatesAsync(Action<OrderUpdate> onUpdate, CancellationToken cancellationToken = default)
    {
        _handler = onUpdate;
        var inner = await Inner.SubscribeToOrderUpdatesAsync(
            update =>
            {
                if (!StreamDown)
                {
                    onUpdate(update);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return ExchangeResult.Ok<IStreamSubscription>(new Subscription(inner.Value, _status));
    }

    private async Task EnterAsync(string call, ClientOrderId id)
    {
        Calls.Enqueue((call, id));
        var now = Interlocked.Increment(ref _inFlight);
        lock (_placeFaults)
        {
            MaxInFlight = Math.Max(MaxInFlight, now);
        }

        if (CallDelay > TimeSpan.Zero)
        {
            await Task.Delay(CallDelay).ConfigureAwait(false);
        }
    }

    private void Exit() => Interlocked.Decrement(ref _inFlight);

    private sealed class Subscription(IStreamSubscription inner, IObservable<StreamStatus> status) : IStreamSubscription
    {
        public StreamStatus Status => inner.Status;

        public IObservable<StreamStatus> StatusChanges => status;

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

/// <summary>Records every report from any thread, in arrival order.</summary>
internal sealed class ConcurrentSink : IExecutionSink
{
    private readonly List<ExecutionReport> _reports = [];

    public IReadOnlyList<ExecutionReport> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(ExecutionReport report)
    {
        lock (_reports)
        {
            _reports.Add(report);
        }
    }

    public List<ExecutionReport> Of(ClientOrderId id) => [.. Reports.Where(r => r.ClientOrderId == id)];

    public List<Fill> FillsOf(ClientOrderId id) => [.. Of(id).Where(r => r.Fill is not null).Select(r => r.Fill!)];
}

/// <summary>An order executor on the simulated exchange (manual clock for bars) behind a fault-injecting API, with fast resolution timings.</summary>
internal sealed class ExecutorHarness : IAsyncDisposable
{
    private int _sequence;

    public ExecutorHarness(OrderExecutorOptions? options = null, IExecutionJournal? journal = null)
    {
        Sim = new SimulationHarness(new SimulatedExchangeOptions
        {
            MaxVolumeShare = 0m,
            Instruments = new Dictionary<TradingPair, Instrument> { [SimulationHarness.Btc] = SimulationHarness.BtcSpot },
        });
        Adapter = new SimulatedExchangeAdapter(Sim.Exchange);
        Api = new FaultyExchange(Adapter);
        Executor = new OrderExecutor(Api, options ?? Fast(), journal: journal);
    }

    public SimulationHarness Sim { get; }

    public SimulatedExchangeAdapter Adapter { get; }

    public FaultyExchange Api { get; }

    public OrderExecutor Executor { get; }

    public ConcurrentSink Sink { get; } = new();

    public static OrderExecutorOptions Fast() => new()
    {
        QueryDelay = TimeSpan.FromMilliseconds(5),
        MaxQueryDelay = TimeSpan.FromMilliseconds(20),
        UnknownOrderGracePeriod = TimeSpan.FromMilliseconds(40),
        RetryDelay = TimeSpan.FromMilliseconds(5),
        FillSyncDelay = TimeSpan.FromMilliseconds(20),
    };

    public Task AttachAsync() => Executor.AttachUserDataStreamAsync(Api);

    public ClientOrderId NextId() => new($"t-{++_sequence}");

    public ClientOrderId Market(OrderSide side, decimal quantity, bool reduceOnly = false, TradingPair? pair = null)
    {
        var order = OrderRequest.Market(NextId(), pair ?? SimulationHarness.Btc, side, quantity, reduceOnly);
        Executor.Send(order, Sink);
        return order.ClientOrderId;
    }

    public ClientOrderId Limit(OrderSide side, decimal quantity, decimal price)
    {
        var order = OrderRequest.Limit(NextId(), SimulationHarness.Btc, side, quantity, price);
        Executor.Send(order, Sink);
        return order.ClientOrderId;
    }

    public Task IdleAsync() => Executor.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));

    public int PlacedOnExchange(ClientOrderId id) => Api.PlacementsReachingExchange.Count(p => p == id);

    public async ValueTask DisposeAsync()
    {
        await Executor.DisposeAsync();
        Api.Dispose();
    }
}
