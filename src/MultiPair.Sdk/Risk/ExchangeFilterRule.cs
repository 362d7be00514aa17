using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// Makes sure the exchange never sees an order it would reject for size: rounds the quantity down to the step and
/// rejects what stays under the minimum quantity or notional (or over a maximum). The <see cref="RiskGate"/> runs it
/// last on every proposal whose pair has a known <see cref="Instrument"/>.
/// </summary>
public sealed class ExchangeFilterRule : RiskRule
{
    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!snapshot.Instruments.TryGetValue(proposal.Pair, out var instrument))
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var quantity = instrument.RoundQuantityDown(proposal.Quantity);
        var check = instrument.Validate(instrument.RoundPriceToTick(proposal.Price), quantity);
        if (!check.IsValid)
        {
            return RiskDecision.Reject(RiskReasonCode.ExchangeFilter, $"{check.Failed}: {check.Message}");
        }

        // The message is only built when the quantity does not fit (Limit approves unchanged otherwise).

        var allowedQuantity = quantity;

        return allowedQuantity >= proposal.Quantity

            ? RiskDecision.Approve(proposal.Quantity)

            : RiskDecision.Limit(proposal, allowedQuantity, RiskReasonCode.ExchangeFilter, $"Rounded down to the step size {instrument.StepSize}");
    }
}
