using System.Globalization;
using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// Rejects a new position whose recent returns are too correlated with an open position (or entry in flight) on the
/// same side, using a <see cref="RollingCorrelationMatrix"/> the engine feeds with closed bars.
/// </summary>
/// <remarks>Pairs without enough common history are not blocked: the rule only acts on what it can measure.</remarks>
public sealed class ReturnCorrelationRule : RiskRule
{
    /// <summary>Gets the correlation matrix the rule reads.</summary>
    /// <value>Required.</value>
    public required RollingCorrelationMatrix Matrix { get; init; }

    /// <summary>Gets the highest correlation allowed with a same-side position.</summary>
    /// <value>The default value is 0.8. Range (-1, 1].</value>
    public double MaxCorrelation { get; init; } = 0.8;

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (proposal.Intent != ProposalIntent.Open)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var held = snapshot.Positions.Where(p => p.Side == proposal.PositionSide).Select(p => p.Pair)
            .Concat(snapshot.Reservations.Where(r => r.IsEntry && r.Side == proposal.PositionSide).Select(r => r.Pair))
            .Where(p => p != proposal.Pair)
            .Distinct();
        foreach (var pair in held)
        {
            if (Matrix.Correlation(proposal.Pair, pair) is { } correlation && correlation > MaxCorrelation)
            {
                return RiskDecision.Reject(
                    RiskReasonCode.ReturnCorrelation,
                    string.Create(CultureInfo.InvariantCulture, $"{proposal.Pair} returns correlate {correlation:0.###} with the {proposal.PositionSide} position in {pair}; at most {MaxCorrelation} is allowed."));
            }
        }

        return RiskDecision.Approve(proposal.Quantity);
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (Matrix is null)
        {
            yield return Problem(nameof(Matrix), "null", "is required");
        }

        if (double.IsNaN(MaxCorrelation) || MaxCorrelation is <= -1 or > 1)
        {
            yield return Problem(nameof(MaxCorrelation), MaxCorrelation, "must be in (-1, 1]");
        }
    }
}
