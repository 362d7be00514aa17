using System.Runtime.InteropServices;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>
/// The last <see cref="Capacity"/> closed bars of one pair and timeframe, newest first: a fixed-size ring buffer for a
/// strategy's multi-timeframe context ("the last N closed bars of each configured timeframe").
/// </summary>
/// <remarks>
/// Not thread-safe: use it from the portfolio's event loop. <see cref="Add"/> and every read are O(1) and allocation-free;
/// the buffer is allocated once by the constructor.
/// </remarks>
public sealed class BarHistory
{
    // The bars' values without the pair and timeframe (the history's own): no references, so storing one is a plain copy.
    private readonly Row[] _bars;
    private int _next;

    /// <summary>Initializes an empty history.</summary>
    /// <param name="pair">The pair whose bars are kept.</param>
    /// <param name="timeframe">The timeframe whose bars are kept.</param>
    /// <param name="capacity">How many bars are kept; at least 1.</param>
    /// <exception cref="ArgumentException"><paramref name="pair"/> or <paramref name="timeframe"/> is default.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public BarHistory(TradingPair pair, Timeframe timeframe, int capacity)
    {
        if (pair.IsDefault)
        {
            throw new ArgumentException("A history needs a pair.", nameof(pair));
        }

        if (timeframe == default)
        {
            throw new ArgumentException("A history needs a timeframe.", nameof(timeframe));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Pair = pair;
        Timeframe = timeframe;
        _bars = new Row[capacity];
    }

    /// <summary>Gets the pair whose bars are kept.</summary>
    public TradingPair Pair { get; }

    /// <summary>Gets the timeframe whose bars are kept.</summary>
    public Timeframe Timeframe { get; }

    /// <summary>Gets how many bars are kept at most.</summary>
    public int Capacity => _bars.Length;

    /// <summary>Gets how many bars are held: up to <see cref="Capacity"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the newest bar.</summary>
    /// <exception cref="InvalidOperationException">The history is empty.</exception>
    public Bar Latest => Count > 0 ? ToBar(_bars[Index(0)]) : throw new InvalidOperationException("The history is empty.");

    /// <summary>Gets a bar by age: 0 is the newest, <see cref="Count"/> - 1 the oldest held.</summary>
    /// <param name="ago">How many bars back.</param>
    /// <returns>The bar.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ago"/> is negative or not less than <see cref="Count"/>.</exception>
    public Bar this[int ago]
    {
        get
        {
            if (ago < 0 || ago >= Count)
            {
                throw new ArgumentOutOfRangeException(nameof(ago), ago, "Not that many bars are held.");
            }

            return ToBar(_bars[Index(ago)]);
        }
    }

    /// <summary>Adds a closed bar as the newest; when full, the oldest is dropped.</summary>
    /// <param name="bar">A closed bar of this pair and timeframe, opening after the newest bar held.</param>
    /// <exception cref="ArgumentException">The bar is of another pair or timeframe, or does not open after the newest bar held.</exception>
    public void Add(in Bar bar)
    {
        if (bar.Pair != Pair || bar.Timeframe != Timeframe)
        {
            throw new ArgumentException($"The bar is {bar.Pair} {bar.Timeframe}; this history keeps {Pair} {Timeframe}.", nameof(bar));
        }

        if (Count > 0 && bar.OpenTime <= _bars[Index(0)].OpenTime)
        {
            throw new ArgumentException("The bar does not open after the newest bar held.", nameof(bar));
        }

        _bars[_next] = new Row(bar.OpenTime, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume);
        _next = _next + 1 == _bars.Length ? 0 : _next + 1;
        if (Count < _bars.Length)
        {
            Count++;
        }
    }

    /// <summary>Gets a bar by age without throwing.</summary>
    /// <param name="ago">How many bars back: 0 is the newest.</param>
    /// <param name="bar">The bar, or <c>default</c> when there is none.</param>
    /// <returns><see langword="true"/> when that bar is held.</returns>
    public bool TryGet(int ago, out Bar bar)
    {
        if (ago < 0 || ago >= Count)
        {
            bar = default;
            return false;
        }

        bar = ToBar(_bars[Index(ago)]);
        return true;
    }

    /// <summary>Removes every bar.</summary>
    public void Clear()
    {
        Array.Clear(_bars);
        _next = 0;
        Count = 0;
    }

    private Bar ToBar(in Row row) => new(Pair, Timeframe, row.OpenTime, row.Open, row.High, row.Low, row.Close, row.Volume, validated: true);

    private int Index(int ago)
    {
        var index = _next - 1 - ago;
        return index < 0 ? index + _bars.Length : index;
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Row(DateTimeOffset OpenTime, double Open, double High, double Low, double Close, double Volume);
}
