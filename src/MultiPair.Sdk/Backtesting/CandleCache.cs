using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Backtesting;

/// <summary>
/// The compact binary candle format (<c>.mpc</c>): a 64-byte little-endian header naming the pair, timeframe and
/// record count, then one fixed 48-byte record per bar. Reading it is a block copy and a few comparisons per bar, so
/// loading is not the bottleneck of a long backtest; <see cref="CandleFolder"/> picks <c>PAIR-TIMEFRAME.mpc</c> files
/// up next to (and before) JSON and CSV ones.
/// </summary>
/// <remarks>
/// <para>Layout (all integers and doubles little-endian):</para>
/// <list type="table">
/// <listheader><term>Offset</term><description>Field</description></listheader>
/// <item><term>0</term><description>8 bytes: magic <c>MPCANDLE</c>.</description></item>
/// <item><term>8</term><description>uint16: format version, 1.</description></item>
/// <item><term>10</term><description>uint16: header size, 64.</description></item>
/// <item><term>12</term><description>uint16: record size, 48.</description></item>
/// <item><term>14</term><description>uint16: length of the pair text in bytes (1–32).</description></item>
/// <item><term>16</term><description>int64: timeframe, in ticks of 100 ns.</description></item>
/// <item><term>24</term><description>int64: record count; -1 while the writer has not finished.</description></item>
/// <item><term>32</term><description>32 bytes: the pair as ASCII <c>BASE/QUOTE</c>, zero padded.</description></item>
/// <item><term>64 + 48 i</term><description>record i: int64 open time in Unix milliseconds, then open, high, low, close and volume as float64.</description></item>
/// </list>
/// <para>
/// Reading checks the header (magic, version, sizes, pair and timeframe against those requested, the file length
/// against the count) and every row as the JSON and CSV readers do (sorted unique timestamps, finite positive prices,
/// a high and low that contain the open and close, a finite non-negative volume). Problems throw
/// <see cref="CandleDataException"/> naming the file and, for a record, its index and byte offset. Bars are bit for bit
/// the doubles written.
/// </para>
/// </remarks>
public static class CandleCache
{
    /// <summary>The file extension of the binary candle format, <c>.mpc</c>.</summary>
    public const string Extension = ".mpc";

    internal const int HeaderSize = 64;
    internal const int RecordSize = 48;
    internal const ushort Version = 1;
    internal const int MaxPairLength = 32;
    internal const long Incomplete = -1;

    internal static ReadOnlySpan<byte> Magic => "MPCANDLE"u8;

    /// <summary>Gets the freqtrade-style file name of a pair's binary candles, for example <c>BTC_USDT-1h.mpc</c>.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="timeframe">The bar period.</param>
    /// <param name="type">What the file holds; futures and mark files get the settle asset (the quote) and a suffix, as freqtrade names them.</param>
    /// <returns>The file name, which <see cref="CandleFolder.TryParseFileName"/> reads back.</returns>
    /// <exception cref="ArgumentException">The pair or timeframe is default.</exception>
    public static string FileName(TradingPair pair, Timeframe timeframe, CandleType type = CandleType.Spot)
    {
        if (pair.IsDefault)
        {
            throw new ArgumentException("A pair is required.", nameof(pair));
        }

        if (timeframe == default)
        {
            throw new ArgumentException("A timeframe is required.", nameof(timeframe));
        }

        return type switch
        {
            CandleType.Futures => string.Create(CultureInfo.InvariantCulture, $"{pair.Base}_{pair.Quote}_{pair.Quote}-{timeframe}-futures{Extension}"),
            CandleType.Mark => string.Create(CultureInfo.InvariantCulture, $"{pair.Base}_{pair.Quote}_{pair.Quote}-{timeframe}-mark{Extension}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{pair.Base}_{pair.Quote}-{timeframe}{Extension}"),
        };
    }

    /// <summary>
    /// Writes bars to a binary candle file, replacing it: the bars go to a temporary file next to it, which is moved
    /// into place when complete, so a reader never sees half a file.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="pair">The pair every bar belongs to.</param>
    /// <param name="timeframe">The timeframe of every bar.</param>
    /// <param name="bars">The bars, in strictly increasing open time (for example a JSON or CSV file read with <see cref="CandleReader"/>).</param>
    /// <returns>The number of bars written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="bars"/> is null.</exception>
    /// <exception cref="ArgumentException">The pair or timeframe is default, the pair's text is longer than 32 characters, a bar is of another pair or timeframe, its open time is not a whole millisecond, or the open times do not increase.</exception>
    public static long Write(string path, TradingPair pair, Timeframe timeframe, IEnumerable<Bar> bars)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(bars);
        _ = FileName(pair, timeframe);
        var pairText = pair.ToString();
        if (pairText.Length > MaxPairLength)
        {
            throw new ArgumentException($"The pair {pairText} is longer than {MaxPairLength} characters.", nameof(pair));
        }

        var temporary = path + ".tmp";
        long count = 0;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                var header = new byte[HeaderSize];
                WriteHeader(header, pairText, timeframe, Incomplete);
                stream.Write(header);
                count = WriteRecords(stream, pair, timeframe, bars);
                WriteHeader(header, pairText, timeframe, count);
                stream.Position = 0;
                stream.Write(header);
            }

            File.Move(temporary, path, overwrite: true);
            return count;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Streams a binary candle file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="pair">The pair the candles belong to (checked against the header).</param>
    /// <param name="timeframe">The bar period (checked against the header).</param>
    /// <returns>The bars in file order, lazily: the file is opened once per enumeration and read in blocks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The pair or timeframe is default.</exception>
    public static IEnumerable<Bar> Read(string path, TradingPair pair, Timeframe timeframe) =>
        CandleReader.ReadBinary(path, pair, timeframe);

    private static void WriteHeader(Span<byte> header, string pairText, Timeframe timeframe, long count)
    {
        header.Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], RecordSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[14..], (ushort)pairText.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], timeframe.Duration.Ticks);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], count);
        _ = Encoding.ASCII.GetBytes(pairText, header[32..]);
    }

    private static long WriteRecords(FileStream stream, TradingPair pair, Timeframe timeframe, IEnumerable<Bar> bars)
    {
        const int RecordsPerBlock = 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(RecordsPerBlock * RecordSize);
        try
        {
            long count = 0;
            long previous = 0;
            var used = 0;
            foreach (var bar in bars)
            {
                if (bar.Pair != pair || bar.Timeframe != timeframe)
                {
                    throw new ArgumentException($"Bar {count} is a {bar.Timeframe} bar of {bar.Pair}, not a {timeframe} bar of {pair}.", nameof(bars));
                }

                var ms = bar.OpenTime.ToUnixTimeMilliseconds();
                if (DateTimeOffset.FromUnixTimeMilliseconds(ms) != bar.OpenTime)
                {
                    throw new ArgumentException($"Bar {count} opens at {bar.OpenTime:O}, not on a whole millisecond.", nameof(bars));
                }

                if (count > 0 && ms <= previous)
                {
                    throw new ArgumentException($"Bar {count} opens at {bar.OpenTime:O}, not after the previous bar.", nameof(bars));
                }

                var record = buffer.AsSpan(used, RecordSize);
                BinaryPrimitives.WriteInt64LittleEndian(record, ms);
                BinaryPrimitives.WriteDoubleLittleEndian(record[8..], bar.Open);
                BinaryPrimitives.WriteDoubleLittleEndian(record[16..], bar.High);
                BinaryPrimitives.WriteDoubleLittleEndian(record[24..], bar.Low);
                BinaryPrimitives.WriteDoubleLittleEndian(record[32..], bar.Close);
                BinaryPrimitives.WriteDoubleLittleEndian(record[40..], bar.Volume);
                used += RecordSize;
                previous = ms;
                count++;
                if (used == RecordsPerBlock * RecordSize)
                {
                    stream.Write(buffer, 0, used);
                    used = 0;
                }
            }

            stream.Write(buffer, 0, used);
            return count;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
