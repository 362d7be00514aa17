using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Backtesting;

/// <summary>
/// Streams a binary candle file (see <see cref="CandleCache"/>): the header is checked when enumeration starts, then
/// records are read in blocks into one pooled buffer and decoded in place; nothing is allocated per bar.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class BinaryCandleEnumerator : IEnumerator<Bar>
{
    /// <summary>Records read per block (48 KiB).</summary>
    internal const int RecordsPerBlock = 1024;

    private readonly string _path;
    private readonly TradingPair _pair;
    private readonly Timeframe _timeframe;
    private readonly long _fromMs;
    private readonly long _toMs;
    private FileStream? _stream;
    private byte[]? _buffer;
    private bool _started;
    private bool _done;
    private long _count;
    private long _row;
    private int _offset;
    private int _length;
    private long _previousMs;
    private Bar _current;

    internal BinaryCandleEnumerator(string path, TradingPair pair, Timeframe timeframe, long fromMs, long toMs)
    {
        _path = path;
        _pair = pair;
        _timeframe = timeframe;
        _fromMs = fromMs;
        _toMs = toMs;
        _stream = CandleFiles.OpenRead(path);
        _buffer = ArrayPool<byte>.Shared.Rent(RecordsPerBlock * CandleCache.RecordSize);
    }

    /// <inheritdoc />
    public Bar Current => _current;

    object IEnumerator.Current => _current;

    /// <inheritdoc />
    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (!_started)
        {
            _started = true;
            ReadHeader();
        }

        while (!_done)
        {
            if (_offset == _length)
            {
                if (_row == _count)
                {
                    _done = true;
                    break;
                }

                Fill();
            }

            var record = _buffer.AsSpan(_offset, CandleCache.RecordSize);
            _offset += CandleCache.RecordSize;
            var row = _row++;
            var ms = BinaryPrimitives.ReadInt64LittleEndian(record);
            var open = BinaryPrimitives.ReadDoubleLittleEndian(record[8..]);
            var high = BinaryPrimitives.ReadDoubleLittleEndian(record[16..]);
            var low = BinaryPrimitives.ReadDoubleLittleEndian(record[24..]);
            var close = BinaryPrimitives.ReadDoubleLittleEndian(record[32..]);
            var volume = BinaryPrimitives.ReadDoubleLittleEndian(record[40..]);

            // One pass of comparisons for the common, valid row (NaN fails every one of them); the shared row check
            // only runs to describe a problem.
            var valid = (row == 0 || ms > _previousMs)
                && ms is >= CandleRow.MinUnixMilliseconds and <= CandleRow.MaxUnixMilliseconds
                && low > 0 && low <= open && low <= close && open <= high && close <= high && high <= double.MaxValue
                && volume >= 0 && volume <= double.MaxValue;
            if (!valid && CandleRow.TryCreate(_pair, _timeframe, ms, _previousMs, row > 0, open, high, low, close, volume, out _) is { } problem)
            {
                throw Fail(row, problem);
            }

            _previousMs = ms;
            if (ms >= _toMs)
            {
                _done = true;
                break;
            }

            if (ms >= _fromMs)
            {
                _current = new Bar(_pair, _timeframe, DateTimeOffset.FromUnixTimeMilliseconds(ms), open, high, low, close, volume);
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public void Reset() => throw new NotSupportedException();

    /// <inheritdoc />
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void ReadHeader()
    {
        Span<byte> header = stackalloc byte[CandleCache.HeaderSize];
        var read = ReadFully(0, header);
        if (read < CandleCache.HeaderSize)
        {
            throw FailFile(Invariant($"truncated header: {read} of {CandleCache.HeaderSize} bytes."));
        }

        if (!header[..8].SequenceEqual(CandleCache.Magic))
        {
            throw FailFile("not a binary candle file (bad magic; expected MPCANDLE).");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        var headerSize = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        var recordSize = BinaryPrimitives.ReadUInt16LittleEndian(header[12..]);
        if (version != CandleCache.Version || headerSize != CandleCache.HeaderSize || recordSize != CandleCache.RecordSize)
        {
            throw FailFile(Invariant($"unsupported format: version {version}, header {headerSize} bytes, records {recordSize} bytes (expected version {CandleCache.Version}, {CandleCache.HeaderSize}, {CandleCache.RecordSize})."));
        }

        var pairLength = BinaryPrimitives.ReadUInt16LittleEndian(header[14..]);
        var pairText = pairLength is > 0 and <= CandleCache.MaxPairLength ? Encoding.ASCII.GetString(header.Slice(32, pairLength)) : string.Empty;
        if (!TradingPair.TryParse(pairText, out var pair) || pair != _pair)
        {
            throw FailFile(Invariant($"the file holds candles of '{pairText}', not {_pair}."));
        }

        var timeframeTicks = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        if (timeframeTicks != _timeframe.Duration.Ticks)
        {
            throw FailFile(Invariant($"the file holds candles of {TimeSpan.FromTicks(Math.Max(0, timeframeTicks))}, not {_timeframe}."));
        }

        _count = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
        if (_count == CandleCache.Incomplete)
        {
            throw FailFile("the file is incomplete: its writer did not finish.");
        }

        var length = _stream!.Length;
        var records = (length - CandleCache.HeaderSize) / CandleCache.RecordSize;
        if (_count < 0 || records < _count)
        {
            // The first record that is missing or cut short.
            throw Fail(Math.Max(0, records), Invariant($"truncated: the header announces {_count} records, the file holds {records} whole records ({length} bytes)."));
        }

        if (records > _count || (length - CandleCache.HeaderSize) % CandleCache.RecordSize != 0)
        {
            throw FailFile(Invariant($"{length - CandleCache.HeaderSize - (_count * CandleCache.RecordSize)} bytes follow the {_count} records the header announces."));
        }
    }

    private void Fill()
    {
        var records = (int)Math.Min(RecordsPerBlock, _count - _row);
        var bytes = records * CandleCache.RecordSize;
        var position = CandleCache.HeaderSize + (_row * CandleCache.RecordSize);
        var read = ReadFully(position, _buffer.AsSpan(0, bytes));
        if (read < bytes)
        {
            throw Fail(_row + (read / CandleCache.RecordSize), "truncated: the file ended inside the records (was it changed while being read?).");
        }

        _offset = 0;
        _length = bytes;
    }

    private int ReadFully(long position, Span<byte> destination)
    {
        try
        {
            var total = 0;
            while (total < destination.Length)
            {
                var read = RandomAccess.Read(_stream!.SafeFileHandle, destination[total..], position + total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }
        catch (IOException ex)
        {
            throw new CandleDataException(_path, line: null, row: null, byteOffset: position, "the file cannot be read: " + ex.Message, ex);
        }
    }

    private CandleDataException Fail(long row, string problem) =>
        new(_path, line: null, row: row, byteOffset: CandleCache.HeaderSize + (row * CandleCache.RecordSize), problem);

    private CandleDataException FailFile(string problem) =>
        new(_path, line: null, row: null, byteOffset: null, problem);
}
