namespace MultiPair.Sdk.Risk;

/// <summary>Resizes an entry so its correlation group's exposure (positions plus entries in flight) stays under a share of equity.</summary>
public sealed class CorrelatedExposureRule : RiskRule
{
    /// <summary>Gets the largest exposure of any group, in percent of equity.</summary>
    /// <value>The default value is <see langword="null"/>: the portfolio's <c>MaxCorrelatedExposurePercent</c>. When set, positive.</value>
    public decimal? MaxPercent { get; init; }

    /// <summary>Gets limits for named groups, in percent of equity, overriding <see cref="MaxPercent"/>. Every name must be a registered pair's group.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyDictionary<string, decimal> GroupLimits { get; init; } = new Dictionary<string, decimal>(StringComparer.Ordinal);

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!snapshot.Pairs.TryGetValue(proposal.Pair, out var config) || config.CorrelationGroup is not { } group)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var percent = GroupLimits.TryGetValue(group, out var own) ? own : MaxPercent ?? snapshot.Config.MaxCorrelatedExposurePercent;
        var room = RuleMath.PercentOfEquity(percent, snapshot) - snapshot.ExposureOfGroup(group);
        // The message is only built when the quantity does not fit (Limit approves unchanged otherwise).
        var allowedQuantity = RuleMath.QuantityForNotional(room, proposal.Price);
        return allowedQuantity >= proposal.Quantity
            ? RiskDecision.Approve(proposal.Quantity)
            : RiskDecision.Limit(proposal, allowedQuantity, RiskReasonCode.CorrelatedExposure, $"Correlation group '{group}' may reach {percent} % of equity");
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (MaxPercent is <= 0m)
        {
            yield return Problem(nameof(MaxPercent), MaxPercent, "must be positive");
        }

        var known = context.Pairs.Select(p => p.CorrelationGroup).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (group, limit) in GroupLimits)
        {
            if (!known.Contains(group))
            {
                yield return Problem($"{nameof(GroupLimits)}[{group}]", limit, "names a correlation group no registered pair belongs to");
            }

            if (limit <= 0m)
            {
                yield return Problem($"{nameof(GroupLimits)}[{group}]", limit, "must be positive");
            }
        }
    }
}
