using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.Protections.ProtectionLedger;

namespace MultiPair.Sdk.Tests.Risk.Protections;

public sealed class QuickExitCooldownProtectionTests
{
    private const string Rule = nameof(QuickExitCooldownProtection);

    [Fact]
    public void Evaluate_PositionClosedWithinMaxHoldingTime_LocksPairUntilClosePlusLockDuration()
    {
        var ledger = new ProtectionLedger();
        var rule = new QuickExitCooldownProtection();
        using var gate = ledger.Gate(rule);
        ledger.Trade(Btc, TimeSpan.FromMinutes(10), 99m);
        var closedAt = ledger.Now;
        ledger.Advance(TimeSpan.FromMinutes(5));

        var result = gate.Evaluate(Buy(Btc));

        result.ShouldBeLocked(Rule, closedAt + TimeSpan.FromMinutes(60), "BTC/USDT");
        result.Decision.Message.ShouldContain("quick exit");
        gate.Evaluate(Buy(Eth)).ShouldBeApproved();
        ledger.ReductionsPass(gate, rule, Btc);
        ledger.ShouldHoldUntil(gate, Btc, Rule, closedAt + TimeSpan.FromMinutes(60), "BTC/USDT");
    }

    [Fact]
    public void Evaluate_HeldExactlyMaxHoldingTime_Locks()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new QuickExitCooldownProtection { MaxHoldingTime = TimeSpan.FromMinutes(15), LockDuration = TimeSpan.FromMinutes(30) });
        ledger.Trade(Btc, TimeSpan.FromMinutes(15), 101m);

        ledger.ShouldHoldUntil(gate, Btc, Rule, ledger.Now + TimeSpan.FromMinutes(30), "BTC/USDT");
    }

    [Fact]
    public void Evaluate_HeldLongerThanMaxHoldingTime_Approves()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new QuickExitCooldownProtection());
        ledger.Trade(Btc, TimeSpan.FromMinutes(15) + TimeSpan.FromTicks(1), 95m, ExitReason.StopLoss);

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
    }

    [Fact]
    public void Evaluate_OlderQuickExitThenLaterOne_LockEndsAfterTheLatest()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new QuickExitCooldownProtection());
        ledger.Trade(Btc, TimeSpan.FromMinutes(1), 99m);
        ledger.Advance(TimeSpan.FromMinutes(30));
        ledger.Trade(Btc, TimeSpan.FromMinutes(2), 99m);

        ledger.ShouldHoldUntil(gate, Btc, Rule, ledger.Now + TimeSpan.FromHours(1), "BTC/USDT");
    }

    [Fact]
    public void Validate_BadSettings_ListsEverySetting()
    {
        var ledger = new ProtectionLedger();

        var error = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            ledger.Gate(new QuickExitCooldownProtection { MaxHoldingTime = TimeSpan.Zero, LockDuration = TimeSpan.FromMinutes(-1) }));

        error.Failures.ShouldContain(f => f.StartsWith($"{Rule}.MaxHoldingTime is", StringComparison.Ordinal));
        error.Failures.ShouldContain(f => f.StartsWith($"{Rule}.LockDuration is", StringComparison.Ordinal));
        error.Failures.Count().ShouldBe(2);
    }
}
