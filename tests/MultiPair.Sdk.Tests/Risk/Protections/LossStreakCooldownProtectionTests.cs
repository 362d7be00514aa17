using Microsoft.Extensions.Options;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.Protections.ProtectionLedger;

namespace MultiPair.Sdk.Tests.Risk.Protections;

public sealed class LossStreakCooldownProtectionTests
{
    private const string Rule = nameof(LossStreakCooldownProtection);
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(30);

    [Fact]
    public void Evaluate_ThreeLossesInPair_LocksPairForFourHoursFromLastLoss()
    {
        var ledger = new ProtectionLedger();
        var rule = new LossStreakCooldownProtection();
        using var gate = ledger.Gate(rule);
        ledger.Trade(Btc, Hold, 99m);
        ledger.Trade(Btc, Hold, 98m);
        ledger.Trade(Btc, Hold, 97m);
        var lastLoss = ledger.Now;

        var result = gate.Evaluate(Buy(Btc));

        result.ShouldBeLocked(Rule, lastLoss + TimeSpan.FromHours(4), "BTC/USDT");
        result.Decision.Message.ShouldContain("3 losing trades in a row");
        gate.Evaluate(Buy(Eth)).ShouldBeApproved();
        ledger.ReductionsPass(gate, rule, Btc);
        ledger.ShouldHoldUntil(gate, Btc, Rule, lastLoss + TimeSpan.FromHours(4), "BTC/USDT");
    }

    [Fact]
    public void Evaluate_WinInsideStreak_ResetsStreak()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new LossStreakCooldownProtection());
        ledger.Trade(Btc, Hold, 99m);
        ledger.Trade(Btc, Hold, 98m);
        ledger.Trade(Btc, Hold, 101m);
        ledger.Trade(Btc, Hold, 97m);
        ledger.Trade(Btc, Hold, 96m);

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
        ledger.Trade(Btc, Hold, 95m);
        gate.Evaluate(Buy(Btc)).ShouldBeLocked(Rule, ledger.Now + TimeSpan.FromHours(4), "BTC/USDT");
    }

    [Fact]
    public void Evaluate_LossesSpreadOverPairsPerPair_Approves()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new LossStreakCooldownProtection());
        ledger.Trade(Btc, Hold, 99m);
        ledger.Trade(Eth, Hold, 99m);
        ledger.Trade(Sol, Hold, 99m);

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
        gate.Evaluate(Buy(Sol)).ShouldBeApproved();
    }

    [Fact]
    public void Evaluate_LossesSpreadOverPairsLockAllPairs_LocksEveryPair()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new LossStreakCooldownProtection { LockAllPairs = true });
        ledger.Trade(Btc, Hold, 99m);
        ledger.Trade(Eth, Hold, 99m);
        ledger.Trade(Sol, Hold, 99m);
        var until = ledger.Now + TimeSpan.FromHours(4);

        gate.Evaluate(Buy(Btc)).ShouldBeLocked(Rule, until, "all pairs");
        gate.Evaluate(Buy(Eth)).ShouldBeLocked(Rule, until, "all pairs");
        ledger.ShouldHoldUntil(gate, Sol, Rule, until, "all pairs");
    }

    [Fact]
    public void Evaluate_FirstLossBeforeLookback_Approves()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new LossStreakCooldownProtection { LookbackPeriod = TimeSpan.FromHours(2) });
        ledger.Trade(Btc, Hold, 99m);
        ledger.Advance(TimeSpan.FromHours(1));
        ledger.Trade(Btc, Hold, 99m);
        ledger.Advance(TimeSpan.FromMinutes(30));
        ledger.Trade(Btc, TimeSpan.FromTicks(1), 99m);

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
    }

    [Fact]
    public void Evaluate_LockLongerThanLookback_HoldsAfterLossesLeaveLookback()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new LossStreakCooldownProtection { LookbackPeriod = TimeSpan.FromHours(2), LockDuration = TimeSpan.FromHours(6) });
        ledger.Trade(Btc, Hold, 99m);
        ledger.Trade(Btc, Hold, 99m);
        ledger.Trade(Btc, Hold, 99m);
        var until = ledger.Now + TimeSpan.FromHours(6);
        ledger.Advance(TimeSpan.FromHours(5));

        ledger.ShouldHoldUntil(gate, Btc, Rule, until, "BTC/USDT");
    }

    [Fact]
    public void Validate_BadSettings_ListsEverySetting()
    {
        var ledger = new ProtectionLedger();

        var error = Should.Throw<OptionsValidationException>(() => ledger.Gate(
            new LossStreakCooldownProtection { Losses = 0, LookbackPeriod = TimeSpan.FromHours(-1), LockDuration = TimeSpan.Zero }));

        foreach (var setting in new[] { "Losses", "LookbackPeriod", "LockDuration" })
        {
            error.Failures.ShouldContain(f => f.StartsWith($"{Rule}.{setting} is", StringComparison.Ordinal));
        }

        error.Failures.Count().ShouldBe(3);
    }
}
