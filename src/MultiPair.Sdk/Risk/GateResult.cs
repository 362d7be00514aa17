namespace MultiPair.Sdk.Risk;

/// <summary>The gate's answer to one proposal: the final decision, each rule's objection, and the order to place.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Proposal">The proposal as submitted.</param>
/// <param name="Decision">The final decision (its <see cref="RiskDecision.Quantity"/> is what may be ordered).</param>
/// <param name="Steps">Every resize or reject along the chain, in order.</param>
public sealed record GateResult(OrderProposal Proposal, RiskDecision Decision, IReadOnlyList<RiskDecision> Steps)
{
    /// <summary>Gets a value indicating whether the proposal may be ordered.</summary>
    public bool IsApproved => Decision.IsApproved;

    /// <summary>Gets the proposal with the approved quantity, or <see langword="null"/> when rejected.</summary>
    /// <remarks>The proposal itself when the approved quantity is the proposal's, digit for digit (records are immutable).</remarks>
    public OrderProposal? Approved =>
        !IsApproved ? null
        : SameDigits(Proposal.Quantity, Decision.Quantity) ? Proposal
        : Proposal with { Quantity = Decision.Quantity };

    /// <summary>Gets the reservation made for the order (only from <see cref="RiskGate.Submit"/>).</summary>
    public Reservation? Reservation { get; init; }

    private static bool SameDigits(decimal a, decimal b) => a == b && a.Scale == b.Scale && decimal.IsNegative(a) == decimal.IsNegative(b);
}
