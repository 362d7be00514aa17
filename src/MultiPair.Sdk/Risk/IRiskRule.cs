namespace MultiPair.Sdk.Risk;

/// <summary>
/// One pre-trade check: a pure function of a proposal and a portfolio snapshot (which carries the time) that
/// approves, resizes to a smaller quantity, or rejects with a typed reason.
/// </summary>
/// <remarks>
/// Rules run on the portfolio's event loop, in the order given to the <see cref="RiskGate"/>: the first reject wins and
/// resizes compose (each rule sees the quantity the previous ones allowed). A rule must not keep state that the
/// snapshot does not carry, so the same inputs always give the same decision. Implementations should be thread-safe
/// for reads and must not throw for bad proposals (reject them instead).
/// </remarks>
public interface IRiskRule
{
    /// <summary>Gets the rule's name, reported with its decisions.</summary>
    string Name { get; }

    /// <summary>Decides on a proposal.</summary>
    /// <param name="proposal">The proposal, with the quantity allowed by the rules before this one.</param>
    /// <param name="snapshot">The portfolio, including reservations for orders in flight, at the decision time.</param>
    /// <returns>The decision.</returns>
    RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot);
}
