using MultiPair.Sdk.Exchanges.Binance.Tests.Rest;
using MultiPair.Sdk.Exchanges.Binance.Tests.Fake;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Storage.Sqlite;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Execution;

/// <summary>The SQLite candle cache in front of the Binance adapter: a second start fetches only what is missing.</summary>
public sealed class CandleCacheTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mp-candles-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_cached_range_is_served_without_requests_and_a_longer_one_fetches_only_the_missing_tail()
    {
        await using var h = await RestHarness.StartAsync();
        h.Server.SetKlines("BTCUSDT", "1h", FakeBinanceServer.GenerateKlines(Start, TimeSpan.FromHours(1), 3_000, 40_000m));
        using var cache = new SqliteCandleCache(Path.Combine(_folder.FullName, "candles.db"));
        var api = new CachingKlineApi(h.Adapter, cache);

        var first = (await api.GetKlinesAsync(Btc, Timeframe.OneHour, Start, Start.AddHours(1_500))).Value;
        first.Count.ShouldBe(1_500);
        var afterFirst = h.Server.RequestsTo("/api/v3/klines");
        afterFirst.ShouldBe(2);

        var again = (await api.GetKlinesAsync(Btc, Timeframe.OneHour, Start, Start.AddHours(1_500))).Value;
        h.Server.RequestsTo("/api/v3/klines").ShouldBe(afterFirst, "everything was cached");
        again.Select(b => (b.OpenTime, b.Close)).ShouldBe(first.Select(b => (b.OpenTime, b.Close)));

        var longer = (await api.GetKlinesAsync(Btc, Timeframe.OneHour, Start, Start.AddHours(2_500))).Value;
        (h.Server.RequestsTo("/api/v3/klines") - afterFirst).ShouldBe(1, "only the 1,000 missing bars");
        longer.Count.ShouldBe(2_500);
        longer.Zip(longer.Skip(1)).ShouldAllBe(p => p.Second.OpenTime - p.First.OpenTime == TimeSpan.FromHours(1));

        // A reopened cache serves a backtest the same bars.
        using var reopened = new SqliteCandleCache(cache.Path);
        reopened.OpenMerged([Btc], Timeframe.OneHour, Start, Start.AddHours(2_500)).Select(b => b.Close).ShouldBe(longer.Select(b => b.Close));
    }
}
