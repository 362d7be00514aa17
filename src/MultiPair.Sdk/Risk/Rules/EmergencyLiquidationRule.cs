namespace MultiPair.Sdk.Risk;

/// <summary>
/// When the portfolio has lost a share of its starting capital, rejects every entry, moves the portfolio to
/// <see cref="TradingState.ReduceOnly"/> and proposes closing every position at market.
/// </summary>
public sealed class EmergencyLiquidationRule : RiskRule, IPortfolioMonitor
{
    /// <summary>Gets the loss, in percent of the starting capital, that triggers liquidation.</summary>
    /// <value>The default value is <see langword="null"/>: the portfolio's <c>EmergencyLiquidationLossPercent</c>. When set, range (0, 100].</value>
    public decimal? LossPercent { get; init; }

    /// <inheritdoc />
    public override RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return Inspect(snapshot) is { } alert
            ? RiskDecision.Reject(alert.Code, alert.Message) with { RequestedState = alert.RequestedState }
            : RiskDecision.Approve(proposal.Quantity);
    }

    /// <inheritdoc />
    public MonitorAlert? Inspect(PortfolioSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var threshold = LossPercent ?? snapshot.Config.EmergencyLiquidationLossPercent;
        var capital = snapshot.Config.TotalCapital;
        var totalReturn = (snapshot.Equity - capital) * 100m / capital;
        if (totalReturn > -threshold)
        {
            return null;
        }

        var message = $"The portfolio has returned {decimal.Round(totalReturn, 4)} %; emergency liquidation starts at -{threshold} %.";
        return new MonitorAlert(RiskReasonCode.EmergencyLiquidation, message)
        {
            RequestedState = TradingState.ReduceOnly,
            Proposals = RuleMath.CloseAll(snapshot, message),
        };
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (LossPercent is { } loss && loss is <= 0m or > 100m)
        {
            yield return Problem(nameof(LossPercent), loss, "must be in (0, 100]");
        }
    }
}
