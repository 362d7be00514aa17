using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Backtesting;

/// <summary>Merges many per-pair bar streams into one stream in time order, lazily.</summary>
/// <remarks>
/// <para>
/// Order: by <see cref="Bar.CloseTime"/> (when a bar becomes known; for streams of one timeframe this is open-time
/// order), then by pair in canonical name order (<c>BASE/QUOTE</c>, ordinal), then shorter timeframe first, then by the
/// position of the stream in the input. The merge keeps one bar per stream in a min-heap: memory is O(streams), each
/// bar costs O(log streams), and a stream with a gap (or one that has ended) never holds the others back, because
/// every stream simply advances by time.
/// </para>
/// <para>Each input stream must itself be in close-time order (as <see cref="CandleReader"/> guarantees).</para>
/// </remarks>
public static class CandleMerger
{
    /// <summary>Merges bar streams into one stream in time order.</summary>
    /// <param name="streams">The streams, typically one per pair (and timeframe). Each is enumerated once, when the result is.</param>
    /// <returns>
    /// A lazy stream of every bar of every input stream. Enumerating it enumerates the inputs; disposing its enumerator
    /// disposes theirs.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="streams"/> is null, or (during enumeration) one of them is.</exception>
    /// <exception cref="InvalidOperationException">During enumeration: an input stream went back in time.</exception>
    public static IEnumerable<Bar> Merge(IEnumerable<IEnumerable<Bar>> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        return MergeCore(streams);
    }

    private static IEnumerable<Bar> MergeCore(IEnumerable<IEnumerable<Bar>> streams)
    {
        var enumerators = new List<IEnumerator<Bar>>();
        try
        {
            foreach (var stream in streams)
            {
                ArgumentNullException.ThrowIfNull(stream, nameof(streams));
                enumerators.Add(stream.GetEnumerator());
            }

            var heap = new PriorityQueue<int, HeapKey>(enumerators.Count, HeapKeyComparer.Instance);
            var lastClose = new DateTimeOffset[enumerators.Count];
            for (int i = 0; i < enumerators.Count; i++)
            {
                if (enumerators[i].MoveNext())
                {
                    var bar = enumerators[i].Current;
                    lastClose[i] = bar.CloseTime;
                    heap.Enqueue(i, new HeapKey(bar, i));
                }
            }

            while (heap.TryDequeue(out int index, out var key))
            {
                yield return key.Bar;
                var enumerator = enumerators[index];
                if (enumerator.MoveNext())
                {
                    var bar = enumerator.Current;
                    if (bar.CloseTime < lastClose[index])
                    {
                        throw new InvalidOperationException(
                            $"Stream {index} went back in time: {bar} closes before the previous bar of that stream ({lastClose[index]:O}).");
                    }

                    lastClose[index] = bar.CloseTime;
                    heap.Enqueue(index, new HeapKey(bar, index));
                }
            }
        }
        finally
        {
            foreach (var enumerator in enumerators)
            {
                enumerator.Dispose();
            }
        }
    }

    private readonly record struct HeapKey(Bar Bar, int Stream);

    private sealed class HeapKeyComparer : IComparer<HeapKey>
    {
        public static readonly HeapKeyComparer Instance = new();

        public int Compare(HeapKey x, HeapKey y)
        {
            int order = x.Bar.CloseTime.UtcTicks.CompareTo(y.Bar.CloseTime.UtcTicks);
            if (order != 0)
            {
                return order;
            }

            // Base then quote, ordinal, equals the canonical BASE/QUOTE ordinal order: '/' sorts before every letter and digit.
            order = string.CompareOrdinal(x.Bar.Pair.Base, y.Bar.Pair.Base);
            if (order != 0)
            {
                return order;
            }

            order = string.CompareOrdinal(x.Bar.Pair.Quote, y.Bar.Pair.Quote);
            if (order != 0)
            {
                return order;
            }

            order = x.Bar.Timeframe.CompareTo(y.Bar.Timeframe);
            return order != 0 ? order : x.Stream.CompareTo(y.Stream);
        }
    }
}
