using Microsoft.Extensions.Options;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.Protections.ProtectionLedger;

namespace MultiPair.Sdk.Tests.Risk.Protections;

public sealed class StopLossGuardProtectionTests
{
    private const string Rule = nameof(StopLossGuardProtection);
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(10);

    [Fact]
    public void Evaluate_ThreeStopOutsWithinHour_LocksPairTwoHoursFromLast()
    {
        var ledger = new ProtectionLedger();
        var rule = new StopLossGuardProtection();
        using var gate = ledger.Gate(rule);
        ledger.Trade(Btc, Hold, 95m, ExitReason.StopLoss);
        ledger.Trade(Btc, Hold, 95m, ExitReason.StopLoss);
        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
        ledger.Trade(Btc, Hold, 95m, ExitReason.StopLoss);
        var until = ledger.Now + TimeSpan.FromHours(2);

        var result = gate.Evaluate(Buy(Btc));

        result.ShouldBeLocked(Rule, until, "BTC/USDT");
        result.Decision.Message.ShouldContain("3 stop-outs");
        gate.Evaluate(Buy(Eth)).ShouldBeApproved();
        ledger.ReductionsPass(gate, rule, Btc);
        ledger.ShouldHoldUntil(gate, Btc, Rule, until, "BTC/USDT");
    }

    [Fact]
    public void Evaluate_TrailingStopCountsOtherExitsDoNot_LocksOnTrailingStop()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new StopLossGuardProtection());
        ledger.Trade(Btc, Hold, 95m, ExitReason.StopLoss);
        ledger.Trade(Btc, Hold, 95m, ExitReason.Signal);
        ledger.Trade(Btc, Hold, 95m, ExitReason.TakeProfit);
        ledger.Trade(Btc, Hold, 95m, ExitReason.Liquidation);
        ledger.Trade(Btc, Hold, 95m, ExitReason.StopLoss);
        gate.Evaluate(Buy(Btc)).ShouldBeApproved();

        ledger.Trade(Btc, Hold, 105m, ExitReason.TrailingStop);

        gate.Evaluate(Buy(Btc)).ShouldBeLocked(Rule, ledger.Now + TimeSpan.FromHours(2), "BTC/USDT");
    }

    [Fact]
    public void Evaluate_StopOutsSpreadBeyondLookback_Approves()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new StopLossGuardProtection());
        ledger.Trade(Btc, Hold, 95m, ExitReason.StopLoss);
        ledger.Advance(TimeSpan.FromMinutes(25));
        ledger.Trade(Btc, Hold, 95m, ExitReason.StopLoss);
        ledger.Advance(TimeSpan.FromMinutes(25));
        ledger.Trade(Btc, Hold + TimeSpan.FromTicks(1), 95m, ExitReason.StopLoss);

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
    }

    [Fact]
    public void Evaluate_StopOutsAcrossPairsLockAllPairs_LocksEveryPair()
    {
        var ledger = new ProtectionLedger();
        using var perPair = ledger.Gate(new StopLossGuardProtection());
        using var gate = ledger.Gate(new StopLossGuardProtection { LockAllPairs = true, MaxStopLosses = 2 });
        ledger.Trade(Btc, Hold, 95m, ExitReason.StopLoss);
        ledger.Trade(Eth, Hold, 95m, ExitReason.TrailingStop);
        var until = ledger.Now + TimeSpan.FromHours(2);

        perPair.Evaluate(Buy(Sol)).ShouldBeApproved();
        gate.Evaluate(Buy(Btc)).ShouldBeLocked(Rule, until, "all pairs");
        ledger.ShouldHoldUntil(gate, Sol, Rule, until, "all pairs");
    }

    [Fact]
    public void Validate_BadSettings_ListsEverySetting()
    {
        var ledger = new ProtectionLedger();

        var error = Should.Throw<OptionsValidationException>(() => ledger.Gate(
            new StopLossGuardProtection { MaxStopLosses = 0, LookbackPeriod = TimeSpan.Zero, LockDuration = TimeSpan.FromHours(-2) }));

        foreach (var setting in new[] { "MaxStopLosses", "LookbackPeriod", "LockDuration" })
        {
            error.Failures.ShouldContain(f => f.StartsWith($"{Rule}.{setting} is", StringComparison.Ordinal));
        }

        error.Failures.Count().ShouldBe(3);
    }
}
