using System.Runtime.InteropServices;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>Orders signals the way <see cref="AllocationRequest.Signals"/> expects them: best first.</summary>
/// <remarks>Thread-safe.</remarks>
public static class SignalRanking
{
    private const int SmallBatch = 32;

    /// <summary>
    /// The ranking order: confidence descending (NaN last, as <see cref="double.CompareTo(double)"/> orders it), then the
    /// canonical pair name, then the strategy id. Base then quote, ordinal, equals the <c>BASE/QUOTE</c> ordinal order:
    /// '/' sorts before every letter and digit.
    /// </summary>
    private static int Compare(Signal x, Signal y)
    {
        var order = y.Confidence.CompareTo(x.Confidence);
        if (order != 0)
        {
            return order;
        }

        order = string.CompareOrdinal(x.Pair.Base, y.Pair.Base);
        order = order != 0 ? order : string.CompareOrdinal(x.Pair.Quote, y.Pair.Quote);
        return order != 0 ? order : string.CompareOrdinal(x.Strategy.ToString(), y.Strategy.ToString());
    }

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

        return RankInPlace(list);
    }

    /// <summary>Ranks a list the caller owns, without null items (<see cref="Rank"/>'s order): sorted in place and returned when it is small.</summary>
    /// <param name="list">The signals; a new list is returned for more than 32.</param>
    /// <returns>The ranked signals.</returns>
    internal static IReadOnlyList<Signal> RankInPlace(List<Signal> list)
    {
        if (list.Count <= SmallBatch)
        {
            // Few signals (the usual decision point): a stable insertion sort on the same keys, without a name string per signal.
            var ranked = CollectionsMarshal.AsSpan(list);
            for (var i = 1; i < ranked.Length; i++)
            {
                var signal = ranked[i];
                var j = i - 1;
                while (j >= 0 && Compare(signal, ranked[j]) < 0)
                {
                    ranked[j + 1] = ranked[j];
                    j--;
                }

                ranked[j + 1] = signal;
            }

            return list;
        }

        return list
            .OrderByDescending(s => s.Confidence)
            .ThenBy(s => s.Pair.ToString(), StringComparer.Ordinal)
            .ThenBy(s => s.Strategy.ToString(), StringComparer.Ordinal)
            .ToArray();
    }
}
