namespace MultiPair.Sdk.Risk;

/// <summary>
/// Stops new risk once the day's loss (realized plus unrealized since the gate's daily reset, in percent of the
/// day-start equity) reaches a limit, and trips the portfolio to <see cref="TradingState.ReduceOnly"/>.
/// </summary>
public sealed class DailyLossLimitRule : RiskRule, IPortfolioMonitor
{
    /// <summary>Gets the largest loss of one trading day, in percent of the day-start equity.</summary>
    /// <value>The default value is 5. Range (0, 100].</value>
    public decimal MaxLossPercent { get; init; } = 5m;

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
        var change = snapshot.DailyReturnPercent;
        return change > -MaxLossPercent
            ? null
            : new MonitorAlert(RiskReasonCode.DailyLossLimit, $"The day's result is {decimal.Round(change, 4)} %; the daily loss limit is {MaxLossPercent} %.")
            {
                RequestedState = TradingState.ReduceOnly,
            };
    }

    /// <inheritdoc />
    public override IEnumerable<string> Validate(RuleValidationContext context)
    {
        if (MaxLossPercent is <= 0m or > 100m)
        {
            yield return Problem(nameof(MaxLossPercent), MaxLossPercent, "must be in (0, 100]");
        }
    }
}
