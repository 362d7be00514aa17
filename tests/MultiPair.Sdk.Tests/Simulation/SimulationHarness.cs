using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Tests.Simulation;

/// <summary>A simulated exchange on a manual clock, fed 1h bars of one pair, with a sink that records every report.</summary>
internal sealed class SimulationHarness
{
    public static readonly DateTimeOffset Start = new(2021, 1, 4, 0, 0, 0, TimeSpan.Zero);
    public static readonly TradingPair Btc = new("BTC", "USDT");
    public static readonly TradingPair Xrp = new("XRP", "USDT");

    /// <summary>Binance spot BTCUSDT filters: tick 0.01, step 0.00001, minQty 0.00001, min notional 10.</summary>
    public static readonly Instrument BtcSpot = new(Btc, MarketType.Spot, tickSize: 0.01m, stepSize: 0.00001m, minQuantity: 0.00001m, maxQuantity: 9000m, minNotional: 10m, minPrice: 0.01m, maxPrice: 1_000_000m);

    private int _sequence;

    public SimulationHarness(SimulatedExchangeOptions? options = null)
    {
        Time = new ManualTimeProvider(Start);
        Exchange = new SimulatedExchange(options ?? new SimulatedExchangeOptions { MaxVolumeShare = 0m }, Time, onFunding: Funded.Add);
    }

    public ManualTimeProvider Time { get; }

    public SimulatedExchange Exchange { get; }

    public RecordingSink Sink { get; } = new();

    public List<FundingPayment> Funded { get; } = [];

    public IEnumerable<Fill> Fills => Sink.Reports.Where(r => r.Fill is not null).Select(r => r.Fill!);

    public static Bar Bar(int index, double open, double high, double low, double close, double volume = 1_000, TradingPair? pair = null) =>
        new(pair ?? Btc, Timeframe.OneHour, Start.AddHours(index), open, high, low, close, volume);

    /// <summary>Feeds bar <paramref name="index"/> with the clock at its close, as a backtest runner does.</summary>
    public void Feed(int index, double open, double high, double low, double close, double volume = 1_000, TradingPair? pair = null)
    {
        var bar = Bar(index, open, high, low, close, volume, pair);
        if (Time.GetUtcNow() < bar.CloseTime)
        {
            Time.SetUtcNow(bar.CloseTime);
        }

        Exchange.OnBar(bar);
    }

    public ClientOrderId NextId() => new($"o-{++_sequence}");

    public ClientOrderId Send(OrderRequest order)
    {
        Exchange.Send(order, Sink);
        return order.ClientOrderId;
    }

    public ClientOrderId Market(OrderSide side, decimal quantity, bool reduceOnly = false, TradingPair? pair = null) =>
        Send(OrderRequest.Market(NextId(), pair ?? Btc, side, quantity, reduceOnly));

    public ClientOrderId Limit(OrderSide side, decimal quantity, decimal price, TimeInForce timeInForce = TimeInForce.GoodTillCanceled) =>
        Send(OrderRequest.Limit(NextId(), Btc, side, quantity, price, timeInForce));

    public ClientOrderId StopMarket(OrderSide side, decimal quantity, decimal stop) =>
        Send(new OrderRequest(NextId(), Btc, side, OrderType.StopMarket, quantity, stopPrice: stop));

    public ClientOrderId StopLimit(OrderSide side, decimal quantity, decimal stop, decimal limit, TimeInForce timeInForce = TimeInForce.GoodTillCanceled) =>
        Send(new OrderRequest(NextId(), Btc, side, OrderType.StopLimit, quantity, limit, stop, timeInForce));

    public List<ExecutionReport> ReportsOf(ClientOrderId id) => [.. Sink.Reports.Where(r => r.ClientOrderId == id)];

    public List<Fill> FillsOf(ClientOrderId id) => [.. Fills.Where(f => f.ClientOrderId == id)];

    public ExecutionStatus LastStatus(ClientOrderId id) => ReportsOf(id)[^1].Status;
}

/// <summary>Records every report, in order.</summary>
internal sealed class RecordingSink : IExecutionSink
{
    public List<ExecutionReport> Reports { get; } = [];

    public void Report(ExecutionReport report) => Reports.Add(report);
}
