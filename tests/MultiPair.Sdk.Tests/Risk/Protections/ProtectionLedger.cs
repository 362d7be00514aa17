using System.Globalization;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Tests.Risk.Protections;

/// <summary>A real ledger on a manual clock, with helpers to trade through it and to ask a real gate about entries.</summary>
internal sealed class ProtectionLedger
{
    /// <summary>Monday 4 January 2021, midnight UTC.</summary>
    public static readonly DateTimeOffset Start = new(2021, 1, 4, 0, 0, 0, TimeSpan.Zero);

    public static readonly TradingPair Btc = new("BTC", "USDT");
    public static readonly TradingPair Eth = new("ETH", "USDT");
    public static readonly TradingPair Sol = new("SOL", "USDT");

    private int _next;

    public ProtectionLedger(decimal capital = 100_000m, DateTimeOffset? start = null)
    {
        Time = new ManualTimeProvider(start ?? Start);
        Ledger = new PortfolioManager(new PortfolioConfig { TotalCapital = capital }, Time);
        foreach (var pair in new[] { Btc, Eth, Sol })
        {
            Ledger.RegisterPair(new PairConfig { Pair = pair }).IsSuccess.ShouldBeTrue();
        }
    }

    public ManualTimeProvider Time { get; }

    public PortfolioManager Ledger { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public static OrderProposal Buy(TradingPair pair) => new() { Pair = pair, Side = OrderSide.Buy, Quantity = 1m, Price = 100m };

    public static OrderProposal CloseOf(Position position) => new()
    {
        Pair = position.Pair,
        Side = OrderSide.Sell,
        Quantity = position.Quantity,
        Price = 100m,
        Intent = ProposalIntent.Close,
        PositionId = position.Id,
    };

    public static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public Position Open(TradingPair pair, decimal quantity = 1m, decimal price = 100m)
    {
        var id = new PositionId(string.Create(CultureInfo.InvariantCulture, $"p{++_next}"));
        return Ledger.AddPosition(new OpenPositionRequest { Id = id, Pair = pair, Quantity = quantity, EntryPrice = price }).Value;
    }

    public Position Close(Position position, decimal price, ExitReason reason = ExitReason.Signal, decimal fee = 0m)
    {
        Ledger.ClosePosition(position.Id, price, Fee.InQuote(fee), reason).IsSuccess.ShouldBeTrue();
        return Ledger.GetPosition(position.Id)!;
    }

    /// <summary>Opens one unit at 100 now, holds it, and closes it at <paramref name="exitPrice"/>.</summary>
    public Position Trade(TradingPair pair, TimeSpan hold, decimal exitPrice, ExitReason reason = ExitReason.Signal)
    {
        var position = Open(pair);
        Time.Advance(hold);
        return Close(position, exitPrice, reason);
    }

    public void Advance(TimeSpan delta) => Time.Advance(delta);

    public RiskGate Gate(params IRiskRule[] rules) => new(Ledger, rules, timeProvider: Time);
}

/// <summary>Assertions shared by the protection tests.</summary>
internal static class ProtectionAssert
{
    public static void ShouldBeLocked(this GateResult result, string rule, DateTimeOffset until, string scope)
    {
        result.IsApproved.ShouldBeFalse(result.Decision.ToString());
        result.Decision.Code.ShouldBe(RiskReasonCode.Cooldown);
        result.Decision.Rule.ShouldBe(rule);
        result.Decision.Message.ShouldContain(ProtectionLedger.Iso(until));
        result.Decision.Message.ShouldContain(scope);
    }

    public static void ShouldBeApproved(this GateResult result) =>
        result.IsApproved.ShouldBeTrue(result.Decision.ToString());

    /// <summary>Locked now and one tick before <paramref name="until"/>, approved at <paramref name="until"/> (moves the clock there).</summary>
    public static void ShouldHoldUntil(this ProtectionLedger ledger, RiskGate gate, TradingPair pair, string rule, DateTimeOffset until, string scope)
    {
        gate.Evaluate(ProtectionLedger.Buy(pair)).ShouldBeLocked(rule, until, scope);
        ledger.Time.SetUtcNow(until - TimeSpan.FromTicks(1));
        gate.Evaluate(ProtectionLedger.Buy(pair)).ShouldBeLocked(rule, until, scope);
        ledger.Time.SetUtcNow(until);
        gate.Evaluate(ProtectionLedger.Buy(pair)).ShouldBeApproved();
    }

    /// <summary>A position still open in <paramref name="pair"/> can be closed through the gate, and the rule itself approves the close.</summary>
    public static void ReductionsPass(this ProtectionLedger ledger, RiskGate gate, RiskRule rule, TradingPair pair)
    {
        var position = ledger.Open(pair);
        var close = ProtectionLedger.CloseOf(position);
        gate.Evaluate(close).ShouldBeApproved();
        rule.Evaluate(close, gate.CreateSnapshot()).Kind.ShouldBe(RiskDecisionKind.Approve);
        gate.Evaluate(close with { Intent = ProposalIntent.Reduce, Quantity = 0.5m }).ShouldBeApproved();
    }
}
