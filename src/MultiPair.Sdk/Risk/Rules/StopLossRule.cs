using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>Requires a stop loss on entries, on the correct side of the price (below for longs, above for shorts) and not too far.</summary>
public sealed class StopLossRule : RiskRule
{
    /// <summary>Gets a value indicating whether an entry without a stop loss is rejected.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Required { get; init; } = true;

    /// <summary>Gets the largest distance between price and stop, in percent of the price.</summary>
    /// <value>The default value is <see langword="null"/> (no limit). When set, range (0, 100).</value>
    public decimal? MaxDistancePercent { get; init; }

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (proposal.StopLoss is not { } stop)
        {
            return Required
                ? RiskDecision.Reject(RiskReasonCode.StopLossMissing, $"An entry in {proposal.Pair} needs a stop loss.")
                : RiskDecision.Approve(proposal.Quantity);
        }

        var correctSide = proposal.PositionSide == PositionSide.Long ? stop < proposal.Price : stop > proposal.Price;
        if (!correctSide || stop <= 0m)
        {
            return RiskDecision.Reject(RiskReasonCode.StopLossInvalid, $"A {proposal.PositionSide} stop loss must be {(proposal.PositionSide == PositionSide.Long ? "below" : "above")} the price {proposal.Price}; it is {stop}.");
        }

        var distance = Math.Abs(proposal.Price - stop) * 100m / proposal.Price;
        return MaxDistancePercent is { } max && distance > max
            ? RiskDecision.Reject(RiskReasonCode.StopLossInvalid, $"The stop loss {stop} is {decimal.Round(distance, 4)} % from the price {proposal.Price}; at most {max} % is allowed.")
            : RiskDecision.Approve(proposal.Quantity);
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (MaxDistancePercent is { } max && max is <= 0m or >= 100m)
        {
            yield return Problem(nameof(MaxDistancePercent), max, "must be in (0, 100)");
        }
    }
}
