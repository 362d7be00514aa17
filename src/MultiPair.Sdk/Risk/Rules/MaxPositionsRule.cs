namespace MultiPair.Sdk.Risk;

/// <summary>Rejects a new position when open positions plus entries in flight already reach the maximum.</summary>
public sealed class MaxPositionsRule : RiskRule
{
    /// <summary>Gets the most positions open at once, counting orders in flight that open one.</summary>
    /// <value>The default value is <see langword="null"/>: the portfolio's <c>MaxPositions</c>. When set, at least 1.</value>
    public int? MaxPositions { get; init; }

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        var max = MaxPositions ?? snapshot.Config.MaxPositions;
        var used = snapshot.OpenPositionCount + snapshot.PendingOpenCount;
        return proposal.Intent != ProposalIntent.Open || used < max
            ? RiskDecision.Approve(proposal.Quantity)
            : RiskDecision.Reject(RiskReasonCode.MaxPositions, $"{snapshot.OpenPositionCount} positions are open and {snapshot.PendingOpenCount} are being opened; at most {max} are allowed.");
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (MaxPositions is < 1)
        {
            yield return Problem(nameof(MaxPositions), MaxPositions, "must be at least 1");
        }
    }
}
