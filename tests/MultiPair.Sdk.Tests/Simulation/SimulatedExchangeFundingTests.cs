using System.Text.Json;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Simulation;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Tests.Simulation;

/// <summary>Funding of an XRP/USDT perpetual with Binance's real 8h funding rates and 1h candles (freqtrade test data).</summary>
public sealed class SimulatedExchangeFundingTests
{
    private static readonly TradingPair Xrp = new("XRP", "USDT");

    private static readonly Lazy<IReadOnlyList<Bar>> Bars = new(() =>
        [.. Load("XRP_USDT_USDT-1h-futures.json").Select(r => new Bar(Xrp, Timeframe.OneHour, DateTimeOffset.FromUnixTimeMilliseconds((long)r[0]), r[1], r[2], r[3], r[4], r[5]))]);

    private static readonly Lazy<IReadOnlyList<FundingRate>> Rates = new(() =>
        [.. Load("XRP_USDT_USDT-8h-funding_rate.json").Select(r => new FundingRate(DateTimeOffset.FromUnixTimeMilliseconds((long)r[0]), (decimal)r[1]))]);

    [Fact]
    public void OnBar_LongPerpetualThroughRealFundingTimes_PaysEachFundingAtTheBarOpen()
    {
        var bars = Bars.Value;
        var time = new ManualTimeProvider(bars[0].OpenTime);
        var callbacks = new List<FundingPayment>();
        var exchange = new SimulatedExchange(
            new SimulatedExchangeOptions(),
            time,
            new Dictionary<TradingPair, IReadOnlyList<FundingRate>> { [Xrp] = Rates.Value },
            callbacks.Add);
        var sink = new RecordingSink();
        exchange.Send(OrderRequest.Market(new ClientOrderId("long-1"), Xrp, OrderSide.Buy, 1_000m), sink);

        Run(exchange, time, bars);

        var fundings = exchange.Fundings;
        callbacks.ShouldBe(fundings);
        fundings.Count.ShouldBe(10); // 2021-11-18 00:00 … 2021-11-21 00:00, every 8 hours
        var first = fundings[0];
        first.Time.ShouldBe(new DateTimeOffset(2021, 11, 18, 0, 0, 0, 17, TimeSpan.Zero));
        first.Rate.ShouldBe(0.0001m);
        first.Position.ShouldBe(1_000m);
        first.Price.ShouldBe(1.09538m); // the open of the 00:00 bar
        first.Amount.ShouldBe(-0.109538m);
        fundings.Single(f => f.Rate == 0.00013862m).Amount.ShouldBe(-0.15212436m); // 2021-11-21 00:00, open 1.09742
        foreach (var payment in fundings)
        {
            var bar = bars.Single(b => b.OpenTime <= payment.Time && payment.Time < b.CloseTime);
            payment.Amount.ShouldBe(decimal.Round(-1_000m * (decimal)bar.Open * payment.Rate, 8));
        }

        fundings.Sum(f => f.Amount).ShouldBe(-1.15241162m);
    }

    [Fact]
    public void OnBar_ShortPerpetualWithPositiveRates_ReceivesFunding()
    {
        var bars = Bars.Value;
        var time = new ManualTimeProvider(bars[0].OpenTime);
        var exchange = new SimulatedExchange(new SimulatedExchangeOptions(), time);
        foreach (var rate in Rates.Value)
        {
            exchange.AddFundingRate(Xrp, rate.Time, rate.Rate);
        }

        exchange.SetPosition(Xrp, -500m);

        Run(exchange, time, bars);

        exchange.Fundings.Count.ShouldBe(10);
        exchange.Fundings.ShouldAllBe(f => f.Amount > 0m && f.Position == -500m);
        exchange.Fundings[0].Amount.ShouldBe(0.054769m);
    }

    [Fact]
    public void OnBar_FlatOrSpotPosition_PaysNoFunding()
    {
        var bars = Bars.Value;
        var spot = new Instrument(Xrp, MarketType.Spot, 0.0001m, 0.1m);
        var time = new ManualTimeProvider(bars[0].OpenTime);
        var spotExchange = new SimulatedExchange(
            new SimulatedExchangeOptions { Instruments = new Dictionary<TradingPair, Instrument> { [Xrp] = spot } },
            time,
            new Dictionary<TradingPair, IReadOnlyList<FundingRate>> { [Xrp] = Rates.Value });
        spotExchange.SetPosition(Xrp, 1_000m);
        var flatExchange = new SimulatedExchange(null, time, new Dictionary<TradingPair, IReadOnlyList<FundingRate>> { [Xrp] = Rates.Value });

        foreach (var bar in bars)
        {
            spotExchange.OnBar(bar);
            flatExchange.OnBar(bar);
        }

        spotExchange.Fundings.ShouldBeEmpty();
        flatExchange.Fundings.ShouldBeEmpty();
    }

    [Fact]
    public void OnBar_PositionOpenedAtTheFundingBarsOpen_IsNotChargedForThatFunding()
    {
        var start = new DateTimeOffset(2021, 11, 18, 0, 0, 0, TimeSpan.Zero);
        var time = new ManualTimeProvider(start);
        var exchange = new SimulatedExchange(null, time);
        exchange.AddFundingRate(Xrp, start.AddHours(1), 0.0001m);
        exchange.AddFundingRate(Xrp, start.AddHours(2), 0.0002m);
        exchange.Send(OrderRequest.Market(new ClientOrderId("late"), Xrp, OrderSide.Buy, 100m), new RecordingSink());

        exchange.OnBar(new Bar(Xrp, Timeframe.OneHour, start.AddHours(1), 1.0, 1.0, 1.0, 1.0, 1_000)); // fills at 01:00, after the funding at 01:00 is settled
        exchange.OnBar(new Bar(Xrp, Timeframe.OneHour, start.AddHours(2), 1.1, 1.1, 1.1, 1.1, 1_000));

        var payment = exchange.Fundings.ShouldHaveSingleItem();
        payment.Time.ShouldBe(start.AddHours(2));
        payment.Amount.ShouldBe(-0.022m); // 100 × 1.1 × 0.0002
    }

    [Fact]
    public void AddFundingRate_DuplicateOrAlreadyPassedTime_Throws()
    {
        var start = new DateTimeOffset(2021, 11, 18, 0, 0, 0, TimeSpan.Zero);
        var exchange = new SimulatedExchange(null, new ManualTimeProvider(start));
        exchange.AddFundingRate(Xrp, start.AddHours(8), 0.0001m);

        Should.Throw<ArgumentException>(() => exchange.AddFundingRate(Xrp, start.AddHours(8), 0.0002m));
        exchange.OnBar(new Bar(Xrp, Timeframe.OneHour, start, 1.0, 1.0, 1.0, 1.0, 1_000));
        Should.Throw<ArgumentException>(() => exchange.AddFundingRate(Xrp, start.AddMinutes(30), 0.0001m));
    }

    private static void Run(SimulatedExchange exchange, ManualTimeProvider time, IReadOnlyList<Bar> bars)
    {
        foreach (var bar in bars)
        {
            time.SetUtcNow(bar.CloseTime);
            exchange.OnBar(bar);
        }
    }

    private static double[][] Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Simulation", "Data", fileName);
        return JsonSerializer.Deserialize<double[][]>(File.ReadAllText(path))!;
    }
}
