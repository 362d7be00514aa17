using Microsoft.Extensions.Options;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.Protections.ProtectionLedger;

namespace MultiPair.Sdk.Tests.Risk.Protections;

public sealed class HighFrequencyCooldownProtectionTests
{
    private const string Rule = nameof(HighFrequencyCooldownProtection);

    [Fact]
    public void Evaluate_SevenOpensWithinHour_LocksPairForHourFromLatestOpen()
    {
        var ledger = new ProtectionLedger();
        var rule = new HighFrequencyCooldownProtection();
        using var gate = ledger.Gate(rule);
        for (var i = 0; i < 6; i++)
        {
            ledger.Trade(Btc, TimeSpan.FromMinutes(5), 100m);
        }

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
        ledger.Open(Btc);
        var latestOpen = ledger.Now;

        var result = gate.Evaluate(Buy(Btc));

        result.ShouldBeLocked(Rule, latestOpen + TimeSpan.FromHours(1), "BTC/USDT");
        result.Decision.Message.ShouldContain("7 positions opened");
        gate.Evaluate(Buy(Eth)).ShouldBeApproved();
        ledger.ReductionsPass(gate, rule, Btc);
    }

    [Fact]
    public void Evaluate_OpensSpreadBeyondWindow_Approves()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new HighFrequencyCooldownProtection { MaxTrades = 2 });
        ledger.Open(Btc);
        ledger.Advance(TimeSpan.FromMinutes(30));
        ledger.Open(Btc);
        ledger.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromTicks(1));
        ledger.Open(Btc);

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
    }

    [Fact]
    public void Evaluate_StillOpenPositionsCount_LockEndsExactlyAfterLockDuration()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new HighFrequencyCooldownProtection { MaxTrades = 2, Window = TimeSpan.FromMinutes(10), LockDuration = TimeSpan.FromMinutes(45) });
        ledger.Open(Btc);
        ledger.Advance(TimeSpan.FromMinutes(5));
        ledger.Open(Btc);
        ledger.Advance(TimeSpan.FromMinutes(5));
        ledger.Open(Btc);

        ledger.ShouldHoldUntil(gate, Btc, Rule, ledger.Now + TimeSpan.FromMinutes(45), "BTC/USDT");
    }

    [Fact]
    public void Validate_BadSettings_ListsEverySetting()
    {
        var ledger = new ProtectionLedger();

        var error = Should.Throw<OptionsValidationException>(() => ledger.Gate(
            new HighFrequencyCooldownProtection { MaxTrades = -1, Window = TimeSpan.Zero, LockDuration = TimeSpan.FromDays(366) }));

        foreach (var setting in new[] { "MaxTrades", "Window", "LockDuration" })
        {
            error.Failures.ShouldContain(f => f.StartsWith($"{Rule}.{setting} is", StringComparison.Ordinal));
        }

        error.Failures.Count().ShouldBe(3);
    }
}
