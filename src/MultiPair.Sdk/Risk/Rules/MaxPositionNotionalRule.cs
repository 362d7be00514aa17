namespace MultiPair.Sdk.Risk;

/// <summary>Resizes an entry so the position's notional stays under a cap in the quote asset.</summary>
public sealed class MaxPositionNotionalRule : RiskRule
{
    /// <summary>Gets the largest notional of one position, in the quote asset.</summary>
    /// <value>The default value is <see langword="null"/>: each pair's <c>MaxPositionSizeQuote</c> (no cap where that is unset). When set, positive.</value>
    public decimal? MaxNotional { get; init; }

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        var max = MaxNotional ?? (snapshot.Pairs.TryGetValue(proposal.Pair, out var config) ? config.MaxPositionSizeQuote : null);
        if (max is not { } cap)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var allowed = RuleMath.QuantityForNotional(cap - RuleMath.ExistingNotional(proposal, snapshot), proposal.Price);
        // The message is only built when the quantity does not fit (Limit approves unchanged otherwise).
        var allowedQuantity = allowed;
        return allowedQuantity >= proposal.Quantity
            ? RiskDecision.Approve(proposal.Quantity)
            : RiskDecision.Limit(proposal, allowedQuantity, RiskReasonCode.PositionNotional, $"A position in {proposal.Pair} may have a notional of {cap}");
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (MaxNotional is <= 0m)
        {
            yield return Problem(nameof(MaxNotional), MaxNotional, "must be positive");
        }
    }
}
