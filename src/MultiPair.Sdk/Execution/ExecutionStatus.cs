namespace MultiPair.Sdk.Execution;

/// <summary>What happened to an order.</summary>
public enum ExecutionStatus
{
    /// <summary>The exchange accepted the order (it is working).</summary>
    Accepted = 0,

    /// <summary>Part of the order filled; <see cref="ExecutionReport.Fill"/> has the trade.</summary>
    PartiallyFilled = 1,

    /// <summary>The order filled completely; <see cref="ExecutionReport.Fill"/> has the last trade.</summary>
    Filled = 2,

    /// <summary>The order was cancelled; what did not fill is released.</summary>
    Cancelled = 3,

    /// <summary>The exchange rejected the order.</summary>
    Rejected = 4,

    /// <summary>The order expired (time in force).</summary>
    Expired = 5,
}
