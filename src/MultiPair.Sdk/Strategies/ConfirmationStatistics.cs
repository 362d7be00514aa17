using System.Runtime.InteropServices;

namespace MultiPair.Sdk.Strategies;

/// <summary>The cost-control figures of a <see cref="SignalConfirmationGate"/>: what was asked, what was saved, what went wrong.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Calls">How many times the confirmer was called (each call is a cost).</param>
/// <param name="CacheHits">How many answers were reused from the cache instead of calling.</param>
/// <param name="Timeouts">How many calls did not answer within the timeout.</param>
/// <param name="Failures">How many calls threw or were cancelled by the confirmer.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct ConfirmationStatistics(long Calls, long CacheHits, long Timeouts, long Failures)
{
    /// <summary>Adds two sets of figures.</summary>
    /// <param name="left">The first figures.</param>
    /// <param name="right">The second figures.</param>
    /// <returns>The sums.</returns>
    public static ConfirmationStatistics operator +(ConfirmationStatistics left, ConfirmationStatistics right) =>
        new(left.Calls + right.Calls, left.CacheHits + right.CacheHits, left.Timeouts + right.Timeouts, left.Failures + right.Failures);

    /// <summary>Adds two sets of figures.</summary>
    /// <param name="left">The first figures.</param>
    /// <param name="right">The second figures.</param>
    /// <returns>The sums.</returns>
    public static ConfirmationStatistics Add(ConfirmationStatistics left, ConfirmationStatistics right) => left + right;
}
