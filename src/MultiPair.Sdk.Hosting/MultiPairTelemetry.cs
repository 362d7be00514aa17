using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Hosting;

/// <summary>Metrics and order spans fed by the engine's observable streams and the executor (see <see cref="MultiPairInstrumentation"/>).</summary>
internal sealed class MultiPairTelemetry : IDisposable
{
    private readonly Counter<long> _events;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _orders;
    private readonly Counter<long> _rejects;
    private readonly Counter<long> _unmatched;
    // The last few bars posted per pair (a signal may be observed after the pair's next bar was posted).
    private readonly ConcurrentDictionary<TradingPair, PostedBars> _posted = new();
    private readonly ConcurrentDictionary<ClientOrderId, Activity> _spans = new();
    private readonly ConcurrentDictionary<TradingPair, byte> _stale = new();
    private readonly List<IDisposable> _subscriptions = [];
    private double _equity;
    private double _exposure;
    private double _peak;
    private double _drawdown;

    public MultiPairTelemetry()
    {
        Meter = new Meter(MultiPairInstrumentation.MeterName, typeof(MultiPairTelemetry).Assembly.GetName().Version?.ToString());
        ActivitySource = new ActivitySource(MultiPairInstrumentation.ActivitySourceName, typeof(MultiPairTelemetry).Assembly.GetName().Version?.ToString());
        _events = Meter.CreateCounter<long>("multipair.events.processed", "{event}", "Engine events processed, by kind (bar, signal, decision, order, fill, alert).");
        _latency = Meter.CreateHistogram<double>("multipair.decision.latency", "ms", "Time from a bar being posted to the engine to the strategy's signal on it.");
        _orders = Meter.CreateCounter<long>("multipair.orders", "{order}", "Orders sent and their reports, by outcome.");
        _rejects = Meter.CreateCounter<long>("multipair.risk.rejects", "{proposal}", "Proposals the risk gate or coordinator rejected, by reason code.");
        _unmatched = Meter.CreateCounter<long>("multipair.trades.unmatched", "{trade}", "Account trades that match no tracked order (reconciliation input).");
        Meter.CreateObservableGauge("multipair.exposure.gross", () => Volatile.Read(ref _exposure), "{quote}", "Gross exposure (sum of open notionals), in the quote asset.");
        Meter.CreateObservableGauge("multipair.equity", () => Volatile.Read(ref _equity), "{quote}", "Equity, in the quote asset.");
        Meter.CreateObservableGauge("multipair.drawdown", () => Volatile.Read(ref _drawdown), "%", "Drawdown from peak equity, in percent.");
        Meter.CreateObservableGauge("multipair.pairs.stale", () => _stale.Count, "{pair}", "Pairs whose data is stale.");
    }

    public Meter Meter { get; }

    public ActivitySource ActivitySource { get; }

    public void Attach(PortfolioEngine engine, OrderExecutor? executor)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _subscriptions.Add(engine.Bars.Subscribe(_ => Count("bar")));
        _subscriptions.Add(engine.Signals.Subscribe(signal =>
        {
            Count("signal");
            if (_posted.TryGetValue(signal.Pair, out var posted) && posted.Find(signal.Time) is { } timestamp)
            {
                _latency.Record(Stopwatch.GetElapsedTime(timestamp).TotalMilliseconds);
            }
        }));
        _subscriptions.Add(engine.Decisions.Subscribe(result =>
        {
            Count("decision");
            if (!result.IsApproved)
            {
                _rejects.Add(1, new KeyValuePair<string, object?>("reason", result.Decision.Code.ToString()), new KeyValuePair<string, object?>("rule", result.Decision.Rule));
            }
        }));
        _subscriptions.Add(engine.Orders.Subscribe(OnOrder));
        _subscriptions.Add(engine.Fills.Subscribe(_ => Count("fill")));
        _subscriptions.Add(engine.Metrics.Subscribe(OnMetrics));
        _subscriptions.Add(engine.Alerts.Subscribe(alert =>
        {
            Count("alert");
            if (alert.Pair is { } pair)
            {
                if (alert.Kind == EngineAlertKind.PairStale)
                {
                    _stale[pair] = 0;
                }
                else if (alert.Kind is EngineAlertKind.PairRecovered or EngineAlertKind.PairDisabled)
                {
                    _stale.TryRemove(pair, out _);
                }
            }
        }));
        if (executor is not null)
        {
            _subscriptions.Add(executor.UnmatchedTrades.Subscribe(_ => _unmatched.Add(1)));
        }
    }

    /// <summary>Records when a bar was handed to the engine, for the decision latency.</summary>
    public void OnBarPosted(in Bar bar) => _posted.GetOrAdd(bar.Pair, static _ => new PostedBars()).Add(bar.CloseTime, Stopwatch.GetTimestamp());

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        foreach (var span in _spans.Values)
        {
            span.SetTag("multipair.status", "unfinished");
            span.Dispose();
        }

        _spans.Clear();
        Meter.Dispose();
        ActivitySource.Dispose();
    }

    private void Count(string kind) => _events.Add(1, new KeyValuePair<string, object?>("kind", kind));

    private void OnOrder(OrderEvent order)
    {
        Count("order");
        var outcome = order.Report is { } report ? report.Status.ToString() : "Sent";
        _orders.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("intent", order.Intent.ToString()));
        var id = order.Order.ClientOrderId;
        if (order.Report is null)
        {
            var previous = Activity.Current;
            var span = ActivitySource.StartActivity("order", ActivityKind.Client);
            Activity.Current = previous;
            if (span is not null)
            {
                span.SetTag("multipair.pair", order.Order.Pair.ToString());
                span.SetTag("multipair.side", order.Order.Side.ToString());
                span.SetTag("multipair.intent", order.Intent.ToString());
                span.SetTag("multipair.order_type", order.Order.Type.ToString());
                span.SetTag("multipair.client_order_id", id.ToString());
                _spans[id] = span;
            }

            return;
        }

        if (_spans.TryGetValue(id, out var active))
        {
            active.AddEvent(new ActivityEvent(order.Report.Status.ToString()));
            if (order.Report.IsFinal && _spans.TryRemove(id, out active))
            {
                active.SetTag("multipair.status", order.Report.Status.ToString());
                if (order.Report.Status == ExecutionStatus.Rejected)
                {
                    active.SetStatus(ActivityStatusCode.Error, order.Report.Reason);
                }

                active.Stop();
                active.Dispose();
            }
        }
    }

    private void OnMetrics(PortfolioMetrics metrics)
    {
        var equity = (double)metrics.TotalCapital;
        Volatile.Write(ref _equity, equity);
        Volatile.Write(ref _exposure, (double)metrics.GrossExposure);
        var peak = Math.Max(Volatile.Read(ref _peak), equity);
        Volatile.Write(ref _peak, peak);
        Volatile.Write(ref _drawdown, peak > 0d ? (peak - equity) / peak * 100d : 0d);
    }

    /// <summary>A small ring of (close time, timestamp) of the bars posted for one pair.</summary>
    private sealed class PostedBars
    {
        private const int Size = 16;
        private readonly (DateTimeOffset Close, long Timestamp)[] _ring = new (DateTimeOffset, long)[Size];
        private readonly Lock _lock = new();
        private int _next;

        public void Add(DateTimeOffset close, long timestamp)
        {
            lock (_lock)
            {
                _ring[_next] = (close, timestamp);
                _next = (_next + 1) % Size;
            }
        }

        public long? Find(DateTimeOffset close)
        {
            lock (_lock)
            {
                foreach (var (time, timestamp) in _ring)
                {
                    if (time == close && timestamp != 0)
                    {
                        return timestamp;
                    }
                }

                return null;
            }
        }
    }
}
