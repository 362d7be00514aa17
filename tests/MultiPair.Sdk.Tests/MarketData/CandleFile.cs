using System.Text.Json;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.MarketData;

/// <summary>Reads the freqtrade JSON candles under MarketData/Data (see NOTICE.md there).</summary>
internal static class CandleFile
{
    public static readonly TradingPair Btc = new("BTC", "USDT");

    public static List<Bar> Load(string fileName, Timeframe timeframe)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "MarketData", "Data", fileName);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var bars = new List<Bar>();
        foreach (var row in document.RootElement.EnumerateArray())
        {
            bars.Add(new Bar(
                Btc,
                timeframe,
                DateTimeOffset.FromUnixTimeMilliseconds(row[0].GetInt64()),
                row[1].GetDouble(),
                row[2].GetDouble(),
                row[3].GetDouble(),
                row[4].GetDouble(),
                row[5].GetDouble()));
        }

        return bars;
    }
}

/// <summary>Keeps every closed bar, in emission order.</summary>
internal sealed class RecordingSink : IBarSink
{
    public List<Bar> Bars { get; } = [];

    public void OnBarClosed(in Bar bar) => Bars.Add(bar);

    public List<Bar> Of(Timeframe timeframe) => Bars.FindAll(b => b.Timeframe == timeframe);
}
