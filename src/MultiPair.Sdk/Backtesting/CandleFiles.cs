namespace MultiPair.Sdk.Backtesting;

/// <summary>Opens candle files, turning I/O failures into <see cref="CandleDataException"/>.</summary>
internal static class CandleFiles
{
    internal static FileStream OpenRead(string path)
    {
        try
        {
            // No FileStream buffer: the readers keep their own pooled buffer.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CandleDataException(path, line: null, row: null, byteOffset: null, "the file cannot be opened: " + ex.Message, ex);
        }
    }
}
