namespace MultiPair.Sdk.Tests.Backtesting;

/// <summary>A temporary folder for candle files written by a test; deleted on dispose.</summary>
internal sealed class TempCandleDirectory : IDisposable
{
    public TempCandleDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "multipair-candles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public static string DataPath(string fileName) => System.IO.Path.Combine(AppContext.BaseDirectory, "Backtesting", "Data", fileName);

    public string Write(string fileName, string content)
    {
        string path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
