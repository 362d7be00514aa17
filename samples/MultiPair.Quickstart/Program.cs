// Quickstart: one account, five pairs, shared capital, on real Binance 1h candles.
// A simple SMA(12/48) trend rule per pair decides entries and exits; the ledger (IPortfolioManager) keeps cash,
// positions, fees and P&L for all pairs together, and its risk views say what is wrong with the book.
// The engine, strategies and simulated exchange of later releases replace the hand-written loop below.
using System.Text.Json;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

var dataDirectory = Path.Combine(AppContext.BaseDirectory, "data");

// Typical Binance spot filters for these pairs (tick size, step size, min quantity, min notional).
Instrument[] instruments =
[
    new(TradingPair.Parse("BTCUSDT"), MarketType.Spot, tickSize: 0.01m, stepSize: 0.00001m, minQuantity: 0.00001m, minNotional: 10m),
    new(TradingPair.Parse("ETHUSDT"), MarketType.Spot, tickSize: 0.01m, stepSize: 0.0001m, minQuantity: 0.0001m, minNotional: 10m),
    new(TradingPair.Parse("SOLUSDT"), MarketType.Spot, tickSize: 0.01m, stepSize: 0.01m, minQuantity: 0.01m, minNotional: 10m),
    new(TradingPair.Parse("ADAUSDT"), MarketType.Spot, tickSize: 0.00001m, stepSize: 0.1m, minQuantity: 0.1m, minNotional: 10m),
    new(TradingPair.Parse("XRPUSDT"), MarketType.Spot, tickSize: 0.00001m, stepSize: 0.1m, minQuantity: 0.1m, minNotional: 10m),
];
var catalog = PairCatalog.FromInstruments(instruments);

var portfolio = new PortfolioManager(new PortfolioConfig
{
    TotalCapital = 10_000m,
    MaxPositionSizePercent = 25m,
    MaxPositions = 4,
    MaxCorrelatedExposurePercent = 60m,
    RebalanceThresholdPercent = 25m,
});
foreach (var instrument in instruments)
{
    var group = instrument.Pair.Base is "BTC" or "ETH" ? "majors" : "alts";
    _ = portfolio.RegisterPair(new PairConfig { Pair = instrument.Pair, PositionSizePercent = 20m, CorrelationGroup = group }).Value;
}

// Load candles: the file name "BTC_USDT-1h.json" is freqtrade's spelling, parsed against the instrument list.
var series = instruments.ToDictionary(
    i => i.Pair,
    i => JsonSerializer.Deserialize<double[][]>(File.ReadAllText(Path.Combine(dataDirectory, $"{i.Pair.Format(PairFormat.Underscore)}-1h.json")))!);
foreach (var file in Directory.EnumerateFiles(dataDirectory, "*.json"))
{
    var symbol = Path.GetFileNameWithoutExtension(file).Split('-')[0];
    Console.WriteLine($"loaded {TradingPair.Parse(symbol, catalog),-9} {series[TradingPair.Parse(symbol, catalog)].Length,5} bars from {Path.GetFileName(file)}");
}

const int Fast = 12, Slow = 48;
const decimal FeeRate = 0.001m; // 0.1 % taker, charged in USDT
var bars = series.Values.Min(s => s.Length);
var openIds = new Dictionary<TradingPair, PositionId>();
var refused = new Dictionary<LedgerErrorCode, int>();
var trades = 0;
for (var t = Slow; t < bars; t++)
{
    // Mark every pair first, so sizing sees the whole book at this hour.
    foreach (var (pair, candles) in series)
    {
        _ = portfolio.UpdatePrice(pair, (decimal)candles[t][4]).Value;
    }

    foreach (var instrument in instruments)
    {
        var candles = series[instrument.Pair];
        var fast = Average(candles, t, Fast);
        var slow = Average(candles, t, Slow);
        var price = (decimal)candles[t][4];
        if (openIds.TryGetValue(instrument.Pair, out var id) && fast < slow)
        {
            var quantity = portfolio.GetPosition(id)!.Quantity;
            _ = portfolio.ClosePosition(id, price, Fee.InQuote(decimal.Round(quantity * price * FeeRate, 8))).Value;
            openIds.Remove(instrument.Pair);
            trades++;
        }
        else if (!openIds.ContainsKey(instrument.Pair) && fast > slow * 1.002)
        {
            var metrics = portfolio.GetPortfolioMetrics();
            var target = metrics.TotalCapital * portfolio.GetPairConfig(instrument.Pair)!.PositionSizePercent / 100m;
            var quantity = instrument.RoundQuantityDown(Math.Min(target, metrics.AvailableCapital * 0.99m) / price);
            if (!instrument.Validate(price, quantity).IsValid || metrics.ActivePositions >= portfolio.Config.MaxPositions)
            {
                continue;
            }

            var newId = new PositionId($"{instrument.Pair.Base}-{t}");
            var result = portfolio.AddPosition(new OpenPositionRequest
            {
                Id = newId,
                Pair = instrument.Pair,
                Quantity = quantity,
                EntryPrice = price,
                Fee = Fee.InQuote(decimal.Round(quantity * price * FeeRate, 8)),
                Strategy = new StrategyId(instrument.Pair.Base is "BTC" or "ETH" ? "majors-trend" : "alts-trend"),
            });
            if (result.IsSuccess)
            {
                openIds[instrument.Pair] = newId;
                trades++;
            }
            else
            {
                refused[result.Error.Code] = refused.GetValueOrDefault(result.Error.Code) + 1;
            }
        }
    }
}

var first = DateTimeOffset.FromUnixTimeMilliseconds((long)series.Values.First()[Slow][0]);
var last = DateTimeOffset.FromUnixTimeMilliseconds((long)series.Values.First()[bars - 1][0]);
var final = portfolio.GetPortfolioMetrics();
Console.WriteLine();
Console.WriteLine($"MultiPair.Sdk quickstart: {instruments.Length} pairs, SMA {Fast}/{Slow} on 1h candles, {first:yyyy-MM-dd} to {last:yyyy-MM-dd}");
Console.WriteLine($"  equity        {final.TotalCapital,12:N2} USDT   (start {final.InitialCapital:N2}, return {final.TotalReturnPercent:N2} %)");
Console.WriteLine($"  cash          {final.Cash,12:N2}   deployed {final.DeployedCapital:N2}   available {final.AvailableCapital:N2}");
Console.WriteLine($"  P&L           {final.TotalPnl,12:N2}   realized {final.RealizedPnl:N2}   unrealized {final.UnrealizedPnl:N2}   fees {final.FeesPaid:N2}");
Console.WriteLine($"  positions     {final.ActivePositions} open, {final.ClosedPositions} closed, win rate {final.WinRatePercent:N1} %, {trades} fills");
Console.WriteLine($"  concentration largest pair {final.ConcentrationPercent:N1} % of exposure, top 3 {final.Top3ConcentrationPercent:N1} %");
Console.WriteLine();
Console.WriteLine($"  {"pair",-10} {"open",4} {"closed",6} {"win %",6} {"realized",10} {"unrealized",10} {"fees",8} {"exposure",10}");
foreach (var a in final.ByPair)
{
    Console.WriteLine($"  {a.Key,-10} {a.ActivePositions,4} {a.ClosedPositions,6} {a.WinRatePercent,6:N1} {a.RealizedPnl,10:N2} {a.UnrealizedPnl,10:N2} {a.FeesPaid,8:N2} {a.Exposure,10:N2}");
}

Console.WriteLine($"  {"sleeve",-14} {"total P&L",10}");
foreach (var a in final.ByStrategy)
{
    Console.WriteLine($"  {a.Key,-14} {a.TotalPnl,10:N2}");
}

Console.WriteLine($"  sums check: pairs {final.ByPair.Sum(a => a.TotalPnl):N8} = sleeves {final.ByStrategy.Sum(a => a.TotalPnl):N8} = portfolio {final.TotalPnl:N8}");
Console.WriteLine();
Console.WriteLine(refused.Count == 0 ? "  ledger refused no entry" : "  ledger refused: " + string.Join(", ", refused.Select(r => $"{r.Key} ×{r.Value}")));
foreach (var violation in portfolio.GetRiskViolations())
{
    Console.WriteLine($"  risk   {violation.Code}: {violation.Message}");
}

foreach (var action in portfolio.GetRebalanceActions())
{
    var instrument = instruments.Single(i => i.Pair == action.Pair);
    Console.WriteLine($"  rebalance {action.Pair} {action.Reason}: {action.CurrentPercent:N2} % -> {action.TargetPercent:N2} %, {(action.IsReduction ? "sell" : "buy")} {instrument.RoundQuantityDown(Math.Abs(action.QuantityDelta))}");
}

static double Average(double[][] candles, int end, int length)
{
    var sum = 0.0;
    for (var i = end - length + 1; i <= end; i++)
    {
        sum += candles[i][4];
    }

    return sum / length;
}
