using Microsoft.Extensions.Options;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.Protections.ProtectionLedger;

namespace MultiPair.Sdk.Tests.Risk.Protections;

public sealed class LowProfitPairLockProtectionTests
{
    private const string Rule = nameof(LowProfitPairLockProtection);
    private static readonly TimeSpan Hold = TimeSpan.FromHours(1);

    [Fact]
    public void Evaluate_PairNetLossOverTwoTrades_LocksPairOneDayFromLastClose()
    {
        var ledger = new ProtectionLedger();
        var rule = new LowProfitPairLockProtection();
        using var gate = ledger.Gate(rule);
        ledger.Trade(Btc, Hold, 99m);
        gate.Evaluate(Buy(Btc)).ShouldBeApproved(); // one trade: fewer than MinimumTrades
        ledger.Trade(Btc, Hold, 100.5m);
        var until = ledger.Now + TimeSpan.FromDays(1);

        var result = gate.Evaluate(Buy(Btc));

        result.ShouldBeLocked(Rule, until, "BTC/USDT");
        result.Decision.Message.ShouldContain("returned -0.25 %");
        gate.Evaluate(Buy(Eth)).ShouldBeApproved();
        ledger.ReductionsPass(gate, rule, Btc);
        ledger.ShouldHoldUntil(gate, Btc, Rule, until, "BTC/USDT");
    }

    [Fact]
    public void Evaluate_NetProfitAboveMinimum_Approves()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new LowProfitPairLockProtection());
        ledger.Trade(Btc, Hold, 99.5m);
        ledger.Trade(Btc, Hold, 101m);

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
    }

    [Fact]
    public void Evaluate_ProfitBelowPositiveMinimum_Locks()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new LowProfitPairLockProtection { MinimumProfitPercent = 1m, LockDuration = TimeSpan.FromHours(6) });
        ledger.Trade(Eth, Hold, 100.5m);
        ledger.Trade(Eth, Hold, 100.4m);

        ledger.ShouldHoldUntil(gate, Eth, Rule, ledger.Now + TimeSpan.FromHours(6), "ETH/USDT");
    }

    [Fact]
    public void Evaluate_EarlierLossOutsideLookback_Approves()
    {
        var ledger = new ProtectionLedger();
        using var gate = ledger.Gate(new LowProfitPairLockProtection { LookbackPeriod = TimeSpan.FromHours(3), LockDuration = TimeSpan.FromHours(1) });
        ledger.Trade(Btc, Hold, 90m);
        ledger.Advance(TimeSpan.FromHours(3));
        ledger.Trade(Btc, Hold, 101m);
        ledger.Trade(Btc, Hold, 101m);

        gate.Evaluate(Buy(Btc)).ShouldBeApproved();
    }

    [Fact]
    public void Validate_BadSettings_ListsEverySetting()
    {
        var ledger = new ProtectionLedger();

        var error = Should.Throw<OptionsValidationException>(() => ledger.Gate(new LowProfitPairLockProtection
        {
            MinimumProfitPercent = 101m,
            LookbackPeriod = TimeSpan.Zero,
            LockDuration = TimeSpan.FromDays(-1),
            MinimumTrades = 0,
        }));

        foreach (var setting in new[] { "MinimumProfitPercent", "LookbackPeriod", "LockDuration", "MinimumTrades" })
        {
            error.Failures.ShouldContain(f => f.StartsWith($"{Rule}.{setting} is", StringComparison.Ordinal));
        }

        error.Failures.Count().ShouldBe(4);
    }
}
