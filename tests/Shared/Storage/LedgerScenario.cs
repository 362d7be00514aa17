using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Storage.Tests;

/// <summary>Random ledger operation sequences and their journal, for the replay properties of every store (linked into each test project).</summary>
internal static class LedgerScenario
{
    public static readonly PortfolioConfig Portfolio = new() { TotalCapital = 25_000m, MaxPositions = 50 };

    public static readonly PairConfig[] Pairs =
    [
        new() { Pair = new TradingPair("BTC", "USDT") },
        new() { Pair = new TradingPair("ETH", "USDT") },
        new() { Pair = new TradingPair("SOL", "USDT"), MarketType = MarketType.LinearPerpetual, Leverage = 3m },
    ];

    public static readonly Gen<Op> OpGen =
        from kind in Gen.Frequency((4, Gen.Constant(0)), (2, Gen.Constant(1)), (3, Gen.Constant(2)), (1, Gen.Constant(3)), (3, Gen.Constant(4)))
        from pair in Gen.Choose(0, Pairs.Length - 1)
        from target in Gen.Choose(0, 9)
        from quantity in Gen.Choose(1, 5000)
        from price in Gen.Choose(1, 100_000)
        from fee in Gen.Choose(0, 300)
        from feeInBase in Gen.Elements(false, false, true)
        from shortSide in Gen.Elements(false, true)
        from enforce in Gen.Elements(false, true)
        from advance in Gen.Choose(0, 7200)
        select new Op(kind, pair, target, quantity, price, fee, feeInBase, shortSide, enforce, advance);

    public static (PortfolioManager Ledger, List<LedgerEntry> Entries, ManualTimeProvider Clock) Run(Op[] ops)
    {
        var clock = new ManualTimeProvider(Samples.T0);
        var ledger = new PortfolioManager(Portfolio, clock);
        foreach (var pair in Pairs)
        {
            ledger.RegisterPair(pair).IsSuccess.ShouldBeTrue();
        }

        var entries = new List<LedgerEntry>();
        var next = 0;
        foreach (var op in ops)
        {
            clock.Advance(TimeSpan.FromSeconds(op.Advance));
            var now = clock.GetUtcNow();
            var config = Pairs[op.Pair];
            var price = op.Price / 10m;
            var fee = op.FeeInBase ? Fee.InBase(op.Fee / 1_000_000m) : Fee.InQuote(op.Fee / 100m);
            var open = ledger.GetPositions();
            var target = open.Count == 0 ? null : open[op.Target % open.Count];
            switch (op.Kind)
            {
                case 0:
                    var request = new OpenPositionRequest
                    {
                        Id = new PositionId("p" + (next++).ToString(CultureInfo.InvariantCulture)),
                        Pair = config.Pair,
                        Quantity = op.Quantity / 1000m,
                        EntryPrice = price,
                        Side = op.Short ? PositionSide.Short : PositionSide.Long,
                        Strategy = new StrategyId(op.Short ? "mean" : "trend"),
                        Fee = fee,
                        EnforceFunds = op.Enforce,
                        Leverage = op.Enforce && config.MarketType == MarketType.LinearPerpetual ? 2m : null,
                    };
                    if (ledger.AddPosition(request).IsSuccess)
                    {
                        entries.Add(LedgerEntry.Open(request, now));
                    }

                    break;
                case 1 when target is not null:
                    var quantity = op.Quantity / 1000m;
                    if (ledger.IncreasePosition(target.Id, quantity, price, fee, op.Enforce) is { IsSuccess: true } increased)
                    {
                        entries.Add(LedgerEntry.Increase(increased.Value, quantity, price, fee, now));
                    }

                    break;
                case 2 when target is not null:
                    var part = Math.Round(target.Quantity * (op.Quantity % 100 + 1) / 100m, 6);
                    var reason = (ExitReason)(op.Target % 8);
                    if (part > 0m && ledger.ReducePosition(target.Id, part, price, fee, reason).IsSuccess)
                    {
                        entries.Add(LedgerEntry.Reduce(target, part, price, fee, reason, now));
                    }

                    break;
                case 3 when target is not null:
                    if (ledger.ClosePosition(target.Id, price, fee, ExitReason.Manual) is { IsSuccess: true } closed)
                    {
                        entries.Add(LedgerEntry.Close(closed.Value, fee, ExitReason.Manual, now));
                    }

                    break;
                case 4:
                    if (ledger.UpdatePrice(config.Pair, price).IsSuccess)
                    {
                        entries.Add(LedgerEntry.Mark(config.Pair, price, now));
                    }

                    break;
            }
        }

        return (ledger, entries, clock);
    }

    /// <summary>Every observable number of the ledger, as text (so a difference in scale shows too).</summary>
    public static string Describe(PortfolioManager ledger)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"cash {ledger.Cash}");
        foreach (var position in ledger.GetPositions(includeClosed: true))
        {
            text.AppendLine(position.ToString());
        }

        foreach (var pair in Pairs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"price {pair.Pair} {ledger.GetPrice(pair.Pair)}");
        }

        var metrics = ledger.GetPortfolioMetrics();
        text.AppendLine((metrics with { ByPair = [], ByStrategy = [] }).ToString());
        foreach (var row in metrics.ByPair)
        {
            text.AppendLine(row.ToString());
        }

        foreach (var row in metrics.ByStrategy)
        {
            text.AppendLine(row.ToString());
        }

        foreach (var violation in ledger.GetRiskViolations())
        {
            text.AppendLine(violation.ToString());
        }

        return text.ToString();
    }

    public sealed record Op(int Kind, int Pair, int Target, int Quantity, int Price, int Fee, bool FeeInBase, bool Short, bool Enforce, int Advance);
}
