using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;
using static MultiPair.Sdk.Tests.Engine.EngineHarness;

namespace MultiPair.Sdk.Tests.Engine;

public sealed class PortfolioEngineTests
{
    [Fact]
    public void ProcessBar_MoreSignalsThanSlots_EntersTheHighestRankedTogether()
    {
        using var harness = new EngineHarness(
        [
            (new PairConfig { Pair = Btc }, EnterOnce(0.9)),
            (new PairConfig { Pair = Eth }, EnterOnce(0.6)),
            (new PairConfig { Pair = Sol }, EnterOnce(0.8)),
            (new PairConfig { Pair = Xrp }, EnterOnce(0.7)),
        ],
        portfolio: new PortfolioConfig { TotalCapital = 10_000m, MaxPositions = 2, MaxPositionSizePercent = 50m });

        harness.Feed(Start, (Btc, 40_000), (Eth, 2_000), (Sol, 20));
        harness.Gateway.Sent.ShouldBeEmpty(); // XRP has not reported its bar yet: the decision waits
        harness.Feed(Start, (Xrp, 0.5));

        harness.Gateway.Sent.Select(o => o.Pair).ShouldBe([Btc, Sol]);
        harness.Ledger.GetPositions().Select(p => p.Pair).ShouldBe([Btc, Sol]);
        harness.Signals.Count.ShouldBe(4);
        harness.Decisions.Where(d => !d.IsApproved).Select(d => d.Proposal.Pair).ShouldBeEmpty(); // slot rejections carry no proposal
        harness.Fills.Count.ShouldBe(2);
        harness.Gate.Reservations.ShouldBeEmpty();
    }

    [Fact]
    public void ClientOrderIds_EntriesAndExitsCarryThePortfolioTag()
    {
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, EnterOnce(0.9, stopLoss: 95m))], clientOrderIdPrefix: "bot7");
        harness.Feed(Start, (Btc, 100));
        harness.Feed(Start.AddHours(1), (Btc, 94));

        harness.Gateway.Sent.Select(o => o.ClientOrderId.Value[..5]).ShouldBe(["bot7-", "bot7x"]);
        harness.Gateway.Sent.ShouldAllBe(o => o.ClientOrderId.Value.Length <= ClientOrderId.MaxLength);
    }

    [Fact]
    public void Report_TradeArrivingAfterTheOrderEnded_IsBookedOnce()
    {
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, EnterOnce(0.9))]);
        harness.Gateway.RejectAll = true; // the exchange "cancels" the entry; its trade arrives afterwards
        harness.Feed(Start, (Btc, 40_000));
        var order = harness.Gateway.Sent.ShouldHaveSingleItem();
        harness.Ledger.GetPositions().ShouldBeEmpty();
        harness.Gate.Reservations.ShouldBeEmpty();

        var fill = new Fill("late-1", order.ClientOrderId, Btc, OrderSide.Buy, 40_000m, 0.01m, Fee.InQuote(0.4m), Start.AddHours(1));
        harness.Engine.Report(new ExecutionReport(order.ClientOrderId, ExecutionStatus.PartiallyFilled, fill.Time) { Fill = fill });
        harness.Engine.ProcessPending();
        harness.Deliver();

        var position = harness.Ledger.GetPositions().ShouldHaveSingleItem();
        position.Quantity.ShouldBe(0.01m);
        harness.Fills.ShouldHaveSingleItem().TradeId.ShouldBe("late-1");
        harness.Gate.Reservations.ShouldBeEmpty();
    }

    [Fact]
    public void Report_TradeForACompletelyFilledOrder_IsNotBookedAgain()
    {
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, EnterOnce(0.9))]);
        harness.Feed(Start, (Btc, 40_000));
        harness.Deliver();
        var order = harness.Gateway.Sent.ShouldHaveSingleItem();
        var held = harness.Ledger.GetPositions().ShouldHaveSingleItem().Quantity;
        held.ShouldBe(order.Quantity);

        // The order filled completely and ended: no exchange trades more than an order's quantity, so a further
        // trade under its id is not the order's and is not booked.
        var stray = new Fill("stray-1", order.ClientOrderId, Btc, OrderSide.Buy, 40_000m, 0.01m, Fee.InQuote(0.4m), Start.AddHours(1));
        harness.Engine.Report(new ExecutionReport(order.ClientOrderId, ExecutionStatus.PartiallyFilled, stray.Time) { Fill = stray });
        harness.Engine.ProcessPending();
        harness.Deliver();

        harness.Ledger.GetPositions().ShouldHaveSingleItem().Quantity.ShouldBe(held);
        harness.Fills.ShouldNotContain(f => f.TradeId == "stray-1");
    }
    [Fact]
    public void ProcessBar_LongTrailingStop_RatchetsUpAndExitsWhenHit()
    {
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc, TrailingStopPercent = 5m }, EnterOnce(0.9))]);

        harness.Feed(Start, (Btc, 100));
        harness.Feed(Start.AddHours(1), (Btc, 110));
        harness.Feed(Start.AddHours(2), (Btc, 120)); // trigger 114
        harness.Feed(Start.AddHours(3), (Btc, 115)); // never loosens
        harness.Ledger.GetPositions().ShouldHaveSingleItem();
        harness.Feed(Start.AddHours(4), (Btc, 113));

        var closed = harness.Ledger.GetPositions(includeClosed: true).ShouldHaveSingleItem();
        closed.IsOpen.ShouldBeFalse();
        closed.ExitReason.ShouldBe(ExitReason.TrailingStop);
        closed.HighestPrice.ShouldBe(120m);
    }

    [Fact]
    public void ProcessBar_ShortTrailingStop_RatchetsDownAndExitsWhenHit()
    {
        using var harness = new EngineHarness([(new PairConfig { Pair = Sol, MarketType = MarketType.LinearPerpetual, Leverage = 5m, TrailingStopPercent = 10m }, EnterOnce(0.9, SignalDirection.Short))]);

        harness.Feed(Start, (Sol, 20));
        harness.Feed(Start.AddHours(1), (Sol, 15)); // trigger 16.5
        harness.Feed(Start.AddHours(2), (Sol, 16.4));
        harness.Ledger.GetPositions().ShouldHaveSingleItem().Side.ShouldBe(PositionSide.Short);
        harness.Feed(Start.AddHours(3), (Sol, 16.5));

        var closed = harness.Ledger.GetPositions(includeClosed: true).ShouldHaveSingleItem();
        closed.ExitReason.ShouldBe(ExitReason.TrailingStop);
        closed.RealizedPnl.ShouldBeGreaterThan(0m);
    }

    [Fact]
    public void ProcessBar_StopLossFromSignal_ClosesAtTheStop()
    {
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, EnterOnce(0.9, stopLoss: 95m))]);

        harness.Feed(Start, (Btc, 100));
        harness.Feed(Start.AddHours(1), (Btc, 96));
        harness.Feed(Start.AddHours(2), (Btc, 94));

        harness.Ledger.GetPositions(includeClosed: true).ShouldHaveSingleItem().ExitReason.ShouldBe(ExitReason.StopLoss);
    }

    [Fact]
    public void AdvanceTo_QuietPair_IsMarkedStaleAndItsSignalsAreNotProposed()
    {
        var eth = new ScriptedStrategy([Timeframe.OneHour], (bar, context) => context.Emit(SignalDirection.Long, 0.9));
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, new ScriptedStrategy([Timeframe.OneHour], (_, _) => null)), (new PairConfig { Pair = Eth }, eth)]);

        harness.Feed(Start, (Btc, 100), (Eth, 2_000));
        var entered = harness.Gateway.Sent.Count;
        for (var hour = 1; hour < 5; hour++)
        {
            harness.Feed(Start.AddHours(hour), (Btc, 100));
        }

        harness.Engine.AdvanceTo(harness.Time.GetUtcNow());
        harness.Deliver();

        harness.Alerts.ShouldContain(a => a.Kind == EngineAlertKind.PairStale && a.Pair == Eth);
        harness.Engine.CanEnter(Eth).ShouldBeFalse();
        entered.ShouldBe(1); // ETH entered at 00:00, before it went quiet
        harness.Feed(Start.AddHours(5), (Eth, 2_000), (Btc, 100));
        harness.Alerts.ShouldContain(a => a.Kind == EngineAlertKind.PairRecovered && a.Pair == Eth);
        harness.Engine.CanEnter(Eth).ShouldBeTrue();
    }

    [Fact]
    public void ProcessBar_HourlyInput_AggregatesFourHourBarsAcrossBoundariesAndGaps()
    {
        var strategy = new ScriptedStrategy([Timeframe.FourHours, Timeframe.OneHour], (_, _) => null);
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, strategy)]);
        double[] closes = [10, 12, 9, 11, 13, double.NaN, 15, 14];
        for (var hour = 0; hour < closes.Length; hour++)
        {
            if (!double.IsNaN(closes[hour]))
            {
                harness.Feed(Start.AddHours(hour), (Btc, closes[hour])); // 05:00 is missing
            }
        }

        harness.Engine.AdvanceTo(Start.AddHours(8));

        var fourHour = strategy.Seen.Where(b => b.Timeframe == Timeframe.FourHours).ToList();
        fourHour.Select(b => (b.OpenTime, b.Open, b.High, b.Low, b.Close)).ShouldBe(
        [
            (Start, 10.0, 12.0, 9.0, 11.0),
            (Start.AddHours(4), 13.0, 15.0, 13.0, 14.0),
        ]);
        strategy.Seen.Count(b => b.Timeframe == Timeframe.OneHour).ShouldBe(7);
        fourHour[1].Volume.ShouldBe(30.0);
    }

    [Fact]
    public void ProcessCommand_DisablePair_StopsEntriesButKeepsManagingExits()
    {
        var calls = 0;
        var eth = new ScriptedStrategy([Timeframe.OneHour], (bar, context) => ++calls >= 2 ? context.Emit(SignalDirection.Long, 0.9) : null);
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc, TrailingStopPercent = 5m }, EnterOnce(0.9)), (new PairConfig { Pair = Eth }, eth)]);
        harness.Feed(Start, (Btc, 100), (Eth, 2_000));

        harness.Engine.ProcessCommand(new EngineCommand.DisablePair(Eth, "maintenance"));
        harness.Engine.ProcessCommand(new EngineCommand.DisablePair(Btc, "maintenance"));
        harness.Feed(Start.AddHours(1), (Btc, 120), (Eth, 2_100));
        harness.Feed(Start.AddHours(2), (Btc, 100), (Eth, 2_200));

        calls.ShouldBe(1);
        harness.Ledger.GetPositions().ShouldBeEmpty(); // BTC's trailing stop still closed it
        harness.Ledger.GetPositions(includeClosed: true).ShouldHaveSingleItem().ExitReason.ShouldBe(ExitReason.TrailingStop);
        harness.Alerts.Count(a => a.Kind == EngineAlertKind.PairDisabled).ShouldBe(2);

        harness.Engine.ProcessCommand(new EngineCommand.EnablePair(Eth));
        harness.Feed(Start.AddHours(3), (Btc, 100), (Eth, 2_300));
        harness.Ledger.GetPositions().ShouldHaveSingleItem().Pair.ShouldBe(Eth);
    }

    [Fact]
    public void ProcessCommand_EmergencyStopWithFlatten_ClosesEverythingThenHalts()
    {
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, EnterOnce(0.9)), (new PairConfig { Pair = Eth }, EnterOnce(0.8))]);
        harness.Feed(Start, (Btc, 40_000), (Eth, 2_000));
        harness.Ledger.GetPositions().Count.ShouldBe(2);

        harness.Engine.ProcessCommand(new EngineCommand.EmergencyStop(Flatten: true, "operator"));
        harness.Deliver();

        harness.Gate.State.ShouldBe(TradingState.Halted);
        harness.Ledger.GetPositions().ShouldBeEmpty();
        harness.Ledger.GetPositions(includeClosed: true).ShouldAllBe(p => p.ExitReason == ExitReason.Liquidation);
        harness.Alerts.ShouldContain(a => a.Kind == EngineAlertKind.TradingStateChanged);
    }

    [Fact]
    public void ProcessCommand_EmergencyStopThenResume_BlocksEntriesUntilResumed()
    {
        var strategy = new ScriptedStrategy([Timeframe.OneHour], (bar, context) => context.Position is null ? context.Emit(SignalDirection.Long, 0.9) : null);
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, strategy)]);

        harness.Engine.ProcessCommand(new EngineCommand.EmergencyStop(Flatten: false, "operator"));
        harness.Feed(Start, (Btc, 40_000));
        harness.Gate.State.ShouldBe(TradingState.Halted);
        harness.Ledger.GetPositions().ShouldBeEmpty();

        harness.Engine.ProcessCommand(new EngineCommand.ResumeTrading("checked"));
        harness.Feed(Start.AddHours(1), (Btc, 40_000));

        harness.Ledger.GetPositions().ShouldHaveSingleItem();
    }

    [Fact]
    public void ProcessBar_ThrowingStrategy_DisablesOnlyItsPair()
    {
        var broken = new ScriptedStrategy([Timeframe.OneHour], (bar, _) => bar.Close > 100 ? throw new InvalidOperationException("bug") : null);
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, broken), (new PairConfig { Pair = Eth }, new ScriptedStrategy([Timeframe.OneHour], (_, c) => c.Emit(SignalDirection.Long, 0.9)))]);

        harness.Feed(Start, (Btc, 101), (Eth, 2_000));
        harness.Feed(Start.AddHours(1), (Btc, 102), (Eth, 2_000));

        harness.Engine.CanEnter(Btc).ShouldBeFalse();
        broken.Seen.Count.ShouldBe(1);
        harness.Alerts.ShouldContain(a => a.Kind == EngineAlertKind.PairDisabled && a.Pair == Btc && a.Message.Contains("bug", StringComparison.Ordinal));
        harness.Ledger.GetPositions().ShouldHaveSingleItem().Pair.ShouldBe(Eth);
    }

    [Fact]
    public void ProcessBar_OutOfOrderBar_IsRejectedCountedAndChangesNothing()
    {
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, new ScriptedStrategy([Timeframe.OneHour], (_, _) => null))]);
        harness.Feed(Start.AddHours(1), (Btc, 100));
        var before = harness.Ledger.GetPrice(Btc);

        harness.Engine.ProcessBar(Bar(Btc, Start, 50));
        harness.Deliver();

        harness.Engine.RejectedData.TotalRejected.ShouldBe(1);
        harness.Engine.RejectedData.ByReason[MultiPair.Sdk.MarketData.DataRejection.OutOfOrder].ShouldBe(1);
        harness.Ledger.GetPrice(Btc).ShouldBe(before);
        harness.Alerts.ShouldContain(a => a.Kind == EngineAlertKind.DataRejected);
    }

    [Fact]
    public void Streams_HistoricalScheduler_DeliverOnlyWhenTheSchedulerRuns()
    {
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, EnterOnce(0.9))]);
        var seen = new List<Signal>();
        using var subscription = harness.Engine.Signals.Subscribe(seen.Add);

        harness.Time.SetUtcNow(Start.AddHours(1));
        harness.Gateway.SetPrice(Btc, 100m);
        harness.Engine.ProcessBar(Bar(Btc, Start, 100));

        seen.ShouldBeEmpty();
        harness.Deliver();
        seen.ShouldHaveSingleItem().Pair.ShouldBe(Btc);
    }

    [Fact]
    public void ProcessCommand_AddPair_StartsTradingItWithoutTouchingOthers()
    {
        using var harness = new EngineHarness([(new PairConfig { Pair = Btc }, EnterOnce(0.9))]);
        harness.Feed(Start, (Btc, 40_000));

        harness.Engine.ProcessCommand(new EngineCommand.AddPair(new PairSetup { Pair = Eth, Strategy = EnterOnce(0.8), InputTimeframe = Timeframe.OneHour }, new PairConfig { Pair = Eth }));
        harness.Feed(Start.AddHours(1), (Btc, 40_000), (Eth, 2_000));

        harness.Engine.PairsRunning.ShouldBe([Btc, Eth], ignoreOrder: true);
        harness.Ledger.GetPositions().Select(p => p.Pair).ShouldBe([Btc, Eth]);
    }

    [Fact]
    public void ProcessBar_WithConfirmer_OnlyConfirmedTopCandidatesEnter()
    {
        var confirmer = new PairConfirmer(Eth);
        var confirmation = new SignalConfirmationGate(confirmer, new SignalConfirmationOptions { TopN = 2 });
        using var harness = new EngineHarness(
            [(new PairConfig { Pair = Btc }, EnterOnce(0.9)), (new PairConfig { Pair = Eth }, EnterOnce(0.8)), (new PairConfig { Pair = Sol }, EnterOnce(0.7))],
            confirmation: confirmation);

        harness.Feed(Start, (Btc, 40_000), (Eth, 2_000), (Sol, 20));

        confirmer.Asked.ShouldBe([Btc, Eth]); // the top two only
        harness.Ledger.GetPositions().ShouldHaveSingleItem().Pair.ShouldBe(Eth);
        confirmation.Statistics.Calls.ShouldBe(2);
    }

    /// <summary>Confirms only one pair, synchronously, and records what it was asked.</summary>
    private sealed class PairConfirmer(TradingPair confirmed) : ISignalConfirmer
    {
        public List<TradingPair> Asked { get; } = [];

        public ValueTask<SignalConfirmation> ConfirmAsync(Signal signal, CancellationToken cancellationToken = default)
        {
            Asked.Add(signal.Pair);
            return ValueTask.FromResult(new SignalConfirmation(signal.Pair == confirmed));
        }
    }
}
