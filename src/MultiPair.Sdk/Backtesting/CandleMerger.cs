using System.Runtime.InteropServices;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Backtesting;

/// <summary>Merges many per-pair bar streams into one stream in time order, lazily.</summary>
/// <remarks>
/// <para>
/// Order: by <see cref="Bar.CloseTime"/> (when a bar becomes known; for streams of one timeframe this is open-time
/// order), then by pair in canonical name order (<c>BASE/QUOTE</c>, ordinal), then shorter timeframe first, then by the
/// position of the stream in the input. The merge keeps one bar per stream: memory is O(streams), and a stream with a
/// gap (or one that has ended) never holds the others back, because every stream simply advances by time. While each
/// stream keeps to one pair and timeframe, a whole close time is emitted per pass over the streams (O(1) per bar when
/// the streams share bar times); otherwise a min-heap gives O(log streams) per bar. Both give the same order.
/// </para>
/// <para>Each input stream must itself be in close-time order (as <see cref="CandleReader"/> guarantees).</para>
/// </remarks>
public static class CandleMerger
{
    /// <summary>The slice pass gives way to the heap when a pass emits fewer bars than the live streams over this ratio.</summary>
    internal const int ThinSliceRatio = 64;

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

            // Slices: while every stream keeps to its first pair and timeframe, the least head is the one of least
            // (close, rank), so one pass over the streams in rank order emits every bar of the least close time
            // (all of a stream's bars of that time before the next stream's) and finds the next least close time on
            // the way: no heap, O(1) per bar when the streams share bar times. A bar of another pair or timeframe, or
            // slices much thinner than the streams (many streams, few bars per close time), switch to the heap.
            var order = live.ToArray();
            var ended = new bool[count];
            var ranked = new bool[count];
            var liveCount = order.Length;
            var sliced = true;
            var least = long.MaxValue;
            foreach (var i in order)
            {
                ranked[i] = true;
                least = Math.Min(least, lastClose[i]);
            }

            while (sliced && liveCount > 0)
            {
                var next = long.MaxValue;
                var emitted = 0;
                var endedNow = false;
                for (var k = 0; k < order.Length; k++)
                {
                    var index = order[k];
                    if (ended[index])
                    {
                        continue;
                    }

                    while (lastClose[index] == least)
                    {
                        yield return current[index];
                        emitted++;
                        var enumerator = enumerators[index];
                        if (!enumerator.MoveNext())
                        {
                            ended[index] = true;
                            endedNow = true;
                            liveCount--;
                            break;
                        }

                        var bar = enumerator.Current;
                        var close = bar.CloseTime.UtcTicks;
                        if (close < lastClose[index])
                        {
                            throw BackInTime(index, bar, lastClose[index]);
                        }

                        lastClose[index] = close;
                        current[index] = bar;
                        if (bar.Timeframe != first[index].Timeframe || !SamePair(bar.Pair, first[index].Pair))
                        {
                            ranked[index] = false;
                            sliced = false;
                            break;
                        }
                    }

                    if (!sliced)
                    {
                        break;
                    }

                    if (!ended[index] && lastClose[index] < next)
                    {
                        next = lastClose[index];
                    }
                }

                least = next;
                if (endedNow)
                {
                    order = Array.FindAll(order, i => !ended[i]);
                }

                // A pass costs about one comparison per stream, a heap step about a hundred nanoseconds per bar.
                if (emitted * ThinSliceRatio < order.Length)
                {
                    sliced = false;
                }
            }

            if (liveCount == 0)
            {
                yield break;
            }

            var comparer = new HeapKeyComparer(current);
            var heap = new PriorityQueue<int, HeapKey>(count, comparer);
            foreach (var i in order)
            {
                if (!ended[i])
                {
                    heap.Enqueue(i, new HeapKey(lastClose[i], ranked[i] ? rank[i] : -1, i));
                }
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
                        throw BackInTime(index, bar, lastClose[index]);
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

    private static InvalidOperationException BackInTime(int stream, in Bar bar, long previousClose) =>
        new($"Stream {stream} went back in time: {bar} closes before the previous bar of that stream ({new DateTimeOffset(previousClose, TimeSpan.Zero):O}).");

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
