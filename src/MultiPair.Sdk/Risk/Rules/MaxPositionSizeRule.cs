namespace MultiPair.Sdk.Risk;

/// <summary>
/// Resizes an entry so the position commits at most a share of equity (its margin on perpetuals: 7 % at 10x is a
/// 70 % notional), counting what the position already holds and reserves.
/// </summary>
public sealed class MaxPositionSizeRule : RiskRule
{
    /// <summary>Gets the largest capital one position may commit, in percent of equity.</summary>
    /// <value>The default value is <see langword="null"/>: the portfolio's <c>MaxPositionSizePercent</c>. When set, range (0, 100].</value>
    public decimal? MaxPercent { get; init; }

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        var limit = RuleMath.PercentOfEquity(MaxPercent ?? snapshot.Config.MaxPositionSizePercent, snapshot);
        var room = limit - RuleMath.ExistingMargin(proposal, snapshot);
        var allowed = RuleMath.QuantityForNotional(room * snapshot.LeverageOf(proposal.Pair), proposal.Price);
        // The message is only built when the quantity does not fit (Limit approves unchanged otherwise).
        var allowedQuantity = allowed;
        return allowedQuantity >= proposal.Quantity
            ? RiskDecision.Approve(proposal.Quantity)
            : RiskDecision.Limit(proposal, allowedQuantity, RiskReasonCode.PositionSize, $"A position may commit {MaxPercent ?? snapshot.Config.MaxPositionSizePercent} % of equity");
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (MaxPercent is { } percent && percent is <= 0m or > 100m)
        {
            yield return Problem(nameof(MaxPercent), percent, "must be in (0, 100]");
        }
    }
}
