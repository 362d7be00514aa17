namespace MultiPair.Sdk.Risk;

/// <summary>Rejects a new position in a pair that already has one, or an entry in flight.</summary>
public sealed class OnePositionPerPairRule : RiskRule
{
    /// <summary>Gets a value indicating whether each sleeve may hold its own position in a pair (otherwise one per pair across the account).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool PerSleeve { get; init; }

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (proposal.Intent != ProposalIntent.Open)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var taken = snapshot.Positions.Any(p => p.Pair == proposal.Pair && (!PerSleeve || p.Strategy == proposal.Sleeve))
            || snapshot.Reservations.Any(r => r.Intent == ProposalIntent.Open && r.Pair == proposal.Pair && (!PerSleeve || r.Sleeve == proposal.Sleeve));
        return taken
            ? RiskDecision.Reject(RiskReasonCode.OnePositionPerPair, PerSleeve ? $"Sleeve '{proposal.Sleeve}' already holds or is entering {proposal.Pair}." : $"{proposal.Pair} already has a position or an entry in flight.")
            : RiskDecision.Approve(proposal.Quantity);
    }
}
