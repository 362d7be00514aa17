using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using static MultiPair.Sdk.Tests.Risk.Protections.ProtectionLedger;

namespace MultiPair.Sdk.Tests.Risk.Protections;

/// <summary>
/// Every protection, over random histories of trades run through a real ledger, decides exactly what a brute-force
/// reference computation over the snapshot decides, and never blocks a reducing proposal.
/// </summary>
public sealed class ProtectionPropertyTests
{
    private static readonly TradingPair[] Pairs = [Btc, Eth, Sol];

    private static readonly Gen<TradeSpec> TradeGen =
        from pair in Gen.Choose(0, 2)
        from gap in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(0, 90)))
        from hold in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(0, 120)))
        from delta in Gen.Choose(-30, 30)
        from fee in Gen.Elements(true, false)
        from reason in Gen.Elements(Enum.GetValues<ExitReason>())
        from keepOpen in Gen.Frequency((1, Gen.Constant(true)), (7, Gen.Constant(false)))
        select new TradeSpec(pair, gap, hold, delta, fee, reason, keepOpen);

    private static readonly Gen<Settings> SettingsGen =
        from lookback in Gen.Choose(1, 240)
        from lockFor in Gen.Choose(1, 240)
        from count in Gen.Choose(1, 4)
        from lockAll in Gen.Elements(true, false)
        from resetHour in Gen.Choose(0, 23)
        from drawdownTenths in Gen.Choose(1, 30)
        from minimumProfit in Gen.Choose(-20, 20)
        select new Settings(lookback, lockFor, count, lockAll, resetHour, drawdownTenths / 10m, minimumProfit / 10m);

    private static readonly Gen<Scenario> ScenarioGen =
        from settings in SettingsGen
        from n in Gen.Choose(1, 25)
        from trades in Gen.ArrayOf(TradeGen, n)
        from probes in Gen.ArrayOf(Gen.Choose(1, 300), 6)
        select new Scenario(settings, trades, probes);

    [Fact]
    public void Evaluate_RandomClosedTrades_MatchesReferenceAndNeverBlocksReductions()
    {
        var locks = new Dictionary<string, int>(StringComparer.Ordinal);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(ScenarioGen.ToArbitrary(), (Action<Scenario>)(scenario => Run(scenario, locks))));

        // The property is not vacuous: every protection locked in some of the generated histories.
        locks.Keys.Order(StringComparer.Ordinal).ShouldBe(
        [
            nameof(DailyTradeLimitProtection), nameof(DrawdownCooldownProtection), nameof(HighFrequencyCooldownProtection),
            nameof(LossStreakCooldownProtection), nameof(LowProfitPairLockProtection), nameof(QuickExitCooldownProtection),
            nameof(StopLossGuardProtection),
        ]);
        locks.Values.ShouldAllBe(n => n >= 50);
    }

    private static void Run(Scenario scenario, Dictionary<string, int> locks)
    {
        var s = scenario.Settings;
        var ledger = new ProtectionLedger(capital: 5_000m);
        var lookback = TimeSpan.FromMinutes(s.LookbackMinutes);
        var lockFor = TimeSpan.FromMinutes(s.LockMinutes);
        var checks = new (RiskRule Rule, Func<TradingPair, PortfolioSnapshot, DateTimeOffset?> Reference)[]
        {
            (new QuickExitCooldownProtection { MaxHoldingTime = lookback, LockDuration = lockFor },
                (pair, snap) => ClosedLock(snap, pair, TimeSpan.Zero, lockFor, (_, t) => t.ClosedAt!.Value - t.OpenedAt <= lookback)),
            (new LossStreakCooldownProtection { Losses = s.Count, LookbackPeriod = lookback, LockDuration = lockFor, LockAllPairs = s.LockAll },
                (pair, snap) => ClosedLock(snap, s.LockAll ? null : pair, lookback, lockFor, (w, _) => w.AsEnumerable().Reverse().TakeWhile(t => t.RealizedPnl < 0m).Count() >= s.Count)),
            (new HighFrequencyCooldownProtection { MaxTrades = s.Count, Window = lookback, LockDuration = lockFor },
                (pair, snap) => OpenLock(snap, pair, lookback, lockFor, s.Count)),
            (new DailyTradeLimitProtection { MaxTradesPerDay = s.Count + 1, ResetHourUtc = s.ResetHour, LockAllPairs = s.LockAll },
                (pair, snap) => DailyLock(snap, s.LockAll ? null : pair, s.Count + 1, s.ResetHour)),
            (new DrawdownCooldownProtection { MaxDrawdownPercent = s.DrawdownPercent, LookbackPeriod = lookback, LockDuration = lockFor, MinimumTrades = s.Count },
                (_, snap) => snap.DrawdownPercent > s.DrawdownPercent
                    ? snap.Time + lockFor
                    : ClosedLock(snap, null, lookback, lockFor, (w, _) => w.Count >= s.Count && w.Sum(t => t.RealizedPnl) is var pnl && pnl < 0m
                        && (snap.Equity <= 0m || -pnl * 100m / snap.Equity > s.DrawdownPercent))),
            (new StopLossGuardProtection { MaxStopLosses = s.Count, LookbackPeriod = lookback, LockDuration = lockFor, LockAllPairs = s.LockAll },
                (pair, snap) => ClosedLock(snap, s.LockAll ? null : pair, lookback, lockFor, (w, t) => IsStop(t) && w.Count(IsStop) >= s.Count)),
            (new LowProfitPairLockProtection { MinimumProfitPercent = s.MinimumProfitPercent, LookbackPeriod = lookback, LockDuration = lockFor, MinimumTrades = s.Count },
                (pair, snap) => ClosedLock(snap, pair, lookback, lockFor, (w, _) => w.Count >= s.Count && w.Sum(t => t.EntryPrice * t.EntryQuantity) is var cost && cost > 0m
                    && w.Sum(t => t.RealizedPnl) * 100m / cost < s.MinimumProfitPercent)),
        };

        using var gate = ledger.Gate([.. checks.Select(c => c.Rule)]);
        foreach (var (time, isClose, index) in Events(scenario.Trades))
        {
            ledger.Time.SetUtcNow(time);
            var trade = scenario.Trades[index];
            var id = new PositionId(string.Create(CultureInfo.InvariantCulture, $"t{index}"));
            if (isClose)
            {
                ledger.Ledger.ClosePosition(id, 100m + trade.ExitDelta, trade.Fee ? Fee.InQuote(0.1m) : Fee.None, trade.Reason).IsSuccess.ShouldBeTrue();
            }
            else
            {
                ledger.Ledger.AddPosition(new OpenPositionRequest { Id = id, Pair = Pairs[trade.Pair], Quantity = 1m, EntryPrice = 100m }).IsSuccess.ShouldBeTrue();
            }

            Probe(gate, checks, locks);
        }

        foreach (var minutes in scenario.ProbeMinutes)
        {
            ledger.Advance(TimeSpan.FromMinutes(minutes));
            Probe(gate, checks, locks);
        }
    }

    private static void Probe(RiskGate gate, (RiskRule Rule, Func<TradingPair, PortfolioSnapshot, DateTimeOffset?> Reference)[] checks, Dictionary<string, int> locks)
    {
        var snapshot = gate.CreateSnapshot();
        foreach (var pair in Pairs)
        {
            string? firstLocked = null;
            foreach (var (rule, reference) in checks)
            {
                var decision = rule.Evaluate(Buy(pair), snapshot);
                var expected = reference(pair, snapshot);
                if (expected is { } until)
                {
                    decision.Code.ShouldBe(RiskReasonCode.Cooldown, $"{rule.Name} {pair} at {Iso(snapshot.Time)}: {decision}");
                    decision.Message.ShouldContain(Iso(until), Case.Sensitive, $"{rule.Name} {pair} at {Iso(snapshot.Time)}");
                    firstLocked ??= rule.Name;
                    locks[rule.Name] = locks.GetValueOrDefault(rule.Name) + 1;
                }
                else
                {
                    decision.Kind.ShouldBe(RiskDecisionKind.Approve, $"{rule.Name} {pair} at {Iso(snapshot.Time)}: {decision}");
                }

                foreach (var position in snapshot.Positions)
                {
                    rule.Evaluate(CloseOf(position), snapshot).Kind.ShouldBe(RiskDecisionKind.Approve);
                    rule.Evaluate(CloseOf(position) with { Intent = ProposalIntent.Reduce, Quantity = 0.5m }, snapshot).Kind.ShouldBe(RiskDecisionKind.Approve);
                }
            }

            var result = gate.Evaluate(Buy(pair));
            result.Decision.Rule.ShouldBe(firstLocked ?? nameof(RiskGate), result.Decision.ToString());
        }

        foreach (var position in snapshot.Positions)
        {
            gate.Evaluate(CloseOf(position)).IsApproved.ShouldBeTrue();
        }
    }

    /// <summary>Brute force: the latest end among every closed trade in scope whose window meets the condition.</summary>
    private static DateTimeOffset? ClosedLock(PortfolioSnapshot snapshot, TradingPair? pair, TimeSpan lookback, TimeSpan lockFor, Func<List<Position>, Position, bool> condition)
    {
        var closed = snapshot.ClosedPositions.Where(p => (pair is null || p.Pair == pair) && p.ClosedAt <= snapshot.Time).ToList();
        DateTimeOffset? end = null;
        foreach (var trigger in closed)
        {
            var at = trigger.ClosedAt!.Value;
            var window = closed.Where(p => p.ClosedAt >= at - lookback && p.ClosedAt <= at).ToList();
            if (at + lockFor > snapshot.Time && condition(window, trigger) && (end is null || at + lockFor > end))
            {
                end = at + lockFor;
            }
        }

        return end;
    }

    private static DateTimeOffset? OpenLock(PortfolioSnapshot snapshot, TradingPair pair, TimeSpan window, TimeSpan lockFor, int maxTrades)
    {
        var opened = snapshot.Positions.Concat(snapshot.ClosedPositions).Where(p => p.Pair == pair).Select(p => p.OpenedAt).ToList();
        var triggers = opened.Where(at => at + lockFor > snapshot.Time && opened.Count(o => o >= at - window && o <= at) > maxTrades).ToList();
        return triggers.Count == 0 ? null : triggers.Max() + lockFor;
    }

    private static DateTimeOffset? DailyLock(PortfolioSnapshot snapshot, TradingPair? pair, int maxTrades, int resetHour)
    {
        var dayStart = new DateTimeOffset(snapshot.Time.UtcDateTime.Date, TimeSpan.Zero).AddHours(resetHour);
        if (dayStart > snapshot.Time)
        {
            dayStart = dayStart.AddDays(-1);
        }

        var count = snapshot.Positions.Concat(snapshot.ClosedPositions).Count(p => (pair is null || p.Pair == pair) && p.OpenedAt >= dayStart);
        return count >= maxTrades ? dayStart.AddDays(1) : null;
    }

    private static bool IsStop(Position position) => position.ExitReason is ExitReason.StopLoss or ExitReason.TrailingStop;

    private static IEnumerable<(DateTimeOffset Time, bool IsClose, int Index)> Events(TradeSpec[] trades)
    {
        var events = new List<(DateTimeOffset Time, bool IsClose, int Index)>();
        var open = Start;
        for (var i = 0; i < trades.Length; i++)
        {
            open += TimeSpan.FromMinutes(trades[i].GapMinutes);
            events.Add((open, false, i));
            if (!trades[i].KeepOpen)
            {
                events.Add((open + TimeSpan.FromMinutes(trades[i].HoldMinutes), true, i));
            }
        }

        return events.OrderBy(e => e.Time).ThenBy(e => e.IsClose).ThenBy(e => e.Index);
    }

    public sealed record TradeSpec(int Pair, int GapMinutes, int HoldMinutes, int ExitDelta, bool Fee, ExitReason Reason, bool KeepOpen);

    public sealed record Settings(int LookbackMinutes, int LockMinutes, int Count, bool LockAll, int ResetHour, decimal DrawdownPercent, decimal MinimumProfitPercent);

    public sealed record Scenario(Settings Settings, TradeSpec[] Trades, int[] ProbeMinutes);
}
