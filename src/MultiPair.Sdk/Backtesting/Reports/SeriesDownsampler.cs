namespace MultiPair.Sdk.Backtesting;

/// <summary>Thins a long series for drawing while keeping its shape: the extremes of every bucket survive.</summary>
internal static class SeriesDownsampler
{
    /// <summary>
    /// Picks at most <paramref name="maxPoints"/> indices of <paramref name="values"/>, in increasing order: the first and
    /// last points, and the minimum and maximum of each of <c>(maxPoints - 2) / 2</c> equal buckets of the points between.
    /// </summary>
    /// <remarks>Every bucket keeps its extremes, so the global minimum and maximum (and every spike) are always kept.</remarks>
    /// <param name="values">The series.</param>
    /// <param name="maxPoints">The most indices to return (at least 4).</param>
    /// <returns>All indices when the series is short enough; otherwise the selection.</returns>
    public static IReadOnlyList<int> Select(IReadOnlyList<double> values, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        int count = values.Count;
        if (count <= maxPoints)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        int interior = count - 2;
        int buckets = (maxPoints - 2) / 2;
        var indices = new List<int>(maxPoints) { 0 };
        for (int bucket = 0; bucket < buckets; bucket++)
        {
            int start = 1 + (int)((long)bucket * interior / buckets);
            int end = 1 + (int)((long)(bucket + 1) * interior / buckets);
            if (end <= start)
            {
                continue;
            }

            int low = start;
            int high = start;
            for (int i = start + 1; i < end; i++)
            {
                if (values[i] < values[low])
                {
                    low = i;
                }

                if (values[i] > values[high])
                {
                    high = i;
                }
            }

            indices.Add(Math.Min(low, high));
            if (low != high)
            {
                indices.Add(Math.Max(low, high));
            }
        }

        indices.Add(count - 1);
        return indices;
    }
}
