namespace MultiPair.Sdk.MarketData;

/// <summary>The last N closed bars of one pair and timeframe (index 0 is the latest). Allocation-free after construction.</summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class BarHistory
{
    private readonly Bar[] _bars;
    private int _next;

    /// <summary>Initializes a new history.</summary>
    /// <param name="capacity">How many bars to keep; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public BarHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _bars = new Bar[capacity];
    }

    /// <summary>Gets how many bars are kept at most.</summary>
    public int Capacity => _bars.Length;

    /// <summary>Gets how many bars are held.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the latest bar.</summary>
    /// <exception cref="InvalidOperationException">The history is empty.</exception>
    public Bar Latest => Count > 0 ? this[0] : throw new InvalidOperationException("The history is empty.");

    /// <summary>Gets the bar <paramref name="ago"/> bars back (0 is the latest).</summary>
    /// <param name="ago">How many bars back.</param>
    /// <returns>The bar.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ago"/> is not in [0, Count).</exception>
    public Bar this[int ago]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(ago);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ago, Count);
            return _bars[(_next - 1 - ago + (2 * _bars.Length)) % _bars.Length];
        }
    }

    /// <summary>Adds a closed bar.</summary>
    /// <param name="bar">The bar.</param>
    public void Add(in Bar bar)
    {
        _bars[_next] = bar;
        _next = (_next + 1) % _bars.Length;
        Count = Math.Min(Count + 1, _bars.Length);
    }

    /// <summary>Gets the bar <paramref name="ago"/> bars back when there is one.</summary>
    /// <param name="ago">How many bars back.</param>
    /// <param name="bar">The bar.</param>
    /// <returns><see langword="true"/> when the history holds that bar.</returns>
    public bool TryGet(int ago, out Bar bar)
    {
        if (ago < 0 || ago >= Count)
        {
            bar = default;
            return false;
        }

        bar = this[ago];
        return true;
    }
}
