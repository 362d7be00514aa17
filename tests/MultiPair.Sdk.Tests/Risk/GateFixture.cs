using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Tests.Risk;

/// <summary>Real ledgers and gates for risk tests.</summary>
internal static class GateFixture
{
    public static readonly DateTimeOffset Start = new(2021, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly TradingPair Btc = new("BTC", "USDT");
    public static readonly TradingPair Eth = new("ETH", "USDT");
    public static readonly TradingPair Sol = new("SOL", "USDT");
    public static readonly TradingPair Xrp = new("XRP", "USDT");

    // Binance spot filters (nautilus exchangeInfo capture): BTCUSDT tick 0.01, step 0.00001, min notional 10.
    public static readonly Instrument BtcInstrument = new(Btc, MarketType.Spot, tickSize: 0.01m, stepSize: 0.00001m, minQuantity: 0.00001m, maxQuantity: 9000m, minNotional: 10m);
    public static readonly Instrument EthInstrument = new(Eth, MarketType.Spot, tickSize: 0.01m, stepSize: 0.0001m, minQuantity: 0.0001m, maxQuantity: 100000m, minNotional: 10m);

    private static int _ids;

    public static (PortfolioManager Ledger, ManualTimeProvider Time) Ledger(decimal capital = 10_000m, PortfolioConfig? config = null)
    {
        var time = new ManualTimeProvider(Start);
        var ledger = new PortfolioManager(config ?? new PortfolioConfig { TotalCapital = capital, MaxPositionSizePercent = 100m, MaxCorrelatedExposurePercent = 500m }, time);
        ledger.RegisterPair(new PairConfig { Pair = Btc, CorrelationGroup = "majors" }).IsSuccess.ShouldBeTrue();
        ledger.RegisterPair(new PairConfig { Pair = Eth, CorrelationGroup = "majors" }).IsSuccess.ShouldBeTrue();
        ledger.RegisterPair(new PairConfig { Pair = Sol, MarketType = MarketType.LinearPerpetual, Leverage = 10m, CorrelationGroup = "alts" }).IsSuccess.ShouldBeTrue();
        ledger.RegisterPair(new PairConfig { Pair = Xrp, MarketType = MarketType.LinearPerpetual, Leverage = 5m, CorrelationGroup = "alts" }).IsSuccess.ShouldBeTrue();
        ledger.UpdatePrice(Btc, 40_000m);
        ledger.UpdatePrice(Eth, 2_000m);
        ledger.UpdatePrice(Sol, 20m);
        ledger.UpdatePrice(Xrp, 0.5m);
        return (ledger, time);
    }

    public static RiskGate Gate(PortfolioManager ledger, ManualTimeProvider time, IEnumerable<IRiskRule>? rules = null, RiskGateOptions? options = null, bool instruments = true) =>
        new(ledger, rules ?? [], options ?? new RiskGateOptions { FeeReservePercent = 0m }, instruments ? [BtcInstrument, EthInstrument] : null, time);

    public static OrderProposal Buy(TradingPair pair, decimal quantity, decimal price, string sleeve = "default") =>
        new() { Pair = pair, Side = OrderSide.Buy, Quantity = quantity, Price = price, Sleeve = new StrategyId(sleeve) };

    public static OrderProposal Sell(TradingPair pair, decimal quantity, decimal price, string sleeve = "default") =>
        new() { Pair = pair, Side = OrderSide.Sell, Quantity = quantity, Price = price, Sleeve = new StrategyId(sleeve) };

    public static ClientOrderId NextId() => new($"t-{Interlocked.Increment(ref _ids)}");

    /// <summary>Books an approved result in the ledger as a full fill at its price, as execution would, and releases its reservation.</summary>
    public static PositionId Fill(PortfolioManager ledger, RiskGate gate, GateResult result)
    {
        var reservation = result.Reservation.ShouldNotBeNull();
        var id = new PositionId(reservation.ClientOrderId.Value);
        ledger.AddPosition(new OpenPositionRequest
        {
            Id = id,
            Pair = reservation.Pair,
            Side = reservation.Side,
            Quantity = reservation.Quantity,
            EntryPrice = reservation.Price,
            Strategy = reservation.Sleeve,
        }).IsSuccess.ShouldBeTrue();
        gate.ApplyFill(reservation.ClientOrderId, reservation.Quantity).ShouldBeTrue();
        return id;
    }

    /// <summary>A rule that returns a fixed decision and counts its calls.</summary>
    public sealed class FixedRule(string name, Func<OrderProposal, RiskDecision> decide) : IRiskRule
    {
        public int Calls { get; private set; }

        public string Name => name;

        public RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot)
        {
            Calls++;
            return decide(proposal);
        }
    }
}
