using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>
/// The last <see cref="Capacity"/> closed bars of one pair and timeframe, newest first: a fixed-size ring buffer for a
/// strategy's multi-timeframe context ("the last N closed bars of each configured timeframe").
/// </summary>
/// <remarks>
/// Not thread-safe: use it from the portfolio's event loop. <see cref="Add"/> and every read are O(1) and allocation-free;
/// the buffer (one cache-line-aligned 64-byte row per bar, on the pinned object heap) is allocated once by the constructor.
/// </remarks>
public sealed class BarHistory
{
    // Each bar is one 64-byte row of eight longs, aligned to a cache line: the open time (the DateTimeOffset's own 16
    // bytes), open, high, low, close, volume (as IEEE bits) and a spare. The array is on the pinned heap, so the
    // alignment found once holds.
    private const int RowLongs = 8;
    private readonly long[] _rows;
    private readonly int _first;
    private readonly int _capacity;
    private long _latestOpenTicks;
    private int _next;

    // Whether a bar was read since the last add: a history its strategy reads keeps its rows in the cache (plain
    // stores), one nobody reads is written past it (see AddStreaming).
    private bool _readSinceAdd;

    /// <summary>Initializes an empty history.</summary>
    /// <param name="pair">The pair whose bars are kept.</param>
    /// <param name="timeframe">The timeframe whose bars are kept.</param>
    /// <param name="capacity">How many bars are kept; at least 1.</param>
    /// <exception cref="ArgumentException"><paramref name="pair"/> or <paramref name="timeframe"/> is default.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1 or more rows than one array holds.</exception>
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
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, (Array.MaxLength / RowLongs) - 1);
        if (Unsafe.SizeOf<DateTimeOffset>() != 2 * sizeof(long))
        {
            // A row keeps the open time's own bytes in its first two longs.
            throw new PlatformNotSupportedException("A DateTimeOffset is not 16 bytes on this runtime.");
        }

        Pair = pair;
        Timeframe = timeframe;
        _capacity = capacity;
        // One row more than the capacity: room to start at the first cache-line boundary (at most 7 longs in).
        _rows = GC.AllocateArray<long>((capacity + 1) * RowLongs, pinned: true);
        _first = FirstAligned(_rows);
    }

    /// <summary>Gets the pair whose bars are kept.</summary>
    public TradingPair Pair { get; }

    /// <summary>Gets the timeframe whose bars are kept.</summary>
    public Timeframe Timeframe { get; }

    /// <summary>Gets how many bars are kept at most.</summary>
    public int Capacity => _capacity;

    /// <summary>Gets how many bars are held: up to <see cref="Capacity"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the newest bar.</summary>
    /// <exception cref="InvalidOperationException">The history is empty.</exception>
    public Bar Latest => Count > 0 ? Read(Index(0)) : throw new InvalidOperationException("The history is empty.");

    /// <summary>Gets how many rows were written with streaming stores (for tests and diagnostics).</summary>
    internal long StreamedRows { get; private set; }

    /// <summary>Gets the newest bar's open time in UTC ticks (without reading its row); meaningful only when <see cref="Count"/> is positive.</summary>
    internal long LatestOpenTicks => _latestOpenTicks;

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

            return Read(Index(ago));
        }
    }

    /// <summary>Adds a closed bar as the newest; when full, the oldest is dropped.</summary>
    /// <param name="bar">A closed bar of this pair and timeframe, opening after the newest bar held.</param>
    /// <exception cref="ArgumentException">The bar is of another pair or timeframe, or does not open after the newest bar held.</exception>
    public void Add(in Bar bar) => Append(bar, streaming: false);

    /// <summary>
    /// Adds a closed bar as <see cref="Add(in Bar)"/> does, writing its row with non-temporal (streaming) stores where
    /// the processor has them and no bar was read since the previous add: a history nobody reads should not push the
    /// rest of the loop's working set out of the cache, while one its strategy reads every bar keeps its newest rows
    /// there (plain stores). Rows written so are visible to other threads only after a store fence
    /// (<see cref="FenceStreamingWrites"/>); the same thread reads them back as usual.
    /// </summary>
    /// <param name="bar">A closed bar of this pair and timeframe, opening after the newest bar held.</param>
    /// <exception cref="ArgumentException">The bar is of another pair or timeframe, or does not open after the newest bar held.</exception>
    internal void AddStreaming(in Bar bar) => Append(bar, streaming: true);

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

        bar = Read(Index(ago));
        return true;
    }

    /// <summary>Removes every bar.</summary>
    public void Clear()
    {
        Array.Clear(_rows);
        _next = 0;
        _latestOpenTicks = 0;
        _readSinceAdd = false;
        Count = 0;
    }

    /// <summary>Makes rows written by <see cref="AddStreaming"/> on this thread visible to every thread (a store fence).</summary>
    internal static void FenceStreamingWrites()
    {
        if (Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }

    private static unsafe int FirstAligned(long[] rows)
    {
        // The array never moves (pinned heap): its first cache-line boundary is fixed for its lifetime.
        var address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(rows));
        var misalignment = (int)(address & 63);
        return misalignment == 0 ? 0 : (64 - misalignment) / sizeof(long);
    }

    private void Append(in Bar bar, bool streaming)
    {
        if (bar.Pair != Pair || bar.Timeframe != Timeframe)
        {
            throw new ArgumentException($"The bar is {bar.Pair} {bar.Timeframe}; this history keeps {Pair} {Timeframe}.", nameof(bar));
        }

        var openTicks = bar.OpenTime.UtcTicks;
        if (Count > 0 && openTicks <= _latestOpenTicks)
        {
            throw new ArgumentException("The bar does not open after the newest bar held.", nameof(bar));
        }

        ref var row = ref _rows[_first + (_next * RowLongs)];
        if (streaming && !_readSinceAdd && Sse2.IsSupported)
        {
            WriteStreaming(ref row, bar);
            StreamedRows++;
        }
        else
        {
            var span = MemoryMarshal.CreateSpan(ref row, RowLongs);
            Unsafe.As<long, DateTimeOffset>(ref span[0]) = bar.OpenTime;
            span[2] = BitConverter.DoubleToInt64Bits(bar.Open);
            span[3] = BitConverter.DoubleToInt64Bits(bar.High);
            span[4] = BitConverter.DoubleToInt64Bits(bar.Low);
            span[5] = BitConverter.DoubleToInt64Bits(bar.Close);
            span[6] = BitConverter.DoubleToInt64Bits(bar.Volume);
        }

        _latestOpenTicks = openTicks;
        _readSinceAdd = false;
        _next = _next + 1 == _capacity ? 0 : _next + 1;
        if (Count < _capacity)
        {
            Count++;
        }
    }

    private static unsafe void WriteStreaming(ref long row, in Bar bar)
    {
        // One whole aligned cache line in four 16-byte streaming stores: it goes to memory without being read into the
        // cache first, and evicts nothing.
        var address = (long*)Unsafe.AsPointer(ref row);
        var openTime = bar.OpenTime;
        Sse2.StoreAlignedNonTemporal(address, Unsafe.As<DateTimeOffset, Vector128<long>>(ref openTime));
        Sse2.StoreAlignedNonTemporal(address + 2, Vector128.Create(BitConverter.DoubleToInt64Bits(bar.Open), BitConverter.DoubleToInt64Bits(bar.High)));
        Sse2.StoreAlignedNonTemporal(address + 4, Vector128.Create(BitConverter.DoubleToInt64Bits(bar.Low), BitConverter.DoubleToInt64Bits(bar.Close)));
        Sse2.StoreAlignedNonTemporal(address + 6, Vector128.Create(BitConverter.DoubleToInt64Bits(bar.Volume), 0L));
    }

    private Bar Read(int index)
    {
        _readSinceAdd = true;

        // One bounds check for the row's first long; the row's eight longs lie inside the array (see the constructor).
        ref var row = ref _rows[_first + (index * RowLongs)];
        return new(
            Pair,
            Timeframe,
            Unsafe.As<long, DateTimeOffset>(ref row),
            BitConverter.Int64BitsToDouble(Unsafe.Add(ref row, 2)),
            BitConverter.Int64BitsToDouble(Unsafe.Add(ref row, 3)),
            BitConverter.Int64BitsToDouble(Unsafe.Add(ref row, 4)),
            BitConverter.Int64BitsToDouble(Unsafe.Add(ref row, 5)),
            BitConverter.Int64BitsToDouble(Unsafe.Add(ref row, 6)),
            validated: true);
    }

    private int Index(int ago)
    {
        var index = _next - 1 - ago;
        return index < 0 ? index + _capacity : index;
    }
}
