using System.Globalization;

namespace MultiPair.Sdk.Risk;

/// <summary>Rejects entries whose signal confidence is below a minimum.</summary>
public sealed class MinimumConfidenceRule : RiskRule
{
    /// <summary>Gets the lowest confidence that may open or add to a position.</summary>
    /// <value>The default value is 0.5. Range [0, 1].</value>
    public double MinimumConfidence { get; init; } = 0.5;

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return proposal.Confidence >= MinimumConfidence
            ? RiskDecision.Approve(proposal.Quantity)
            : RiskDecision.Reject(RiskReasonCode.LowConfidence, string.Create(CultureInfo.InvariantCulture, $"Confidence {proposal.Confidence} is below the minimum {MinimumConfidence}."));
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (double.IsNaN(MinimumConfidence) || MinimumConfidence is < 0 or > 1)
        {
            yield return Problem(nameof(MinimumConfidence), MinimumConfidence, "must be in [0, 1]");
        }
    }
}
