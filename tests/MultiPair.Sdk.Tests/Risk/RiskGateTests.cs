using Microsoft.Extensions.Options;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.GateFixture;

namespace MultiPair.Sdk.Tests.Risk;

public sealed class RiskGateTests
{
    [Theory]
    [InlineData(0, 100, 1.0)]
    [InlineData(-1, 100, 1.0)]
    [InlineData(1, 0, 1.0)]
    [InlineData(1, -5, 1.0)]
    [InlineData(1, 100, double.NaN)]
    [InlineData(1, 100, 1.5)]
    public void Evaluate_InvalidProposal_RejectsWithInvalidProposalWithoutThrowing(double quantity, double price, double confidence)
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time);

        var result = gate.Evaluate(Buy(Eth, (decimal)quantity, (decimal)price) with { Confidence = confidence });

        result.IsApproved.ShouldBeFalse();
        result.Decision.Code.ShouldBe(RiskReasonCode.InvalidProposal);
        result.Approved.ShouldBeNull();
    }

    [Fact]
    public void Evaluate_NotionalBeyondDecimalRange_RejectsInsteadOfOverflowing()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time);

        gate.Evaluate(Buy(Eth, 1e14m, 1e14m)).Decision.Code.ShouldBe(RiskReasonCode.InvalidProposal);
    }

    [Fact]
    public void Evaluate_UnregisteredPair_RejectsWithUnknownPair()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time);

        gate.Evaluate(Buy(new MultiPair.Sdk.Markets.TradingPair("DOGE", "USDT"), 100m, 0.1m)).Decision.Code.ShouldBe(RiskReasonCode.UnknownPair);
    }

    [Fact]
    public void Submit_SecondProposal_SeesFirstReservationAndIsResizedToWhatIsLeft()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, instruments: false);

        var first = gate.Submit(Buy(Eth, 3m, 2_000m), NextId());
        var second = gate.Submit(Buy(Btc, 0.2m, 40_000m), NextId());

        first.Decision.Kind.ShouldBe(RiskDecisionKind.Approve);
        second.Decision.Kind.ShouldBe(RiskDecisionKind.Resize);
        second.Decision.Code.ShouldBe(RiskReasonCode.InsufficientCapital);
        second.Decision.Quantity.ShouldBe(0.1m);
        gate.Reservations.Count.ShouldBe(2);
        gate.CreateSnapshot().AvailableCapital.ShouldBe(0m);
        gate.Submit(Buy(Eth, 1m, 2_000m), NextId()).Decision.Code.ShouldBe(RiskReasonCode.InsufficientCapital);
    }

    [Fact]
    public void Release_Reservation_FreesItsCapital()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, instruments: false);
        var id = NextId();
        gate.Submit(Buy(Eth, 5m, 2_000m), id).IsApproved.ShouldBeTrue();

        gate.Release(id).ShouldBeTrue();

        gate.Release(id).ShouldBeFalse();
        gate.CreateSnapshot().AvailableCapital.ShouldBe(10_000m);
    }

    [Fact]
    public void ApplyFill_PartialFill_ShrinksReservationUntilFilled()
    {
        var (ledger, time) = Ledger(capital: 10_000m);
        using var gate = Gate(ledger, time, instruments: false);
        var id = NextId();
        gate.Submit(Buy(Eth, 2m, 2_000m), id);

        gate.ApplyFill(id, 0.5m).ShouldBeTrue();
        gate.Reservations.Single().Quantity.ShouldBe(1.5m);
        gate.ApplyFill(id, 1.5m).ShouldBeTrue();

        gate.Reservations.ShouldBeEmpty();
        gate.ApplyFill(id, 1m).ShouldBeFalse();
    }

    [Fact]
    public void Submit_DuplicateClientOrderId_Rejects()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, instruments: false);
        var id = NextId();
        gate.Submit(Buy(Eth, 1m, 2_000m), id).IsApproved.ShouldBeTrue();

        gate.Submit(Buy(Eth, 1m, 2_000m), id).Decision.Code.ShouldBe(RiskReasonCode.InvalidProposal);
        gate.Reservations.Count.ShouldBe(1);
    }

    [Fact]
    public void Submit_Halted_RejectsEverythingButCancels()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, instruments: false);
        var position = Fill(ledger, gate, gate.Submit(Buy(Eth, 1m, 2_000m), NextId()));
        var changes = new List<TradingStateChange>();
        using var subscription = gate.StateChanges.Subscribe(changes.Add);

        gate.SetTradingState(TradingState.Halted, "emergency stop");

        gate.Evaluate(Buy(Btc, 0.01m, 40_000m)).Decision.Code.ShouldBe(RiskReasonCode.TradingHalted);
        gate.Evaluate(Sell(Eth, 1m, 2_000m) with { Intent = ProposalIntent.Close, PositionId = position }).Decision.Code.ShouldBe(RiskReasonCode.TradingHalted);
        gate.Evaluate(new OrderProposal { Pair = Eth, Side = OrderSide.Buy, Quantity = 1m, Price = 1m, Intent = ProposalIntent.Cancel, CancelOrderId = new ClientOrderId("x") }).IsApproved.ShouldBeTrue();
        changes.ShouldHaveSingleItem().ShouldBe(new TradingStateChange(TradingState.Active, TradingState.Halted, "manual", "emergency stop", Start));
    }

    [Fact]
    public void Submit_ReduceOnly_PassesReductionsAndRejectsGrowth()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, instruments: false);
        var position = Fill(ledger, gate, gate.Submit(Buy(Eth, 1m, 2_000m), NextId()));
        gate.SetTradingState(TradingState.ReduceOnly, "daily loss");

        gate.Evaluate(Buy(Btc, 0.01m, 40_000m)).Decision.Code.ShouldBe(RiskReasonCode.ReduceOnly);
        gate.Evaluate(Buy(Eth, 0.5m, 2_000m) with { Intent = ProposalIntent.Increase, PositionId = position }).Decision.Code.ShouldBe(RiskReasonCode.ReduceOnly);
        gate.Evaluate(Sell(Eth, 0.4m, 2_000m) with { Intent = ProposalIntent.Reduce, PositionId = position }).Decision.Kind.ShouldBe(RiskDecisionKind.Approve);

        gate.SetTradingState(TradingState.Active, "resume");
        gate.Evaluate(Buy(Btc, 0.01m, 40_000m)).IsApproved.ShouldBeTrue();
    }

    [Fact]
    public void Submit_ReductionBeyondPositionAndPendingCloses_IsResizedToWhatIsLeft()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, instruments: false);
        var position = Fill(ledger, gate, gate.Submit(Buy(Eth, 1m, 2_000m), NextId()));
        gate.Submit(Sell(Eth, 0.7m, 2_000m) with { Intent = ProposalIntent.Reduce, PositionId = position }, NextId()).IsApproved.ShouldBeTrue();

        var second = gate.Submit(Sell(Eth, 0.7m, 2_000m) with { Intent = ProposalIntent.Reduce, PositionId = position }, NextId());

        second.Decision.Quantity.ShouldBe(0.3m);
        gate.Submit(Sell(Eth, 0.1m, 2_000m) with { Intent = ProposalIntent.Close, PositionId = position }, NextId()).Decision.Code.ShouldBe(RiskReasonCode.UnknownPosition);
    }

    [Fact]
    public void Submit_Close_MovesThePeakEquityAsEverySnapshotDoes()
    {
        // A reducing order is decided on a snapshot of just its position and the reservations; the equity it carries
        // still moves the peak (the drawdown rules' reference), exactly as a full snapshot at that moment would.
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, instruments: false);
        var position = Fill(ledger, gate, gate.Submit(Buy(Eth, 1m, 2_000m), NextId()));
        ledger.UpdatePrice(Eth, 2_500m).IsSuccess.ShouldBeTrue();
        var atClose = ledger.GetPortfolioMetrics().TotalCapital;

        gate.Submit(Sell(Eth, 0.5m, 2_500m) with { Intent = ProposalIntent.Reduce, PositionId = position }, NextId()).IsApproved.ShouldBeTrue();
        ledger.UpdatePrice(Eth, 2_100m).IsSuccess.ShouldBeTrue();
        var snapshot = gate.CreateSnapshot();

        snapshot.PeakEquity.ShouldBe(atClose);
        snapshot.Equity.ShouldBeLessThan(atClose);
    }

    [Fact]
    public void Submit_Reductions_DecideAsTheDryRunOnAFullSnapshot()
    {
        // Random reductions and closes against random positions and pending closes: Submit (reducing snapshot) and
        // Evaluate (full snapshot) give the same decision before the reservation is taken.
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var (ledger, time) = Ledger();
            using var gate = Gate(ledger, time, instruments: false);
            var positions = new List<PositionId>
            {
                Fill(ledger, gate, gate.Submit(Buy(Eth, 1m, 2_000m), NextId())),
                Fill(ledger, gate, gate.Submit(Buy(Btc, 0.05m, 40_000m), NextId())),
            };
            for (var step = 0; step < 6; step++)
            {
                var index = random.Next(positions.Count + 1);
                var id = index < positions.Count ? positions[index] : new PositionId("missing");
                var pair = index == 1 ? Btc : Eth;
                var price = pair == Btc ? 40_000m : 2_000m;
                var quantity = (pair == Btc ? 0.05m : 1m) * random.Next(1, 9) / 4m;
                var side = random.Next(5) == 0 ? Buy(pair, quantity, price) : Sell(pair, quantity, price);
                var proposal = side with { Intent = random.Next(2) == 0 ? ProposalIntent.Reduce : ProposalIntent.Close, PositionId = id };

                var dryRun = gate.Evaluate(proposal);
                var submitted = gate.Submit(proposal, NextId());

                submitted.Decision.Kind.ShouldBe(dryRun.Decision.Kind);
                submitted.Decision.Code.ShouldBe(dryRun.Decision.Code);
                submitted.Decision.Quantity.ShouldBe(dryRun.Decision.Quantity);
                submitted.Decision.Message.ShouldBe(dryRun.Decision.Message);
            }
        }
    }

    [Fact]
    public void Evaluate_ReductionOfMissingOrOppositePosition_RejectsWithUnknownPosition()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, instruments: false);
        var position = Fill(ledger, gate, gate.Submit(Buy(Eth, 1m, 2_000m), NextId()));

        gate.Evaluate(Sell(Eth, 1m, 2_000m) with { Intent = ProposalIntent.Close, PositionId = new PositionId("nope") }).Decision.Code.ShouldBe(RiskReasonCode.UnknownPosition);
        gate.Evaluate(Buy(Eth, 1m, 2_000m) with { Intent = ProposalIntent.Close, PositionId = position }).Decision.Code.ShouldBe(RiskReasonCode.UnknownPosition);
        gate.Evaluate(Sell(Eth, 1m, 2_000m) with { Intent = ProposalIntent.Close }).Decision.Code.ShouldBe(RiskReasonCode.InvalidProposal);
    }

    [Fact]
    public void Evaluate_ResizesCompose_SmallestWinsAndLargerIsIgnored()
    {
        var (ledger, time) = Ledger();
        var five = new FixedRule("five", p => RiskDecision.Limit(p, 5m, RiskReasonCode.PositionSize, "five"));
        var three = new FixedRule("three", p => RiskDecision.Limit(p, 3m, RiskReasonCode.PairExposure, "three"));
        var ten = new FixedRule("ten", _ => RiskDecision.Resize(10m, RiskReasonCode.GrossExposure, "ten"));
        using var gate = Gate(ledger, time, [five, three, ten], instruments: false);

        var result = gate.Evaluate(Buy(Sol, 8m, 20m));

        result.Decision.Quantity.ShouldBe(3m);
        result.Decision.Code.ShouldBe(RiskReasonCode.PairExposure);
        result.Decision.Rule.ShouldBe("three");
        result.Steps.Select(s => s.Rule).ShouldBe(["five", "three"]);
    }

    [Fact]
    public void Evaluate_RejectingRule_StopsTheChain()
    {
        var (ledger, time) = Ledger();
        var reject = new FixedRule("no", _ => RiskDecision.Reject(RiskReasonCode.LowConfidence, "no"));
        var after = new FixedRule("after", p => RiskDecision.Approve(p.Quantity));
        using var gate = Gate(ledger, time, [reject, after]);

        var result = gate.Evaluate(Buy(Eth, 1m, 2_000m));

        result.Decision.Rule.ShouldBe("no");
        after.Calls.ShouldBe(0);
    }

    [Fact]
    public void Evaluate_ThrowingRule_FailsClosed()
    {
        var (ledger, time) = Ledger();
        var broken = new FixedRule("broken", _ => throw new InvalidOperationException("boom"));
        using var gate = Gate(ledger, time, [broken]);

        var result = gate.Evaluate(Buy(Eth, 1m, 2_000m));

        result.Decision.Code.ShouldBe(RiskReasonCode.RuleFailed);
        result.Decision.Message.ShouldContain("boom");
    }

    [Fact]
    public void Evaluate_ReducingProposal_SkipsTheRuleChain()
    {
        var (ledger, time) = Ledger();
        var reject = new FixedRule("no", _ => RiskDecision.Reject(RiskReasonCode.LowConfidence, "no"));
        using var gate = Gate(ledger, time, [reject], instruments: false);
        var position = new PositionId("p");
        ledger.AddPosition(new OpenPositionRequest { Id = position, Pair = Eth, Quantity = 1m, EntryPrice = 2_000m });

        gate.Evaluate(Sell(Eth, 1m, 2_000m) with { Intent = ProposalIntent.Close, PositionId = position }).IsApproved.ShouldBeTrue();
        reject.Calls.ShouldBe(0);
    }

    [Fact]
    public void Evaluate_QuantityOffStep_IsRoundedDownToTheInstrumentStep()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time);

        var result = gate.Evaluate(Buy(Btc, 0.0123456789m, 40_000m));

        result.Decision.Quantity.ShouldBe(0.01234m);
        result.Decision.Code.ShouldBe(RiskReasonCode.ExchangeFilter);
        BtcInstrument.Validate(40_000m, result.Decision.Quantity).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Evaluate_BelowMinimumNotional_RejectsWithExchangeFilter()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time);

        var result = gate.Evaluate(Buy(Btc, 0.0002m, 40_000m));

        result.Decision.Code.ShouldBe(RiskReasonCode.ExchangeFilter);
        result.Decision.Message.ShouldContain("MinNotional");
    }

    [Fact]
    public void Constructor_BadOptionsAndRules_ListsEveryProblem()
    {
        var (ledger, time) = Ledger();
        var options = new RiskGateOptions
        {
            DailyResetHourUtc = 24,
            FeeReservePercent = -1m,
            Sleeves = [new SleeveConfig { Id = new StrategyId("a"), BudgetPercent = 70m }, new SleeveConfig { Id = new StrategyId("b"), BudgetPercent = 40m }, new SleeveConfig { Id = new StrategyId("c") }],
        };
        IRiskRule[] rules =
        [
            new MaxPositionsRule { MaxPositions = 0 },
            new MaxPositionSizeRule { MaxPercent = -5m },
            new CorrelatedExposureRule { GroupLimits = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["memes"] = 10m } },
            new DrawdownThrottleRule { ReduceFromPercent = 30m, HaltAtPercent = 20m },
        ];

        var error = Should.Throw<OptionsValidationException>(() => new RiskGate(ledger, rules, options, timeProvider: time));

        var text = string.Join("\n", error.Failures);
        text.ShouldContain("DailyResetHourUtc");
        text.ShouldContain("FeeReservePercent");
        text.ShouldContain("add up to 110");
        text.ShouldContain("Sleeve 'c' must set exactly one");
        text.ShouldContain("MaxPositionsRule.MaxPositions");
        text.ShouldContain("MaxPositionSizeRule.MaxPercent");
        text.ShouldContain("GroupLimits[memes]");
        text.ShouldContain("DrawdownThrottleRule.ReduceFromPercent");
    }

    [Fact]
    public void Evaluate_ShortEntryOnSpotPair_RejectsAsImpossible()
    {
        var (ledger, time) = Ledger();
        using var gate = Gate(ledger, time, instruments: false);

        var result = gate.Evaluate(Sell(Eth, 1m, 2_000m));

        result.Decision.Code.ShouldBe(RiskReasonCode.InvalidProposal);
        result.Decision.Message.ShouldContain("spot");
        gate.Evaluate(Sell(Sol, 10m, 20m)).IsApproved.ShouldBeTrue(); // a perpetual may be shorted
    }
}
