namespace MultiPair.Sdk.Risk;

/// <summary>Resizes an entry so one pair's exposure (all sleeves, positions plus entries in flight) stays under a share of equity.</summary>
public sealed class MaxPairExposureRule : RiskRule
{
    /// <summary>Gets the largest exposure of one pair, in percent of equity.</summary>
    /// <value>The default value is 25. Positive; above 100 allows leverage.</value>
    public decimal MaxPercent { get; init; } = 25m;

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        var room = RuleMath.PercentOfEquity(MaxPercent, snapshot) - snapshot.ExposureOf(proposal.Pair);
        // The message is only built when the quantity does not fit (Limit approves unchanged otherwise).
        var allowedQuantity = RuleMath.QuantityForNotional(room, proposal.Price);
        return allowedQuantity >= proposal.Quantity
            ? RiskDecision.Approve(proposal.Quantity)
            : RiskDecision.Limit(proposal, allowedQuantity, RiskReasonCode.PairExposure, $"{proposal.Pair} may reach {MaxPercent} % of equity");
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (MaxPercent <= 0m)
        {
            yield return Problem(nameof(MaxPercent), MaxPercent, "must be positive");
        }
    }
}
