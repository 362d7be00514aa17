using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Tests.Simulation;

namespace MultiPair.Sdk.Tests.Execution;

public sealed class OrderExecutorPropertyTests
{
    // Each case runs real async resolution with millisecond timings: few cases, many faults per case.
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(25);

    [Fact]
    public void Under_any_faults_no_order_reaches_the_exchange_twice_every_order_ends_and_every_trade_is_reported_once()
    {
        var faults = Gen.Elements<PlaceFault?>(null, null, PlaceFault.AcceptThenUnknown, PlaceFault.LostThenUnknown, PlaceFault.AcceptThenDuplicate, PlaceFault.RateLimited, PlaceFault.AcceptThenThrow);
        var gen =
            from plan in Gen.ListOf(faults, 8)
            from hidden in Gen.Choose(0, 2)
            from duplicates in Gen.Elements(true, false)
            select (plan, hidden, duplicates);

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t => Run(t.plan, t.hidden, t.duplicates).GetAwaiter().GetResult()));
    }

    private static async Task<bool> Run(IReadOnlyList<PlaceFault?> plan, int hidden, bool duplicates)
    {
        var options = ExecutorHarness.Fast();
        options.MaxSendAttempts = 5;
        await using var h = new ExecutorHarness(options);
        await h.AttachAsync();
        h.Sim.Feed(0, 100, 101, 99, 100);
        var ids = new List<ClientOrderId>();
        foreach (var fault in plan)
        {
            if (fault is { } f)
            {
                h.Api.Fail(f);
            }

            h.Api.HiddenQueries = hidden;
            ids.Add(h.Market(ids.Count % 2 == 0 ? OrderSide.Buy : OrderSide.Sell, 0.5m));
            await h.IdleAsync();
        }

        h.Sim.Feed(1, 102, 103, 101, 102);
        await h.IdleAsync();
        if (duplicates)
        {
            foreach (var trade in h.Adapter.GetAllTrades())
            {
                h.Api.Push(new Exchanges.OrderUpdate(h.Executor.GetOrder(trade.ClientOrderId!.Value)!, trade));
            }
        }

        await h.Executor.ReconcileAsync();
        await h.IdleAsync();

        var trades = h.Adapter.GetAllTrades();
        foreach (var id in ids)
        {
            h.PlacedOnExchange(id).ShouldBeLessThanOrEqualTo(1, $"{id} reached the exchange twice");
            var reports = h.Sink.Of(id);
            reports.ShouldNotBeEmpty();
            reports[^1].IsFinal.ShouldBeTrue($"{id} did not end: {string.Join(", ", reports.Select(r => r.Status))}");
            var exchangeFilled = trades.Where(x => x.ClientOrderId == id).Sum(x => x.Quantity);
            h.Sink.FillsOf(id).Sum(f => f.Quantity).ShouldBe(exchangeFilled, $"{id}: reported fills differ from the exchange's trades");
            var placed = h.PlacedOnExchange(id) == 1;
            (reports[^1].Status == ExecutionStatus.Filled).ShouldBe(placed, $"{id}: placed on the exchange = {placed}, last status {reports[^1].Status}");
        }

        return true;
    }
}
