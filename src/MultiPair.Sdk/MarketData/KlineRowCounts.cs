namespace MultiPair.Sdk.MarketData;

/// <summary>Bad history rows the warm start dropped (and gaps it found), per kind.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Duplicates">Rows repeating the open time of the row before.</param>
/// <param name="OutOfOrder">Rows older than the row before (unsorted answers).</param>
/// <param name="ForeignPair">Rows of another pair (or another timeframe) than the one asked for.</param>
/// <param name="OutOfRange">Rows misaligned to the timeframe, outside the range asked for, or not closed yet.</param>
/// <param name="MissingBars">Bars missing between consecutive rows (gaps; nothing was dropped for them).</param>
public sealed record KlineRowCounts(long Duplicates, long OutOfOrder, long ForeignPair, long OutOfRange, long MissingBars)
{
    /// <summary>Gets the counts with nothing dropped.</summary>
    public static KlineRowCounts None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Gets how many rows were dropped (gaps not included).</summary>
    public long Dropped => Duplicates + OutOfOrder + ForeignPair + OutOfRange;

    /// <summary>Adds two counts.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>The sum.</returns>
    public static KlineRowCounts operator +(KlineRowCounts left, KlineRowCounts right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.Duplicates + right.Duplicates, left.OutOfOrder + right.OutOfOrder, left.ForeignPair + right.ForeignPair, left.OutOfRange + right.OutOfRange, left.MissingBars + right.MissingBars);
    }

    /// <summary>Adds two counts.</summary>
    /// <param name="other">The other counts.</param>
    /// <returns>The sum.</returns>
    public KlineRowCounts Add(KlineRowCounts other) => this + other;
}
