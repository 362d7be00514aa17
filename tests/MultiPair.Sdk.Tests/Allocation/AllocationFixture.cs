using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Tests.Allocation;

/// <summary>Builds snapshots, signals, positions and reservations for allocation tests.</summary>
internal static class AllocationFixture
{
    public static readonly DateTimeOffset Now = new(2021, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly TradingPair Btc = new("BTC", "USDT");
    public static readonly TradingPair Eth = new("ETH", "USDT");
    public static readonly TradingPair Sol = new("SOL", "USDT");
    public static readonly TradingPair Bnb = new("BNB", "USDT");
    public static readonly TradingPair Xrp = new("XRP", "USDT");
    public static readonly TradingPair Doge = new("DOGE", "USDT");

    public static PairConfig Spot(TradingPair pair) => new() { Pair = pair };

    public static PairConfig Perp(TradingPair pair, decimal leverage) =>
        new() { Pair = pair, MarketType = MarketType.LinearPerpetual, Leverage = leverage };

    public static PortfolioSnapshot Snapshot(
        decimal equity,
        IEnumerable<PairConfig>? pairs = null,
        IReadOnlyDictionary<TradingPair, decimal>? prices = null,
        IReadOnlyList<Reservation>? reservations = null,
        IReadOnlyList<Position>? positions = null,
        IEnumerable<Instrument>? instruments = null) =>
        new()
        {
            Time = Now,
            Config = new PortfolioConfig { TotalCapital = equity > 0m ? equity : 1m },
            Equity = equity,
            Cash = equity,
            Pairs = (pairs ?? []).ToDictionary(p => p.Pair),
            Prices = prices ?? new Dictionary<TradingPair, decimal>(),
            Instruments = (instruments ?? []).ToDictionary(i => i.Pair),
            Reservations = reservations ?? [],
            Positions = positions ?? [],
        };

    public static Signal Long(TradingPair pair, double confidence = 0.5, string strategy = "default") =>
        new(pair, SignalDirection.Long, confidence, Now) { Strategy = new StrategyId(strategy) };

    public static Signal Exit(TradingPair pair, double confidence = 1) => new(pair, SignalDirection.Exit, confidence, Now);

    public static AllocationRequest Request(
        PortfolioSnapshot snapshot, IReadOnlyList<Signal> signals, int? slots = null, IMarketStatistics? statistics = null, decimal minimumNotional = 10m) =>
        new()
        {
            Signals = signals,
            Snapshot = snapshot,
            AvailableSlots = slots ?? signals.Count,
            Statistics = statistics,
            MinimumNotional = minimumNotional,
        };

    /// <summary>An entry order in flight that holds <paramref name="margin"/> of capital.</summary>
    public static Reservation Reservation(TradingPair pair, decimal margin, decimal leverage = 1m, string id = "r1") =>
        new(new ClientOrderId(id), pair, StrategyId.Default, ProposalIntent.Open, PositionSide.Long, margin * leverage / 100m, 100m, leverage, Now);

    /// <summary>An open long position committing <paramref name="margin"/> at <paramref name="leverage"/>.</summary>
    public static Position Position(TradingPair pair, decimal margin, decimal leverage = 1m, string id = "p1")
    {
        decimal notional = margin * leverage;
        return new Position
        {
            Id = new PositionId(id),
            Pair = pair,
            Strategy = StrategyId.Default,
            Side = PositionSide.Long,
            MarketType = leverage == 1m ? MarketType.Spot : MarketType.LinearPerpetual,
            Leverage = leverage,
            Quantity = notional / 100m,
            EntryPrice = 100m,
            CostBasis = notional,
            CurrentPrice = 100m,
            HighestPrice = 100m,
            LowestPrice = 100m,
            Notional = notional,
            MarginUsed = margin,
            UnrealizedPnl = 0m,
            RealizedPnl = 0m,
            FeesPaid = 0m,
            EntryQuantity = notional / 100m,
            ExitQuantity = 0m,
            OpenedAt = Now,
        };
    }
}
