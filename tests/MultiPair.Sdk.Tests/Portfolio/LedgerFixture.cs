using System.Text.Json;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Tests.Portfolio;

/// <summary>Builds ledgers for tests and captures their whole observable state.</summary>
internal static class LedgerFixture
{
    public static readonly DateTimeOffset Start = new(2021, 1, 4, 0, 0, 0, TimeSpan.Zero);

    public static readonly TradingPair Btc = new("BTC", "USDT");
    public static readonly TradingPair Eth = new("ETH", "USDT");
    public static readonly TradingPair Sol = new("SOL", "USDT");

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static PortfolioManager Create(decimal capital = 100_000m, ManualTimeProvider? time = null, PortfolioConfig? config = null)
    {
        var manager = new PortfolioManager(config ?? new PortfolioConfig { TotalCapital = capital }, time ?? new ManualTimeProvider(Start));
        manager.RegisterPair(new PairConfig { Pair = Btc, CorrelationGroup = "large_cap" }).IsSuccess.ShouldBeTrue();
        manager.RegisterPair(new PairConfig { Pair = Eth, CorrelationGroup = "large_cap" }).IsSuccess.ShouldBeTrue();
        manager.RegisterPair(new PairConfig { Pair = Sol, MarketType = MarketType.LinearPerpetual, Leverage = 10m, PositionSizePercent = 7m }).IsSuccess.ShouldBeTrue();
        return manager;
    }

    public static OpenPositionRequest Open(string id, TradingPair pair, decimal quantity, decimal price, PositionSide side = PositionSide.Long, Fee fee = default, string strategy = "default") =>
        new() { Id = new PositionId(id), Pair = pair, Quantity = quantity, EntryPrice = price, Side = side, Fee = fee, Strategy = new StrategyId(strategy) };

    /// <summary>Everything a caller can observe about a ledger, as text, so "unchanged" can be asserted exactly.</summary>
    public static string Snapshot(IPortfolioManager manager) => JsonSerializer.Serialize(
        new
        {
            manager.Cash,
            Pairs = manager.Pairs.Select(p => new { Config = p, Price = manager.GetPrice(p.Pair) }).ToList(),
            Positions = manager.GetPositions(includeClosed: true),
            Metrics = manager.GetPortfolioMetrics(),
            Violations = manager.GetRiskViolations(),
            Rebalance = manager.GetRebalanceActions(),
        },
        Json);
}
