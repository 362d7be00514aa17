namespace MultiPair.Sdk.Risk;

/// <summary>What happens when a sleeve wants the opposite side of a pair that another sleeve holds or is entering.</summary>
public enum SideConflictPolicy
{
    /// <summary>The later proposal is rejected with <see cref="RiskReasonCode.SideConflict"/>.</summary>
    RejectLater = 0,

    /// <summary>
    /// Both are allowed: each sleeve keeps its own virtual position and P&amp;L, and the account holds the net
    /// (as on an exchange in one-way position mode).
    /// </summary>
    Net = 1,
}
