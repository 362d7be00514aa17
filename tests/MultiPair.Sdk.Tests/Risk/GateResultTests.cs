using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Tests.Risk;

public sealed class GateResultTests
{
    private static readonly OrderProposal Proposal = new()
    {
        Pair = new TradingPair("BTC", "USDT"),
        Side = OrderSide.Buy,
        Quantity = 1.50m,
        Price = 100m,
    };

    [Fact]
    public void Approved_UnchangedQuantity_IsTheProposalItself()
    {
        var result = new GateResult(Proposal, RiskDecision.Approve(1.50m), []);

        result.Approved.ShouldBeSameAs(Proposal);
    }

    [Fact]
    public void Approved_ResizedOrRewrittenQuantity_IsACopyWithTheDecisionsDigits()
    {
        var resized = new GateResult(Proposal, RiskDecision.Resize(1.2m, RiskReasonCode.PositionSize, "smaller"), []).Approved!;
        var rewritten = new GateResult(Proposal, RiskDecision.Approve(1.5m), []).Approved!;

        resized.Quantity.ShouldBe(1.2m);
        resized.ShouldBe(Proposal with { Quantity = 1.2m });
        rewritten.ShouldNotBeSameAs(Proposal);
        rewritten.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe("1.5");
        new GateResult(Proposal, RiskDecision.Reject(RiskReasonCode.MaxPositions, "full"), []).Approved.ShouldBeNull();
    }
}
