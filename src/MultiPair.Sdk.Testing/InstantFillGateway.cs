using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Testing;

/// <summary>
/// A paper gateway for tests and demos: every market order fills completely at the latest price it was told about,
/// with a fee in the quote asset, reported synchronously. Not a market simulator (no slippage, latency or partial
/// fills): use the simulated exchange for backtests.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class InstantFillGateway : IOrderGateway
{
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<TradingPair, decimal> _prices = [];
    private readonly List<OrderRequest> _sent = [];
    private long _tradeId;

    /// <summary>Initializes a new gateway.</summary>
    /// <param name="timeProvider">The clock that stamps fills.</param>
    /// <param name="feePercent">The fee, in percent of the notional, charged in the quote asset.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="feePercent"/> is negative.</exception>
    public InstantFillGateway(TimeProvider timeProvider, decimal feePercent = 0m)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(feePercent);
        _timeProvider = timeProvider;
        FeePercent = feePercent;
    }

    /// <summary>Gets the fee, in percent of the notional.</summary>
    public decimal FeePercent { get; }

    /// <summary>Gets every order sent, in order.</summary>
    public IReadOnlyList<OrderRequest> Sent => _sent;

    /// <summary>Gets or sets a value indicating whether orders are rejected instead of filled.</summary>
    public bool RejectAll { get; set; }

    /// <summary>Tells the gateway a pair's latest price (market orders fill there).</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="price">The price.</param>
    public void SetPrice(TradingPair pair, decimal price) => _prices[pair] = price;

    /// <inheritdoc />
    public void Send(OrderRequest order, IExecutionSink sink)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(sink);
        _sent.Add(order);
        var now = _timeProvider.GetUtcNow();
        var price = order.Price ?? (_prices.TryGetValue(order.Pair, out var last) ? last : 0m);
        if (RejectAll || price <= 0m)
        {
            sink.Report(new ExecutionReport(order.ClientOrderId, ExecutionStatus.Rejected, now) { Reason = RejectAll ? "Rejected by the test gateway." : "No price known." });
            return;
        }

        var fee = Fee.InQuote(decimal.Round(order.Quantity * price * FeePercent / 100m, 8));
        var fill = new Fill((++_tradeId).ToString(System.Globalization.CultureInfo.InvariantCulture), order.ClientOrderId, order.Pair, order.Side, price, order.Quantity, fee, now) { Sleeve = order.Strategy };
        sink.Report(new ExecutionReport(order.ClientOrderId, ExecutionStatus.Accepted, now));
        sink.Report(new ExecutionReport(order.ClientOrderId, ExecutionStatus.Filled, now) { Fill = fill });
    }

    /// <inheritdoc />
    public void Cancel(ClientOrderId clientOrderId, IExecutionSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        sink.Report(new ExecutionReport(clientOrderId, ExecutionStatus.Cancelled, _timeProvider.GetUtcNow()) { Reason = "Cancelled." });
    }
}
