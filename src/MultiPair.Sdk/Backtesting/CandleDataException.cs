using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MultiPair.Sdk.Backtesting;

/// <summary>Thrown when a candle file cannot be read or holds bad data.</summary>
/// <remarks>
/// The message names the file, where the problem is (the line, and for JSON the row index and byte offset) and what
/// the problem is, for example <c>BTC_USDT-1h.json: row 12 (line 1, byte 845): high 19400 is below low 19500.</c>
/// </remarks>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors", Justification = "Always carries the file and the problem.")]
public sealed class CandleDataException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="filePath">The file that holds the bad data.</param>
    /// <param name="line">The 1-based line of the problem, or <see langword="null"/> when it concerns the whole file.</param>
    /// <param name="row">The 0-based data row of the problem (JSON: index in the outer array; CSV: data line after the header), or <see langword="null"/>.</param>
    /// <param name="byteOffset">The 0-based byte offset of the problem in the file, or <see langword="null"/> when unknown.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="filePath"/> or <paramref name="problem"/> is null.</exception>
    public CandleDataException(string filePath, long? line, long? row, long? byteOffset, string problem, Exception? innerException = null)
        : base(Describe(filePath, line, row, byteOffset, problem), innerException)
    {
        FilePath = filePath;
        Line = line;
        Row = row;
        ByteOffset = byteOffset;
        Problem = problem;
    }

    /// <summary>Gets the file that holds the bad data.</summary>
    public string FilePath { get; }

    /// <summary>Gets the 1-based line of the problem, or <see langword="null"/> when it concerns the whole file.</summary>
    public long? Line { get; }

    /// <summary>Gets the 0-based data row of the problem, or <see langword="null"/>.</summary>
    public long? Row { get; }

    /// <summary>Gets the 0-based byte offset of the problem in the file, or <see langword="null"/> when unknown.</summary>
    public long? ByteOffset { get; }

    /// <summary>Gets what is wrong, without the location.</summary>
    public string Problem { get; }

    private static string Describe(string filePath, long? line, long? row, long? byteOffset, string problem)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(problem);
        var where = new List<string>(3);
        if (row is { } r)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture, $"row {r}"));
        }

        if (line is { } l)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture, $"line {l}"));
        }

        if (byteOffset is { } b)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture, $"byte {b}"));
        }

        return where.Count == 0
            ? $"{filePath}: {problem}"
            : $"{filePath} ({string.Join(", ", where)}): {problem}";
    }
}
