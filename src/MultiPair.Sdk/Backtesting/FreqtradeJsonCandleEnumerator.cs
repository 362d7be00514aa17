using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Backtesting;

/// <summary>
/// Streams a freqtrade JSON candle file (<c>[[open_time_ms, open, high, low, close, volume], ...]</c>) with a
/// <see cref="Utf8JsonReader"/> over a <see cref="FileStream"/> and one pooled buffer: memory stays bounded by the
/// longest row, whatever the file size.
/// </summary>
/// <remarks>Not thread-safe. A <c>null</c> volume (freqtrade mark-price files) reads as 0.</remarks>
internal sealed class FreqtradeJsonCandleEnumerator : IEnumerator<Bar>
{
    /// <summary>The buffer rented at start; it grows only for a row longer than this.</summary>
    internal const int InitialBufferSize = 64 * 1024;

    /// <summary>The longest row accepted, in bytes.</summary>
    internal const int MaxBufferSize = 1024 * 1024;

    private const int Columns = 6;

    private static readonly string[] ColumnNames = ["open_time_ms", "open", "high", "low", "close", "volume"];

    private readonly string _path;
    private readonly TradingPair _pair;
    private readonly Timeframe _timeframe;
    private readonly long _fromMs;
    private readonly long _toMs;
    private readonly FileStream _stream;
    private readonly double[] _values = new double[Columns];

    private byte[]? _buffer;
    private int _start;
    private int _end;
    private long _bufferFileOffset;
    private long _linesBeforeBuffer;
    private bool _finalBlock;
    private JsonReaderState _state;
    private Phase _phase;
    private int _column;
    private int _rowStart;
    private long _row;
    private long _openTimeMs;
    private long _previousOpenTimeMs;
    private bool _hasPrevious;
    private Bar _current;

    internal FreqtradeJsonCandleEnumerator(string path, TradingPair pair, Timeframe timeframe, long fromMs, long toMs)
    {
        _path = path;
        _pair = pair;
        _timeframe = timeframe;
        _fromMs = fromMs;
        _toMs = toMs;
        _stream = CandleFiles.OpenRead(path);
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    }

    private enum Phase
    {
        Start,
        Rows,
        InRow,
        Done,
    }

    /// <inheritdoc />
    public Bar Current => _current;

    /// <summary>Gets the length of the buffer in use (0 once disposed); it stays bounded whatever the file size.</summary>
    internal int BufferLength => _buffer?.Length ?? 0;

    object IEnumerator.Current => _current;

    /// <inheritdoc />
    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        while (_phase != Phase.Done)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _finalBlock, _state);
            bool produced;
            try
            {
                produced = ReadRow(ref reader);
            }
            catch (JsonException ex)
            {
                if (_phase == Phase.Start && _finalBlock && _buffer.AsSpan(_start, _end - _start).Trim(" \t\r\n"u8).IsEmpty)
                {
                    throw Fail(_end, "the file is empty: expected a JSON array of rows.", ex);
                }

                throw Fail(_start + (int)reader.BytesConsumed, "malformed JSON: " + ex.Message, ex);
            }

            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            if (produced)
            {
                if (_current.OpenTime.ToUnixTimeMilliseconds() >= _toMs)
                {
                    _phase = Phase.Done;
                    return false;
                }

                if (_current.OpenTime.ToUnixTimeMilliseconds() >= _fromMs)
                {
                    return true;
                }

                continue;
            }

            if (_phase == Phase.Done)
            {
                break;
            }

            if (_finalBlock)
            {
                throw Fail(_end, _phase == Phase.Start ? "the file is empty: expected a JSON array of rows." : "malformed JSON: unexpected end of file inside the array.");
            }

            Refill();
        }

        return false;
    }

    /// <inheritdoc />
    public void Reset() => throw new NotSupportedException("A candle file stream cannot be reset; enumerate the file again.");

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
            _stream.Dispose();
        }
    }

    // Reads tokens until a row completes (true), the outer array closes, or the buffer runs out (false).
    private bool ReadRow(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
            int tokenAt = _start + (int)reader.TokenStartIndex;
            switch (_phase)
            {
                case Phase.Start:
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw Fail(tokenAt, $"expected a JSON array of rows, found {reader.TokenType}.");
                    }

                    _phase = Phase.Rows;
                    break;
                case Phase.Rows:
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        _phase = Phase.Done;
                        return false;
                    }

                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw Fail(tokenAt, $"expected a row [open_time_ms, open, high, low, close, volume], found {reader.TokenType}.");
                    }

                    _phase = Phase.InRow;
                    _rowStart = tokenAt;
                    _column = 0;
                    break;
                default:
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        return CompleteRow();
                    }

                    ReadValue(ref reader, tokenAt);
                    break;
            }
        }

        return false;
    }

    private void ReadValue(ref Utf8JsonReader reader, int tokenAt)
    {
        if (_column >= Columns)
        {
            throw Fail(tokenAt, "the row has more than 6 columns; expected [open_time_ms, open, high, low, close, volume].");
        }

        string name = ColumnNames[_column];
        if (reader.TokenType == JsonTokenType.Null && _column == Columns - 1)
        {
            _values[_column++] = 0;
            return;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw Fail(tokenAt, $"{name} must be a number, found {reader.TokenType}.");
        }

        if (_column == 0)
        {
            if (reader.TryGetInt64(out long ms))
            {
                _openTimeMs = ms;
            }
            else if (reader.TryGetDouble(out double msDouble) && double.IsFinite(msDouble) && Math.Floor(msDouble) == msDouble
                && msDouble is >= CandleRow.MinUnixMilliseconds and <= CandleRow.MaxUnixMilliseconds)
            {
                _openTimeMs = (long)msDouble;
            }
            else
            {
                throw Fail(tokenAt, "open_time_ms must be a whole number of milliseconds since the Unix epoch.");
            }
        }
        else if (!reader.TryGetDouble(out _values[_column]) || !double.IsFinite(_values[_column]))
        {
            throw Fail(tokenAt, $"{name} is not a finite number.");
        }

        _column++;
    }

    private bool CompleteRow()
    {
        if (_column != Columns)
        {
            throw Fail(_rowStart, string.Create(CultureInfo.InvariantCulture, $"the row has {_column} columns; expected 6: [open_time_ms, open, high, low, close, volume]."));
        }

        if (CandleRow.TryCreate(_pair, _timeframe, _openTimeMs, _previousOpenTimeMs, _hasPrevious, _values[1], _values[2], _values[3], _values[4], _values[5], out var bar) is { } problem)
        {
            throw Fail(_rowStart, problem);
        }

        _current = bar;
        _previousOpenTimeMs = _openTimeMs;
        _hasPrevious = true;
        _row++;
        _phase = Phase.Rows;
        return true;
    }

    // Keeps the unread bytes (and the current row, for error positions), then reads more of the file.
    private void Refill()
    {
        var buffer = _buffer!;
        int keepFrom = _phase == Phase.InRow ? Math.Min(_start, _rowStart) : _start;
        int kept = _end - keepFrom;
        if (keepFrom == 0 && kept == buffer.Length)
        {
            if (buffer.Length >= MaxBufferSize)
            {
                throw Fail(_rowStart, string.Create(CultureInfo.InvariantCulture, $"a row is longer than {MaxBufferSize} bytes."));
            }

            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = buffer = larger;
        }
        else if (keepFrom > 0)
        {
            _linesBeforeBuffer += buffer.AsSpan(0, keepFrom).Count((byte)'\n');
            _bufferFileOffset += keepFrom;
            buffer.AsSpan(keepFrom, kept).CopyTo(buffer);
            _start -= keepFrom;
            _rowStart -= keepFrom;
            _end = kept;
        }

        int read;
        try
        {
            read = _stream.Read(buffer, _end, buffer.Length - _end);
        }
        catch (IOException ex)
        {
            throw new CandleDataException(_path, line: null, row: null, byteOffset: _bufferFileOffset + _end, "the file cannot be read: " + ex.Message, ex);
        }

        if (read == 0)
        {
            _finalBlock = true;
            return;
        }

        if (_bufferFileOffset == 0 && _end == 0 && read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
        {
            _start = 3;
        }

        _end += read;
    }

    private CandleDataException Fail(int offsetInBuffer, string problem, Exception? inner = null)
    {
        var buffer = _buffer!;
        offsetInBuffer = Math.Clamp(offsetInBuffer, 0, _end);
        long line = _linesBeforeBuffer + buffer.AsSpan(0, offsetInBuffer).Count((byte)'\n') + 1;
        return new CandleDataException(_path, line, _phase == Phase.Start ? null : _row, _bufferFileOffset + offsetInBuffer, problem, inner);
    }
}
