namespace MultiPair.Sdk.Risk;

/// <summary>
/// Shrinks entries as the drawdown from peak equity grows, and halts trading at a deeper drawdown: from
/// <see cref="ReduceFromPercent"/> the quantity is scaled by <c>1 − (dd − reduceFrom) / (haltAt − reduceFrom)</c>;
/// at <see cref="HaltAtPercent"/> entries are rejected and the portfolio moves to <see cref="TradingState.Halted"/>.
/// </summary>
public sealed class DrawdownThrottleRule : RiskRule, IPortfolioMonitor
{
    /// <summary>Gets the drawdown at which entries start to shrink, in percent.</summary>
    /// <value>The default value is 10. Range [0, <see cref="HaltAtPercent"/>).</value>
    public decimal ReduceFromPercent { get; init; } = 10m;

    /// <summary>Gets the drawdown at which trading halts, in percent.</summary>
    /// <value>The default value is 20. Range (<see cref="ReduceFromPercent"/>, 100].</value>
    public decimal HaltAtPercent { get; init; } = 20m;

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(snapshot);

        // The drawdown is a decimal division: computed once for the halt check and the scaling.
        var drawdown = snapshot.DrawdownPercent;
        if (HaltAlert(drawdown) is { } alert)
        {
            return RiskDecision.Reject(alert.Code, alert.Message) with { RequestedState = alert.RequestedState };
        }

        if (drawdown <= ReduceFromPercent)
        {
            return RiskDecision.Approve(proposal.Quantity);
        }

        var scale = 1m - ((drawdown - ReduceFromPercent) / (HaltAtPercent - ReduceFromPercent));
        // The message is only built when the quantity does not fit (Limit approves unchanged otherwise).
        var allowedQuantity = proposal.Quantity * scale;
        return allowedQuantity >= proposal.Quantity
            ? RiskDecision.Approve(proposal.Quantity)
            : RiskDecision.Limit(proposal, allowedQuantity, RiskReasonCode.Drawdown, $"Drawdown {decimal.Round(drawdown, 4)} % scales entries by {decimal.Round(scale, 4)}");
    }

    /// <inheritdoc />
    public MonitorAlert? Inspect(PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return HaltAlert(snapshot.DrawdownPercent);
    }

    private MonitorAlert? HaltAlert(decimal drawdown) =>
        drawdown < HaltAtPercent
            ? null
            : new MonitorAlert(RiskReasonCode.Drawdown, $"Drawdown {decimal.Round(drawdown, 4)} % reached the halt level {HaltAtPercent} %.")
            {
                RequestedState = TradingState.Halted,
            };

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (ReduceFromPercent < 0m || ReduceFromPercent >= HaltAtPercent)
        {
            yield return Problem(nameof(ReduceFromPercent), ReduceFromPercent, $"must be in [0, {nameof(HaltAtPercent)})");
        }

        if (HaltAtPercent is <= 0m or > 100m)
        {
            yield return Problem(nameof(HaltAtPercent), HaltAtPercent, "must be in (0, 100]");
        }
    }
}
