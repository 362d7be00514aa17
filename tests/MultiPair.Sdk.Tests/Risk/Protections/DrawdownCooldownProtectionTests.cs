using Microsoft.Extensions.Options;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.Protections.ProtectionLedger;

namespace MultiPair.Sdk.Tests.Risk.Protections;

public sealed class DrawdownCooldownProtectionTests
{
    private const string Rule = nameof(DrawdownCooldownProtection);

    [Fact]
    public void Evaluate_RealizedLossAboveLimit_LocksAllPairsTwelveHoursFromClose()
    {
        var ledger = new ProtectionLedger(capital: 10_000m);
        var position = ledger.Open(Btc, quantity: 50m);
        ledger.Advance(TimeSpan.FromHours(1));
        ledger.Close(position, 77m); // loses 1 150, 13 % of the 8 850 left
        var closedAt = ledger.Now;
        ledger.Advance(TimeSpan.FromHours(2));
        var rule = new DrawdownCooldownProtection();
        using var gate = ledger.Gate(rule); // built after the loss: its peak is today's equity, so only the trade trigger fires

        var result = gate.Evaluate(Buy(Eth));

        result.ShouldBeLocked(Rule, closedAt + TimeSpan.FromHours(12), "all pairs");
        result.Decision.Message.ShouldContain("lost 1150");
        gate.CreateSnapshot().DrawdownPercent.ShouldBe(0m);
        gate.Evaluate(Buy(Btc)).ShouldBeLocked(Rule, closedAt + TimeSpan.FromHours(12), "all pairs");
        ledger.ReductionsPass(gate, rule, Sol);
        ledger.ShouldHoldUntil(gate, Btc, Rule, closedAt + TimeSpan.FromHours(12), "all pairs");
    }

    [Fact]
    public void Evaluate_LossesAddUpBeyondLimit_LocksAndLaterGainDoesNotLift()
    {
        var ledger = new ProtectionLedger(capital: 10_000m);
        ledger.Close(ledger.Open(Btc, quantity: 50m), 82m); // loses 900, 9.9 % of 9 100
        using var gate = ledger.Gate(new DrawdownCooldownProtection());
        gate.Evaluate(Buy(Btc)).ShouldBeApproved();

        ledger.Advance(TimeSpan.FromHours(1));
        ledger.Close(ledger.Open(Eth, quantity: 10m), 80m); // a further 200: 1 100 of 8 900
        var until = ledger.Now + TimeSpan.FromHours(12);
        gate.Evaluate(Buy(Btc)).ShouldBeLocked(Rule, until, "all pairs");

        ledger.Advance(TimeSpan.FromMinutes(1));
        ledger.Close(ledger.Open(Sol, quantity: 10m), 130m); // a later gain of 300 does not lift a lock already set
        gate.Evaluate(Buy(Btc)).ShouldBeLocked(Rule, until, "all pairs");
    }

    [Fact]
    public void Evaluate_LossesOffsetByEarlierGainInWindow_Approves()
    {
        var ledger = new ProtectionLedger(capital: 10_000m);
        ledger.Close(ledger.Open(Sol, quantity: 10m), 130m); // wins 300
        ledger.Advance(TimeSpan.FromHours(1));
        ledger.Close(ledger.Open(Btc, quantity: 50m), 82m); // loses 900
        ledger.Advance(TimeSpan.FromHours(1));
        ledger.Close(ledger.Open(Eth, quantity: 10m), 80m); // loses 200: the window nets -800, 8.7 % of 9 200
        using var gate = ledger.Gate(new DrawdownCooldownProtection());

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
    }

    [Fact]
    public void Evaluate_FewerTradesThanMinimum_Approves()
    {
        var ledger = new ProtectionLedger(capital: 10_000m);
        ledger.Close(ledger.Open(Btc, quantity: 50m), 70m);
        using var gate = ledger.Gate(new DrawdownCooldownProtection { MinimumTrades = 2 });

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
    }

    [Fact]
    public void Evaluate_LossOutsideLookback_Approves()
    {
        var ledger = new ProtectionLedger(capital: 10_000m);
        ledger.Close(ledger.Open(Btc, quantity: 50m), 70m);
        ledger.Advance(TimeSpan.FromHours(2));
        ledger.Close(ledger.Open(Btc, quantity: 10m), 99m);
        using var gate = ledger.Gate(new DrawdownCooldownProtection { LookbackPeriod = TimeSpan.FromHours(1), LockDuration = TimeSpan.FromHours(1) });

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
    }

    [Fact]
    public void Evaluate_EquityBelowPeakByMoreThanLimit_LocksWhileDrawdownLasts()
    {
        var ledger = new ProtectionLedger(capital: 10_000m);
        var rule = new DrawdownCooldownProtection();
        using var gate = ledger.Gate(rule);
        gate.Evaluate(Buy(Eth)).ShouldBeApproved(); // peak 10 000
        ledger.Open(Btc, quantity: 50m);
        ledger.Ledger.UpdatePrice(Btc, 75m).IsSuccess.ShouldBeTrue(); // equity 8 750: 12.5 % below the peak

        var result = gate.Evaluate(Buy(Eth));

        result.ShouldBeLocked(Rule, ledger.Now + TimeSpan.FromHours(12), "all pairs");
        result.Decision.Message.ShouldContain("re-evaluated continuously");
        ledger.ReductionsPass(gate, rule, Sol);
        ledger.Advance(TimeSpan.FromHours(20));
        gate.Evaluate(Buy(Sol)).ShouldBeLocked(Rule, ledger.Now + TimeSpan.FromHours(12), "all pairs");
        ledger.Ledger.UpdatePrice(Btc, 100m).IsSuccess.ShouldBeTrue();
        gate.Evaluate(Buy(Sol)).ShouldBeApproved();
    }

    [Fact]
    public void Validate_BadSettings_ListsEverySetting()
    {
        var ledger = new ProtectionLedger();

        var error = Should.Throw<OptionsValidationException>(() => ledger.Gate(new DrawdownCooldownProtection
        {
            MaxDrawdownPercent = 0m,
            LookbackPeriod = TimeSpan.FromMinutes(-5),
            LockDuration = TimeSpan.Zero,
            MinimumTrades = 0,
        }));

        foreach (var setting in new[] { "MaxDrawdownPercent", "LookbackPeriod", "LockDuration", "MinimumTrades" })
        {
            error.Failures.ShouldContain(f => f.StartsWith($"{Rule}.{setting} is", StringComparison.Ordinal));
        }

        error.Failures.Count().ShouldBe(4);
        Should.Throw<OptionsValidationException>(() => ledger.Gate(new DrawdownCooldownProtection { MaxDrawdownPercent = 100.5m }))
            .Failures.ShouldHaveSingleItem().ShouldStartWith($"{Rule}.MaxDrawdownPercent is 100.5");
    }
}
