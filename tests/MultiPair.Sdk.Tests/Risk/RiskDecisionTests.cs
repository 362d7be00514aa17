using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Tests.Risk;

public sealed class RiskDecisionTests
{
    [Fact]
    public void Approve_SameQuantityTwice_IsTheSameValueWithItsOwnScale()
    {
        var first = RiskDecision.Approve(1.5m);
        var again = RiskDecision.Approve(1.5m);
        var otherScale = RiskDecision.Approve(1.50m);
        var other = RiskDecision.Approve(2m);

        again.ShouldBe(first);
        again.Kind.ShouldBe(RiskDecisionKind.Approve);
        again.Quantity.ShouldBe(1.5m);

        // An equal quantity written with more digits keeps its digits (decimal equality ignores the scale).
        ((int)otherScale.Quantity.Scale).ShouldBe(2);
        otherScale.ToString().ShouldBe("Approve 1.50");
        RiskDecision.Approve(1.5m).ToString().ShouldBe("Approve 1.5");
        other.Quantity.ShouldBe(2m);
        RiskDecision.Approve(0m).Quantity.ShouldBe(0m);
        decimal.IsNegative(RiskDecision.Approve(-0m).Quantity).ShouldBe(decimal.IsNegative(-0m));
    }

    [Fact]
    public void Approve_ThenWith_LeavesTheHandedOutDecisionUnchanged()
    {
        var approval = RiskDecision.Approve(3m);
        var named = approval with { Rule = "MaxPositions" };

        named.Rule.ShouldBe("MaxPositions");
        RiskDecision.Approve(3m).Rule.ShouldBeNull();
        approval.Rule.ShouldBeNull();
    }
}
