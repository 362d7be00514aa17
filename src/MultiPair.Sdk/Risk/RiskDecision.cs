using System.Globalization;

namespace MultiPair.Sdk.Risk;

/// <summary>A rule's (or the gate's) verdict on a proposal: approve, resize to a smaller quantity, or reject, with a typed reason.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record RiskDecision
{
    [ThreadStatic]
    private static RiskDecision? t_lastApproval;

    private RiskDecision(RiskDecisionKind kind, decimal quantity, RiskReasonCode code, string message)
    {
        Kind = kind;
        Quantity = quantity;
        Code = code;
        Message = message;
    }

    /// <summary>Gets what was decided.</summary>
    public RiskDecisionKind Kind { get; }

    /// <summary>Gets the approved quantity (0 when rejected).</summary>
    public decimal Quantity { get; }

    /// <summary>Gets why the proposal was resized or rejected (<see cref="RiskReasonCode.None"/> when approved).</summary>
    public RiskReasonCode Code { get; }

    /// <summary>Gets a human-readable explanation naming the values involved.</summary>
    public string Message { get; }

    /// <summary>Gets the name of the rule that decided (set by the gate).</summary>
    public string? Rule { get; init; }

    /// <summary>Gets the trading state the rule asks the portfolio to move to, if any (for example ReduceOnly after a daily loss).</summary>
    public TradingState? RequestedState { get; init; }

    /// <summary>Gets a value indicating whether the proposal passes (approved or resized).</summary>
    public bool IsApproved => Kind != RiskDecisionKind.Reject;

    /// <summary>Approves a proposal unchanged.</summary>
    /// <param name="quantity">The proposal's quantity.</param>
    /// <returns>The decision.</returns>
    /// <remarks>
    /// Decisions are immutable values: the last approval made on this thread is handed out again for the same quantity
    /// (same value, scale and sign), as every rule of one proposal approves the same quantity.
    /// </remarks>
    public static RiskDecision Approve(decimal quantity)
    {
        var last = t_lastApproval;
        if (last is not null && last.Quantity == quantity && last.Quantity.Scale == quantity.Scale && decimal.IsNegative(last.Quantity) == decimal.IsNegative(quantity))
        {
            return last;
        }

        return t_lastApproval = new(RiskDecisionKind.Approve, quantity, RiskReasonCode.None, "Approved.");
    }

    /// <summary>Approves a proposal with a smaller quantity.</summary>
    /// <param name="quantity">The new quantity; must be positive.</param>
    /// <param name="code">Why.</param>
    /// <param name="message">A human-readable explanation.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> is not positive.</exception>
    public static RiskDecision Resize(decimal quantity, RiskReasonCode code, string message)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        return new(RiskDecisionKind.Resize, quantity, code, message);
    }

    /// <summary>Rejects a proposal.</summary>
    /// <param name="code">Why.</param>
    /// <param name="message">A human-readable explanation.</param>
    /// <returns>The decision.</returns>
    public static RiskDecision Reject(RiskReasonCode code, string message) => new(RiskDecisionKind.Reject, 0m, code, message);

    /// <summary>
    /// Approves <paramref name="proposal"/> when <paramref name="allowed"/> covers its quantity, resizes it down to
    /// <paramref name="allowed"/> when that is positive, and rejects it otherwise. The helper most sizing rules need.
    /// </summary>
    /// <param name="proposal">The proposal.</param>
    /// <param name="allowed">The largest quantity the rule allows.</param>
    /// <param name="code">The reason for a resize or reject.</param>
    /// <param name="what">What limit was hit, for the message.</param>
    /// <returns>The decision.</returns>
    public static RiskDecision Limit(OrderProposal proposal, decimal allowed, RiskReasonCode code, string what)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        if (allowed >= proposal.Quantity)
        {
            return Approve(proposal.Quantity);
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{what}: {proposal.Pair} {proposal.Quantity} asked, {Math.Max(allowed, 0m)} allowed.");
        return allowed > 0m ? Resize(allowed, code, text) : Reject(code, text);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RiskDecisionKind.Approve => string.Create(CultureInfo.InvariantCulture, $"Approve {Quantity}"),
        RiskDecisionKind.Resize => string.Create(CultureInfo.InvariantCulture, $"Resize to {Quantity} ({Code}, {Rule}): {Message}"),
        _ => $"Reject ({Code}, {Rule}): {Message}",
    };
}
