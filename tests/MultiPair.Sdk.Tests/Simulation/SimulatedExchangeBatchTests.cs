using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Simulation;
using static MultiPair.Sdk.Tests.Simulation.SimulationHarness;

namespace MultiPair.Sdk.Tests.Simulation;

public sealed class SimulatedExchangeBatchTests
{
    private static readonly TradingPair Eth = new("ETH", "USDT");

    [Fact]
    public void OnBars_RandomStepsAndOrders_SameReportsAsOnBarPerBar()
    {
        // Per step: prices of BTC, ETH and XRP bars, then orders sent at the step's close (side, type, size).
        var step = Gen.Choose(50, 150).Three().Zip(Gen.Choose(0, 5).Zip(Gen.Choose(1, 3)).ArrayOf());
        Prop.ForAll(Arb.From(step.ArrayOf()), (Action<((int, int, int) Prices, (int Kind, int Size)[] Orders)[]>)(steps =>
        {
            var one = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0.5m, TakerFeeBps = 5m, MakerFeeBps = 2m });
            var batch = new SimulationHarness(new SimulatedExchangeOptions { MaxVolumeShare = 0.5m, TakerFeeBps = 5m, MakerFeeBps = 2m });
            for (var i = 0; i < steps.Length; i++)
            {
                var (a, b, c) = steps[i].Prices;
                Bar[] bars = [Make(i, a, Btc), Make(i, b, Eth), Make(i, c, Xrp)];
                one.Time.SetUtcNow(bars[0].OpenTime);
                batch.Time.SetUtcNow(bars[0].OpenTime);
                foreach (var bar in bars)
                {
                    one.Exchange.OnBar(bar);
                }

                batch.Exchange.OnBars(bars);
                one.Time.SetUtcNow(bars[0].CloseTime);
                batch.Time.SetUtcNow(bars[0].CloseTime);
                foreach (var (kind, size) in steps[i].Orders)
                {
                    foreach (var h in new[] { one, batch })
                    {
                        var pair = (kind % 3) switch { 0 => Btc, 1 => Eth, _ => Xrp };
                        var side = kind < 3 ? OrderSide.Buy : OrderSide.Sell;
                        _ = kind % 2 == 0
                            ? h.Send(OrderRequest.Market(h.NextId(), pair, side, size))
                            : h.Send(OrderRequest.Limit(h.NextId(), pair, side, size, 100m));
                    }
                }
            }

            batch.Sink.Reports.ShouldBe(one.Sink.Reports);
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void OnBars_BarOutOfOrder_ThrowsAfterProcessingTheBarsBefore()
    {
        var h = new SimulationHarness();
        h.Feed(0, 100, 110, 90, 105);
        var id = h.Market(OrderSide.Buy, 1m);

        Bar[] bars = [Bar(1, 106, 108, 104, 107), Bar(0, 100, 110, 90, 105, pair: Xrp), Bar(0, 100, 110, 90, 105)];
        Should.Throw<ArgumentException>(() => h.Exchange.OnBars(bars)).Message.ShouldContain("time order");

        h.LastStatus(id).ShouldBe(ExecutionStatus.Filled);
    }

    private static Bar Make(int index, int price, TradingPair pair) =>
        new(pair, Timeframe.OneHour, Start.AddHours(index), price, price + 5, price - 5, price + 1, 10);
}
