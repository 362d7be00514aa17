using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Hosting.Notifications;

/// <summary>
/// Turns engine events into <see cref="TradingNotification"/>s and delivers them to every registered <see cref="INotificationSink"/>
/// on a background pump: filled entries and exits, trading state changes (a halt is an emergency stop), booking failures
/// and unmatched trades (reconciliation mismatches), disabled pairs. Other code (reconciliation, an operator console) may
/// <see cref="Publish"/> its own.
/// </summary>
/// <remarks>Thread-safe. Publishing never blocks and never fails; a sink that throws is logged and skipped.</remarks>
public sealed class NotificationPublisher : IAsyncDisposable
{
    private readonly INotificationSink[] _sinks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<TradingNotification> _queue = Channel.CreateUnbounded<TradingNotification>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<IDisposable> _subscriptions = [];
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _pump;

    /// <summary>Initializes a new publisher.</summary>
    /// <param name="sinks">Where notifications go.</param>
    /// <param name="timeProvider">The clock stamping notifications; the system clock when null.</param>
    /// <param name="logger">Logs sink failures; none when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sinks"/> is null.</exception>
    public NotificationPublisher(IEnumerable<INotificationSink> sinks, TimeProvider? timeProvider = null, ILogger<NotificationPublisher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        _sinks = [.. sinks];
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Queues a notification for every sink.</summary>
    /// <param name="notification">The notification.</param>
    /// <exception cref="ArgumentNullException"><paramref name="notification"/> is null.</exception>
    public void Publish(TradingNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        _queue.Writer.TryWrite(notification);
    }

    /// <summary>Stops taking notifications and waits (at most <paramref name="timeout"/>) until the queued ones are delivered.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>A task that completes when delivered or timed out.</returns>
    public async Task FlushAsync(TimeSpan timeout)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _pump.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        await FlushAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _abort.Dispose();
    }

    internal void Attach(PortfolioEngine engine, RiskGate gate, OrderExecutor? executor)
    {
        _subscriptions.Add(engine.Orders.Subscribe(OnOrder));
        _subscriptions.Add(gate.StateChanges.Subscribe(change =>
        {
            var details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["from"] = change.From.ToString(),
                ["to"] = change.To.ToString(),
                ["source"] = change.Source,
                ["reason"] = change.Reason,
            };
            Publish(new TradingNotification(NotificationKind.TradingStateChanged, $"Trading state {change.From} → {change.To}: {change.Reason}", change.Time) { Details = details });
            if (change.To == TradingState.Halted)
            {
                Publish(new TradingNotification(NotificationKind.EmergencyStop, $"Trading halted: {change.Reason}", change.Time) { Details = details });
            }
        }));
        _subscriptions.Add(engine.Alerts.Subscribe(alert =>
        {
            var kind = alert.Kind switch
            {
                EngineAlertKind.BookingFailed => NotificationKind.ReconciliationMismatch,
                EngineAlertKind.PairDisabled => NotificationKind.PairDisabled,
                _ => (NotificationKind?)null,
            };
            if (kind is { } k)
            {
                Publish(new TradingNotification(k, alert.Message, alert.Time) { Pair = alert.Pair?.ToString() });
            }
        }));
        if (executor is not null)
        {
            _subscriptions.Add(executor.UnmatchedTrades.Subscribe(trade => Publish(new TradingNotification(
                NotificationKind.ReconciliationMismatch,
                $"A trade of {trade.Pair} matches no order this portfolio tracks.",
                _time.GetUtcNow())
            { Pair = trade.Pair.ToString() })));
        }
    }

    private void OnOrder(OrderEvent order)
    {
        if (order.Report is not { Status: ExecutionStatus.Filled } report)
        {
            return;
        }

        var opened = order.Intent is ProposalIntent.Open or ProposalIntent.Increase;
        var closed = order.Intent is ProposalIntent.Close or ProposalIntent.Reduce;
        if (!opened && !closed)
        {
            return;
        }

        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["side"] = order.Order.Side.ToString(),
            ["quantity"] = order.Order.Quantity.ToString(CultureInfo.InvariantCulture),
            ["intent"] = order.Intent.ToString(),
            ["clientOrderId"] = order.Order.ClientOrderId.ToString(),
        };
        if (report.Fill is { } fill)
        {
            details["price"] = fill.Price.ToString(CultureInfo.InvariantCulture);
        }

        var verb = opened ? "opened" : "closed";
        var price = report.Fill is { } f ? string.Create(CultureInfo.InvariantCulture, $" at {f.Price}") : string.Empty;
        Publish(new TradingNotification(
            opened ? NotificationKind.TradeOpened : NotificationKind.TradeClosed,
            string.Create(CultureInfo.InvariantCulture, $"{order.Order.Pair} {order.Order.Side} {order.Order.Quantity}{price} ({verb})"),
            report.Time)
        { Pair = order.Order.Pair.ToString(), Details = details });
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(_abort.Token).ConfigureAwait(false))
            {
                foreach (var sink in _sinks)
                {
                    try
                    {
                        await sink.SendAsync(notification, _abort.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !_abort.IsCancellationRequested)
                    {
                        HostingLog.NotificationFailed(_logger, e, sink.GetType().Name, notification.Kind);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Flush timed out: what is left is dropped.
        }
    }
}
