using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>Orders signals the way <see cref="AllocationRequest.Signals"/> expects them: best first.</summary>
/// <remarks>Thread-safe.</remarks>
public static class SignalRanking
{
    /// <summary>
    /// Ranks signals by confidence, highest first; ties by the canonical pair name (<c>BTC/USDT</c>), ordinal; then by
    /// strategy id, ordinal. Signals equal on all three keep their input order (the sort is stable).
    /// </summary>
    /// <param name="signals">The signals; <see cref="SignalDirection.Exit"/> signals are ranked like the others.</param>
    /// <returns>A new list, best first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signals"/> or one of its items is <see langword="null"/>.</exception>
    public static IReadOnlyList<Signal> Rank(IEnumerable<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var list = signals.ToList();
        foreach (var signal in list)
        {
            ArgumentNullException.ThrowIfNull(signal, nameof(signals));
        }

        return list
            .OrderByDescending(s => s.Confidence)
            .ThenBy(s => s.Pair.ToString(), StringComparer.Ordinal)
            .ThenBy(s => s.Strategy.ToString(), StringComparer.Ordinal)
            .ToArray();
    }
}
