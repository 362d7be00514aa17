namespace MultiPair.Sdk.Risk;

/// <summary>
/// Resizes an entry so gross exposure (notional of open positions plus entries in flight) stays under a share of
/// equity. Leverage counts: three positions of 7 % at 10x are 210 %.
/// </summary>
public sealed class MaxGrossExposureRule : RiskRule
{
    /// <summary>Gets the largest gross exposure, in percent of equity.</summary>
    /// <value>The default value is 100. Positive; above 100 allows leverage.</value>
    public decimal MaxPercent { get; init; } = 100m;

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        var room = RuleMath.PercentOfEquity(MaxPercent, snapshot) - snapshot.GrossExposure;
        // The message is only built when the quantity does not fit (Limit approves unchanged otherwise).
        var allowedQuantity = RuleMath.QuantityForNotional(room, proposal.Price);
        return allowedQuantity >= proposal.Quantity
            ? RiskDecision.Approve(proposal.Quantity)
            : RiskDecision.Limit(proposal, allowedQuantity, RiskReasonCode.GrossExposure, $"Gross exposure may reach {MaxPercent} % of equity");
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
