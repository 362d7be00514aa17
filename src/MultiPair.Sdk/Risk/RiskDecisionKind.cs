namespace MultiPair.Sdk.Risk;

/// <summary>What a rule or the gate decided about a proposal.</summary>
public enum RiskDecisionKind
{
    /// <summary>The proposal passes unchanged.</summary>
    Approve = 0,

    /// <summary>The proposal passes with a smaller quantity.</summary>
    Resize = 1,

    /// <summary>The proposal is refused.</summary>
    Reject = 2,
}
