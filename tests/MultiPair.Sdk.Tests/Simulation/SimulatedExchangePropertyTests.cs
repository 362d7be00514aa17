using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Testing;
using static MultiPair.Sdk.Tests.Simulation.SimulationHarness;

namespace MultiPair.Sdk.Tests.Simulation;

public sealed class SimulatedExchangePropertyTests
{
    private static readonly Gen<BarPlan> BarGen =
        from open in Gen.Choose(80, 120)
        from close in Gen.Choose(80, 120)
        from up in Gen.Choose(0, 10)
        from down in Gen.Choose(0, 10)
        from volume in Gen.Choose(0, 40)
        select new BarPlan(open, Math.Max(open, close) + up, Math.Min(open, close) - down, close, volume);

    private static readonly Gen<OrderPlan> OrderGen =
        from after in Gen.Choose(-1, 10)
        from side in Gen.Elements(OrderSide.Buy, OrderSide.Sell)
        from type in Gen.Elements(OrderType.Market, OrderType.Market, OrderType.Limit, OrderType.Limit, OrderType.StopMarket, OrderType.StopLimit)
        from quantity in Gen.Choose(1, 20)
        from price in Gen.Choose(75, 125)
        from offset in Gen.Choose(-5, 5)
        from timeInForce in Gen.Elements(TimeInForce.GoodTillCanceled, TimeInForce.GoodTillCanceled, TimeInForce.ImmediateOrCancel, TimeInForce.FillOrKill)
        select new OrderPlan(after, side, type, quantity, price, offset, type is OrderType.Limit or OrderType.StopLimit ? timeInForce : TimeInForce.GoodTillCanceled);

    private static readonly Gen<Scenario> ScenarioGen =
        from slippageBps in Gen.Elements(0m, 5m, 25m)
        from volumeShareSlippage in Gen.Elements(0m, 0.01m, 0.1m)
        from maxVolumeShare in Gen.Elements(0m, 0.1m, 0.5m)
        from latencyMinutes in Gen.Elements(0, 30, 90, 180)
        from barCount in Gen.Choose(2, 12)
        from bars in Gen.ArrayOf(BarGen, barCount)
        from orderCount in Gen.Choose(1, 8)
        from orders in Gen.ArrayOf(OrderGen, orderCount)
        select new Scenario(
            new SimulatedExchangeOptions { SlippageBps = slippageBps, VolumeShareSlippage = volumeShareSlippage, MaxVolumeShare = maxVolumeShare, Latency = TimeSpan.FromMinutes(latencyMinutes) },
            bars,
            orders);

    [Fact]
    public void OnBar_RandomBarsAndOrders_FillsStayInTheBarAfterTheEligibleTimeAndWithinTheQuantity()
    {
        var fills = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(ScenarioGen), (Action<Scenario>)(s => fills += Verify(s))));
        fills.ShouldBeGreaterThan(300); // the property is not vacuous
    }

    private static int Verify(Scenario scenario)
    {
        var options = scenario.Options;
        var time = new ManualTimeProvider(Start);
        var exchange = new SimulatedExchange(options, time);
        var sink = new RecordingSink();
        var sent = new Dictionary<ClientOrderId, (OrderRequest Order, DateTimeOffset EligibleFrom)>();
        var bars = scenario.Bars.Select((b, i) => new Bar(Btc, Timeframe.OneHour, Start.AddHours(i), b.Open, b.High, b.Low, b.Close, b.Volume)).ToArray();

        for (var i = -1; i < bars.Length; i++)
        {
            if (i >= 0)
            {
                time.SetUtcNow(bars[i].CloseTime);
                exchange.OnBar(bars[i]);
            }

            foreach (var plan in scenario.Orders.Where(o => o.After == i))
            {
                var order = plan.ToOrder(new ClientOrderId($"p-{sent.Count}"));
                sent.Add(order.ClientOrderId, (order, time.GetUtcNow() + options.Latency));
                exchange.Send(order, sink);
            }
        }

        foreach (var report in sink.Reports.Where(r => r.Fill is not null))
        {
            var fill = report.Fill!;
            var (order, eligibleFrom) = sent[fill.ClientOrderId];
            var bar = bars.Single(b => b.OpenTime == fill.Time);
            bar.OpenTime.ShouldBeGreaterThanOrEqualTo(eligibleFrom, "no fill on a bar opening before the order reached the book");
            var (low, high) = ((decimal)bar.Low, (decimal)bar.High);
            var price = fill.Price;
            if (order.Type is OrderType.Market or OrderType.StopMarket)
            {
                var share = bar.Volume > 0 ? Math.Min(1m, fill.Quantity / (decimal)bar.Volume) : 1m;
                var slippage = (options.SlippageBps / 10_000m) + (options.VolumeShareSlippage * share);
                price = fill.Side == OrderSide.Buy ? price / (1m + slippage) : price / (1m - slippage);
            }
            else
            {
                (fill.Side == OrderSide.Buy ? fill.Price <= order.Price : fill.Price >= order.Price).ShouldBeTrue("a limit never fills beyond its limit");
            }

            price.ShouldBeInRange(low - 0.000000001m, high + 0.000000001m, $"{fill} in {bar}");
            if (options.MaxVolumeShare > 0m)
            {
                fill.Quantity.ShouldBeLessThanOrEqualTo((decimal)bar.Volume * options.MaxVolumeShare);
            }
        }

        foreach (var (id, (order, _)) in sent)
        {
            var filled = sink.Reports.Where(r => r.ClientOrderId == id && r.Fill is not null).Sum(r => r.Fill!.Quantity);
            filled.ShouldBeLessThanOrEqualTo(order.Quantity);
            if (sink.Reports.Any(r => r.ClientOrderId == id && r.Status == ExecutionStatus.Filled))
            {
                filled.ShouldBe(order.Quantity);
            }
        }

        return sink.Reports.Count(r => r.Fill is not null);
    }

    public sealed record BarPlan(int Open, int High, int Low, int Close, int Volume);

    public sealed record OrderPlan(int After, OrderSide Side, OrderType Type, int Quantity, int Price, int Offset, TimeInForce TimeInForce)
    {
        public OrderRequest ToOrder(ClientOrderId id) => Type switch
        {
            OrderType.Market => OrderRequest.Market(id, Btc, Side, Quantity),
            OrderType.Limit => OrderRequest.Limit(id, Btc, Side, Quantity, Price, TimeInForce),
            OrderType.StopMarket => new OrderRequest(id, Btc, Side, OrderType.StopMarket, Quantity, stopPrice: Price),
            _ => new OrderRequest(id, Btc, Side, OrderType.StopLimit, Quantity, Price + Offset, Price, TimeInForce),
        };
    }

    public sealed record Scenario(SimulatedExchangeOptions Options, BarPlan[] Bars, OrderPlan[] Orders)
    {
        public override string ToString() =>
            $"{Options.SlippageBps}bps/{Options.VolumeShareSlippage}/{Options.MaxVolumeShare}/{Options.Latency} bars [{string.Join("; ", Bars.Select(b => b.ToString()))}] orders [{string.Join("; ", Orders.Select(o => o.ToString()))}]";
    }
}
