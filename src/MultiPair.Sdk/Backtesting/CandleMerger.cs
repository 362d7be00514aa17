using System.Runtime.InteropServices;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

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

            var count = enumerators.Count;
            var current = new Bar[count];
            var lastClose = new long[count];
            var live = new List<int>(count);
            for (int i = 0; i < count; i++)
            {
                if (enumerators[i].MoveNext())
                {
                    current[i] = enumerators[i].Current;
                    lastClose[i] = current[i].CloseTime.UtcTicks;
                    live.Add(i);
                }
            }

            // A stream's rank is its place in (pair, timeframe, stream) order of its first bar: while a stream keeps to
            // its first pair and timeframe (the usual one file per pair), comparing ranks gives the same order as
            // comparing names, without touching a string on the heap's hot path.
            var rank = new int[count];
            var first = new Bar[count];
            live.Sort((x, y) => CompareNames(current[x], x, current[y], y));
            for (int r = 0; r < live.Count; r++)
            {
                rank[live[r]] = r;
                first[live[r]] = current[live[r]];
            }

            var comparer = new HeapKeyComparer(current);
            var heap = new PriorityQueue<int, HeapKey>(count, comparer);
            foreach (var i in live)
            {
                heap.Enqueue(i, new HeapKey(lastClose[i], rank[i], i));
            }

            while (heap.TryDequeue(out int index, out _))
            {
                yield return current[index];
                var enumerator = enumerators[index];
                if (enumerator.MoveNext())
                {
                    var bar = enumerator.Current;
                    var close = bar.CloseTime.UtcTicks;
                    if (close < lastClose[index])
                    {
                        throw new InvalidOperationException(
                            $"Stream {index} went back in time: {bar} closes before the previous bar of that stream ({new DateTimeOffset(lastClose[index], TimeSpan.Zero):O}).");
                    }

                    lastClose[index] = close;
                    current[index] = bar;
                    var sameAsFirst = bar.Timeframe == first[index].Timeframe && SamePair(bar.Pair, first[index].Pair);
                    heap.Enqueue(index, new HeapKey(close, sameAsFirst ? rank[index] : -1, index));
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

    /// <summary>Whether two pairs are equal, by reference first (bars of one file share their pair's strings).</summary>
    private static bool SamePair(TradingPair x, TradingPair y) =>
        (ReferenceEquals(x.Base, y.Base) && ReferenceEquals(x.Quote, y.Quote)) || x == y;

    /// <summary>The full order of two bars: close time, then <see cref="CompareNames"/>.</summary>
    private static int CompareBars(in Bar x, int xStream, in Bar y, int yStream)
    {
        int order = x.CloseTime.UtcTicks.CompareTo(y.CloseTime.UtcTicks);
        return order != 0 ? order : CompareNames(x, xStream, y, yStream);
    }

    /// <summary>The order of two bars of the same close time: pair (canonical name, ordinal), timeframe, stream.</summary>
    private static int CompareNames(in Bar x, int xStream, in Bar y, int yStream)
    {
        // Base then quote, ordinal, equals the canonical BASE/QUOTE ordinal order: '/' sorts before every letter and digit.
        int order = string.CompareOrdinal(x.Pair.Base, y.Pair.Base);
        if (order != 0)
        {
            return order;
        }

        order = string.CompareOrdinal(x.Pair.Quote, y.Pair.Quote);
        if (order != 0)
        {
            return order;
        }

        order = x.Timeframe.CompareTo(y.Timeframe);
        return order != 0 ? order : xStream.CompareTo(yStream);
    }

    /// <summary>A stream's place in the heap: its current bar's close time, its rank (-1 when the bar is not of the stream's first pair and timeframe), the stream.</summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly record struct HeapKey(long CloseTicks, int Rank, int Stream);

    private sealed class HeapKeyComparer(Bar[] current) : IComparer<HeapKey>
    {
        public int Compare(HeapKey x, HeapKey y)
        {
            int order = x.CloseTicks.CompareTo(y.CloseTicks);
            if (order != 0)
            {
                return order;
            }

            return x.Rank >= 0 && y.Rank >= 0
                ? x.Rank.CompareTo(y.Rank)
                : CompareBars(current[x.Stream], x.Stream, current[y.Stream], y.Stream);
        }
    }
}
