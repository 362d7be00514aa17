using System.Globalization;
using System.Text;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Backtesting;

/// <summary>Streams a CSV candle file with the header <c>open_time_ms,open,high,low,close,volume</c>, one line at a time.</summary>
internal static class CsvCandleReader
{
    internal const string Header = "open_time_ms,open,high,low,close,volume";

    private static readonly string[] ColumnNames = Header.Split(',');

    internal static IEnumerable<Bar> Read(string path, TradingPair pair, Timeframe timeframe, long fromMs, long toMs)
    {
        using var stream = CandleFiles.OpenRead(path);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024);
        long lineNumber = 0;
        string? line = ReadLine(reader, path, lineNumber);
        lineNumber++;
        if (line is null)
        {
            throw new CandleDataException(path, line: null, row: null, byteOffset: null, $"the file is empty: expected the header '{Header}'.");
        }

        CheckHeader(path, line);
        long row = 0;
        long previousMs = 0;
        bool hasPrevious = false;
        var values = new double[6];
        while ((line = ReadLine(reader, path, lineNumber)) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            long ms = ParseRow(path, lineNumber, row, line, values);
            if (CandleRow.TryCreate(pair, timeframe, ms, previousMs, hasPrevious, values[1], values[2], values[3], values[4], values[5], out var bar) is { } problem)
            {
                throw new CandleDataException(path, lineNumber, row, byteOffset: null, problem);
            }

            if (ms >= toMs)
            {
                yield break;
            }

            previousMs = ms;
            hasPrevious = true;
            row++;
            if (ms >= fromMs)
            {
                yield return bar;
            }
        }
    }

    private static string? ReadLine(StreamReader reader, string path, long linesRead)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (IOException ex)
        {
            throw new CandleDataException(path, linesRead + 1, row: null, byteOffset: null, "the file cannot be read: " + ex.Message, ex);
        }
    }

    private static void CheckHeader(string path, string line)
    {
        var columns = line.Split(',', StringSplitOptions.TrimEntries);
        if (columns.SequenceEqual(ColumnNames, StringComparer.Ordinal))
        {
            return;
        }

        var unknown = columns.Where(c => !ColumnNames.Contains(c, StringComparer.Ordinal)).ToList();
        var missing = ColumnNames.Where(c => !columns.Contains(c, StringComparer.Ordinal)).ToList();
        var problem = new StringBuilder().Append(CultureInfo.InvariantCulture, $"the header must be '{Header}', found '{line}'.");
        if (unknown.Count > 0)
        {
            problem.Append(" Unknown columns: ").AppendJoin(", ", unknown).Append('.');
        }

        if (missing.Count > 0)
        {
            problem.Append(" Missing columns: ").AppendJoin(", ", missing).Append('.');
        }

        if (unknown.Count == 0 && missing.Count == 0)
        {
            problem.Append(" The columns are out of order or repeated.");
        }

        throw new CandleDataException(path, 1, row: null, byteOffset: null, problem.ToString());
    }

    private static long ParseRow(string path, long lineNumber, long row, string line, double[] values)
    {
        var rest = line.AsSpan();
        long ms = 0;
        for (int column = 0; column < 6; column++)
        {
            int comma = rest.IndexOf(',');
            if ((comma < 0) != (column == 5))
            {
                int count = line.AsSpan().Count(',') + 1;
                throw new CandleDataException(path, lineNumber, row, byteOffset: null, string.Create(CultureInfo.InvariantCulture, $"the row has {count} columns; expected 6: {Header}."));
            }

            var field = (comma < 0 ? rest : rest[..comma]).Trim();
            rest = comma < 0 ? [] : rest[(comma + 1)..];
            string name = ColumnNames[column];
            if (column == 0)
            {
                if (!long.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ms))
                {
                    throw new CandleDataException(path, lineNumber, row, byteOffset: null, $"open_time_ms '{field}' is not a whole number of milliseconds since the Unix epoch.");
                }
            }
            else if (column == 5 && (field.IsEmpty || field.Equals("null", StringComparison.OrdinalIgnoreCase)))
            {
                values[column] = 0;
            }
            else if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out values[column]))
            {
                throw new CandleDataException(path, lineNumber, row, byteOffset: null, $"{name} '{field}' is not a number.");
            }
        }

        return ms;
    }
}
