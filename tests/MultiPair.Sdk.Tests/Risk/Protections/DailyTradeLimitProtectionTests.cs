using Microsoft.Extensions.Options;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.Protections.ProtectionLedger;

namespace MultiPair.Sdk.Tests.Risk.Protections;

public sealed class DailyTradeLimitProtectionTests
{
    private const string Rule = nameof(DailyTradeLimitProtection);

    [Fact]
    public void Evaluate_LimitReachedInPair_RejectsPairUntilNextMidnight()
    {
        var ledger = new ProtectionLedger(start: Start + TimeSpan.FromHours(9));
        var rule = new DailyTradeLimitProtection { MaxTradesPerDay = 3 };
        using var gate = ledger.Gate(rule);
        ledger.Trade(Btc, TimeSpan.FromHours(1), 101m);
        ledger.Trade(Btc, TimeSpan.FromHours(1), 99m);
        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
        ledger.Open(Btc);

        var result = gate.Evaluate(Buy(Btc));

        result.ShouldBeLocked(Rule, Start.AddDays(1), "BTC/USDT");
        result.Decision.Message.ShouldContain("3 positions opened");
        gate.Evaluate(Buy(Eth)).ShouldBeApproved();
        ledger.ReductionsPass(gate, rule, Btc);
        ledger.ShouldHoldUntil(gate, Btc, Rule, Start.AddDays(1), "BTC/USDT");
    }

    [Fact]
    public void Evaluate_ResetHourEight_CountsFromEightAndLocksUntilNextEight()
    {
        var ledger = new ProtectionLedger(start: Start + TimeSpan.FromHours(7));
        using var gate = ledger.Gate(new DailyTradeLimitProtection { MaxTradesPerDay = 2, ResetHourUtc = 8 });
        ledger.Open(Btc);
        ledger.Advance(TimeSpan.FromMinutes(59));
        ledger.Open(Btc);
        ledger.Advance(TimeSpan.FromMinutes(1));

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
        ledger.Open(Btc);
        ledger.Advance(TimeSpan.FromHours(3));
        ledger.Open(Btc);
        ledger.ShouldHoldUntil(gate, Btc, Rule, Start.AddDays(1).AddHours(8), "BTC/USDT");
    }

    [Fact]
    public void Evaluate_LockAllPairs_CountsEveryPairAndLocksAll()
    {
        var ledger = new ProtectionLedger(start: Start + TimeSpan.FromHours(23));
        using var gate = ledger.Gate(new DailyTradeLimitProtection { MaxTradesPerDay = 3, LockAllPairs = true });
        ledger.Open(Btc);
        ledger.Open(Eth);
        gate.Evaluate(Buy(Sol)).ShouldBeApproved();
        ledger.Open(Sol);

        gate.Evaluate(Buy(Btc)).ShouldBeLocked(Rule, Start.AddDays(1), "all pairs");
        gate.Evaluate(Buy(Eth)).ShouldBeLocked(Rule, Start.AddDays(1), "all pairs");
        ledger.ShouldHoldUntil(gate, Sol, Rule, Start.AddDays(1), "all pairs");
    }

    [Fact]
    public void Evaluate_PerPairLimitOtherPairsOpened_Approves()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new DailyTradeLimitProtection { MaxTradesPerDay = 2 });
        ledger.Open(Btc);
        ledger.Open(Eth);
        ledger.Open(Sol);

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
    }

    [Fact]
    public void Validate_BadSettings_ListsEverySetting()
    {
        var ledger = new ProtectionLedger();

        var error = Should.Throw<OptionsValidationException>(() => ledger.Gate(
            new DailyTradeLimitProtection { MaxTradesPerDay = 0, ResetHourUtc = 24 }));

        error.Failures.ShouldContain(f => f.StartsWith($"{Rule}.MaxTradesPerDay is 0", StringComparison.Ordinal));
        error.Failures.ShouldContain(f => f.StartsWith($"{Rule}.ResetHourUtc is 24", StringComparison.Ordinal));
        error.Failures.Count().ShouldBe(2);
    }
}
