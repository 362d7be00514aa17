using System.Globalization;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Execution;

/// <summary>
/// Flattens an account on the exchange: cancels every resting order (also on pairs holding no position) and closes every
/// position with reduce-only market orders, round after round until the exchange reports nothing open.
/// </summary>
/// <remarks>
/// Closing orders go through an <see cref="OrderExecutor"/>, so an unknown outcome is resolved before anything is sent again.
/// Derivatives positions come from <see cref="IPositionApi"/>; spot holdings to sell are given by the caller (the ledger's
/// open positions), since a spot balance does not say which part of it the portfolio owns.
/// </remarks>
public sealed class EmergencyLiquidator
{
    private readonly IOrderApi _orders;
    private readonly OrderExecutor _executor;
    private readonly IPositionApi? _positions;
    private readonly TimeProvider _time;
    private int _sequence;

    /// <summary>Initializes a new instance of the <see cref="EmergencyLiquidator"/> class.</summary>
    /// <param name="orders">The exchange's order capability (for listing and cancelling).</param>
    /// <param name="executor">The executor that sends the closing orders.</param>
    /// <param name="positions">The exchange's position capability (derivatives); null for spot.</param>
    /// <param name="timeProvider">The clock for the pause between rounds; null for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="orders"/> or <paramref name="executor"/> is null.</exception>
    public EmergencyLiquidator(IOrderApi orders, OrderExecutor executor, IPositionApi? positions = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(executor);
        _orders = orders;
        _executor = executor;
        _positions = positions;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets or sets the prefix of the closing orders' client ids. Default <c>mpliq</c>.</summary>
    public string ClientOrderIdPrefix { get; set; } = "mpliq";

    /// <summary>Gets or sets the most rounds before giving up. Default 5.</summary>
    public int MaxRounds { get; set; } = 5;

    /// <summary>Gets or sets the pause between rounds. Default 1 s.</summary>
    public TimeSpan RoundDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cancels every open order and closes every position.</summary>
    /// <param name="spotHoldings">Spot quantities to sell per pair (ignored pairs hold nothing); null when there are none.</param>
    /// <param name="cancellationToken">Cancels the liquidation between steps.</param>
    /// <returns>What was done, order by order, and whether the exchange reports flat.</returns>
    public async Task<LiquidationReport> LiquidateAsync(IReadOnlyDictionary<TradingPair, decimal>? spotHoldings = null, CancellationToken cancellationToken = default)
    {
        var results = new List<LiquidationOrderResult>();
        var remainingSpot = spotHoldings?.Where(h => h.Value > 0m).ToDictionary(h => h.Key, h => h.Value) ?? [];
        for (var round = 1; round <= MaxRounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var open = await _orders.GetOpenOrdersAsync(null, cancellationToken).ConfigureAwait(false);
            var openOrders = open.TryGetValue(out var list) ? list : [];
            foreach (var order in openOrders)
            {
                var cancel = await _orders.CancelOrderAsync(order.Pair, order.ClientOrderId, cancellationToken).ConfigureAwait(false);
                var gone = cancel.Success || cancel.Error.Kind == ExchangeErrorKind.UnknownOrder;
                results.Add(new LiquidationOrderResult(order.Pair, order.ClientOrderId, LiquidationAction.Cancel, order.RemainingQuantity, gone, cancel.Error));
            }

            var closes = new List<(TradingPair Pair, OrderSide Side, decimal Quantity, bool ReduceOnly)>();
            IReadOnlyList<ExchangePosition> positions = [];
            var positionsKnown = true;
            if (_positions is not null)
            {
                var read = await _positions.GetPositionsAsync(cancellationToken).ConfigureAwait(false);
                positionsKnown = read.TryGetValue(out positions!);
                positions ??= [];
                closes.AddRange(positions.Where(p => p.Quantity > 0m).Select(p => (p.Pair, p.Side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy, p.Quantity, true)));
            }

            closes.AddRange(remainingSpot.Select(h => (h.Key, OrderSide.Sell, h.Value, false)));
            if (open.Success && openOrders.Count == 0 && positionsKnown && closes.Count == 0)
            {
                return new LiquidationReport(results, IsFlat: true, Rounds: round);
            }

            var sends = closes.Select(close => CloseAsync(close.Pair, close.Side, close.Quantity, close.ReduceOnly)).ToList();
            foreach (var (request, report) in await Task.WhenAll(sends).ConfigureAwait(false))
            {
                var filled = _executor.GetOrder(request.ClientOrderId)?.FilledQuantity ?? 0m;
                if (!request.ReduceOnly && remainingSpot.TryGetValue(request.Pair, out var left))
                {
                    left -= filled;
                    if (left <= 0m)
                    {
                        remainingSpot.Remove(request.Pair);
                    }
                    else
                    {
                        remainingSpot[request.Pair] = left;
                    }
                }

                var error = report.Status == ExecutionStatus.Filled ? null : new ExchangeError(ExchangeErrorKind.Rejected, report.Reason ?? report.Status.ToString());
                results.Add(new LiquidationOrderResult(request.Pair, request.ClientOrderId, LiquidationAction.Close, request.Quantity, report.Status == ExecutionStatus.Filled, error));
            }

            if (round < MaxRounds && RoundDelay > TimeSpan.Zero)
            {
                await Task.Delay(RoundDelay, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        return new LiquidationReport(results, IsFlat: false, Rounds: MaxRounds);
    }

    private async Task<(OrderRequest Request, ExecutionReport Report)> CloseAsync(TradingPair pair, OrderSide side, decimal quantity, bool reduceOnly)
    {
        var id = new ClientOrderId(string.Create(CultureInfo.InvariantCulture, $"{ClientOrderIdPrefix}-{_time.GetUtcNow().ToUnixTimeSeconds()}-{Interlocked.Increment(ref _sequence)}"));
        var request = OrderRequest.Market(id, pair, side, quantity, reduceOnly);
        var report = await _executor.SubmitAsync(request).ConfigureAwait(false);
        return (request, report);
    }
}
