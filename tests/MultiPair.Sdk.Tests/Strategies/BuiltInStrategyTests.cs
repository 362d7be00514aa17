using Microsoft.Extensions.Options;
using MultiPair.Sdk.Indicators;
using MultiPair.Sdk.MarketData;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Tests.Strategies;

public sealed class BuiltInStrategyTests
{
    private static readonly StrategyRegistry Registry = StrategyRegistry.CreateDefault();

    private static IPairStrategy Create(string name, params (string Key, string Value)[] parameters) =>
        Registry.Create(name, parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    private static IEnumerable<double> Line(double from, double to, int bars) =>
        Enumerable.Range(0, bars).Select(i => from + ((to - from) * i / (bars - 1)));

    [Fact]
    public void CreateDefault_BuiltInNames_AreRegistered()
    {
        Registry.Names.ShouldBe(["breakout", "ema-cross", "mean-reversion", "momentum", "triple-ema"]);
    }

    [Fact]
    public void Create_UnknownNameOrBadParameters_ListsEveryProblem()
    {
        Should.Throw<OptionsValidationException>(() => Registry.Create("martingale")).Message.ShouldContain("ema-cross");

        var error = Should.Throw<OptionsValidationException>(() => Create("ema-cross", ("fast", "50"), ("slow", "20"), ("direction", "sideways"), ("timeframe", "5x"), ("fsat", "3")));

        var text = string.Join("\n", error.Failures);
        text.ShouldContain("'fast' (50) must be less than 'slow' (20)");
        text.ShouldContain("'direction'");
        text.ShouldContain("'timeframe'");
        text.ShouldContain("Unknown parameter 'fsat'");
    }

    [Fact]
    public void Register_CustomStrategy_IsCreatedByName()
    {
        var registry = StrategyRegistry.CreateDefault().Register("mine", p => new EmaCrossStrategy(p));

        registry.Create("MINE", new Dictionary<string, string>(StringComparer.Ordinal) { ["fast"] = "3", ["slow"] = "9" }).Name.ShouldBe("ema-cross");
    }

    [Fact]
    public void EmaCross_DownThenUp_GoesLongAtTheCrossAndExitsAtTheCrossDown()
    {
        var harness = new StrategyHarness(Create("ema-cross", ("fast", "3"), ("slow", "8")));

        harness.Run(Line(100, 80, 20));
        harness.Signals.ShouldBeEmpty();
        harness.Run(Line(81, 100, 10));
        harness.Signals.ShouldHaveSingleItem().Signal.Direction.ShouldBe(SignalDirection.Long);
        harness.Run(Line(99, 80, 10));

        // The down cross first closes the long (a reversal exits before it enters); the next down cross goes short.
        harness.Signals.Select(s => s.Signal.Direction).ShouldBe([SignalDirection.Long, SignalDirection.Exit]);
        harness.Run(Line(81, 100, 10));
        harness.Run(Line(99, 80, 10));
        harness.Signals.Select(s => s.Signal.Direction).ShouldBe([SignalDirection.Long, SignalDirection.Exit, SignalDirection.Long, SignalDirection.Exit]);
    }

    [Fact]
    public void EmaCross_ShortOnly240Over600Config_CreatesAndRespectsDailyCrossLimit()
    {
        var strategy = Create("ema-cross", ("fast", "2"), ("slow", "4"), ("direction", "short-only"), ("maxCrossesPerDay", "1"), ("timeframe", "1h"));
        var harness = new StrategyHarness(strategy) { FollowSignals = false };

        harness.Run([10, 10, 10, 10, 11, 9, 11, 9, 11, 9, 11, 9]); // crosses every hour, all on one UTC day

        harness.Signals.Count.ShouldBe(1);
        harness.Signals[0].Signal.Direction.ShouldBe(SignalDirection.Short);
        Create("ema-cross", ("fast", "240"), ("slow", "600"), ("direction", "ShortOnly")).WarmupBars.ShouldBe(601);
    }

    [Fact]
    public void EmaCross_TrendingFilterInRangingRegime_DoesNotEnter()
    {
        var harness = new StrategyHarness(Create("ema-cross", ("fast", "3"), ("slow", "8"), ("regime", "trending"))) { Regime = MarketRegime.Ranging };

        harness.Run(Line(100, 80, 20));
        harness.Run(Line(81, 100, 10));

        harness.Signals.ShouldBeEmpty();
    }

    [Fact]
    public void MeanReversion_DipBelowLowerBandWithLowRsi_BuysAndExitsAtTheMiddle()
    {
        var harness = new StrategyHarness(Create("mean-reversion", ("period", "10"), ("rsiPeriod", "5")));

        harness.Run([100, 101, 100, 101, 100, 101, 100, 101, 100, 101, 100]);
        harness.Run([97, 93]);
        harness.Signals.ShouldHaveSingleItem().Signal.Direction.ShouldBe(SignalDirection.Long);
        harness.Run([96, 99, 101]);

        harness.Signals.Select(s => s.Signal.Direction).ShouldBe([SignalDirection.Long, SignalDirection.Exit]);
    }

    [Fact]
    public void Breakout_NewHigh_BuysAndExitsUnderTheExitChannel()
    {
        var harness = new StrategyHarness(Create("breakout", ("entryPeriod", "5"), ("exitPeriod", "3")));
        harness.Run([100, 102, 101, 103, 102, 101]);
        harness.Signals.ShouldBeEmpty();

        harness.Close(104).ShouldNotBeNull().Direction.ShouldBe(SignalDirection.Long);
        harness.Run([105, 104]);
        harness.Close(100).ShouldNotBeNull().Direction.ShouldBe(SignalDirection.Exit);
    }

    [Fact]
    public void TripleEma_AlignedUp_BuysOnceAndExitsWhenShortFallsUnderMedium()
    {
        var harness = new StrategyHarness(Create("triple-ema", ("short", "2"), ("medium", "4"), ("long", "8")));

        harness.Run(Line(100, 90, 12));
        harness.Run(Line(91, 110, 12));
        harness.Signals.Count(s => s.Signal.Direction == SignalDirection.Long).ShouldBe(1);
        harness.Run(Line(109, 95, 6));

        harness.Signals[^1].Signal.Direction.ShouldBe(SignalDirection.Exit);
    }

    [Fact]
    public void Momentum_BreakoutAfterConsolidation_BuysAndExitsWhenMomentumFades()
    {
        var harness = new StrategyHarness(Create("momentum", ("rsiPeriod", "5"), ("fast", "3"), ("slow", "8")));

        harness.Run([100, 99, 100, 99, 100, 99, 100, 99, 100, 99, 100]);
        harness.Run([101, 102, 103]);
        harness.Signals.ShouldHaveSingleItem().Signal.Direction.ShouldBe(SignalDirection.Long);
        harness.Run(Line(102, 90, 6));

        harness.Signals[^1].Signal.Direction.ShouldBe(SignalDirection.Exit);
    }

    [Theory]
    [InlineData("ema-cross")]
    [InlineData("momentum")]
    [InlineData("mean-reversion")]
    [InlineData("breakout")]
    [InlineData("triple-ema")]
    public void OnBar_RealBinanceHours_SignalsAreConsistentWithThePosition(string name)
    {
        var harness = new StrategyHarness(Create(name, ("direction", "both")));
        foreach (var bar in StrategyHarness.RealHourlyBars())
        {
            var before = harness.Position;
            if (harness.Feed(bar) is { } signal)
            {
                signal.Confidence.ShouldBeInRange(0.0, 1.0);
                signal.Time.ShouldBe(bar.CloseTime);
                if (signal.Direction == SignalDirection.Exit)
                {
                    before.ShouldNotBeNull();
                }
                else
                {
                    before.ShouldBeNull();
                }
            }
        }

        harness.Count.ShouldBe(211);
    }

    [Theory]
    [InlineData("ema-cross")]
    [InlineData("momentum")]
    [InlineData("mean-reversion")]
    [InlineData("breakout")]
    [InlineData("triple-ema")]
    public void OnBar_NoSignal_AllocatesNothing(string name)
    {
        var harness = new StrategyHarness(Create(name)) { FollowSignals = false };
        harness.Run(Enumerable.Repeat(100.0, 300)); // warm up on a flat series: nothing to signal
        harness.Close(100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            harness.Close(100);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        harness.Signals.ShouldBeEmpty();
    }

    [Fact]
    public void EmaCross_AtrStop_PutsTheStopAtMultipleOfAtrBelowTheClose()
    {
        var harness = new StrategyHarness(Create("ema-cross", ("fast", "3"), ("slow", "8"), ("atrPeriod", "5"), ("atrStop", "2")));

        harness.Run(Line(100, 80, 20));
        harness.Run(Line(81, 100, 10));

        var entry = harness.Signals.ShouldHaveSingleItem().Signal;
        entry.Direction.ShouldBe(SignalDirection.Long);
        entry.StopLoss.ShouldNotBeNull();
        entry.StopLoss!.Value.ShouldBeLessThan(100m);
        entry.StopLoss!.Value.ShouldBeGreaterThan(80m);
    }

    [Fact]
    public void EmaCross_RsiFilterOverbought_SkipsTheLongEntry()
    {
        var filtered = new StrategyHarness(Create("ema-cross", ("fast", "3"), ("slow", "8"), ("rsiPeriod", "5"), ("rsiMax", "60")));
        var unfiltered = new StrategyHarness(Create("ema-cross", ("fast", "3"), ("slow", "8")));

        foreach (var harness in new[] { filtered, unfiltered })
        {
            harness.Run(Line(100, 80, 20));
            harness.Run(Line(81, 100, 10)); // a steady climb: RSI is near 100 at the cross
        }

        unfiltered.Signals.ShouldHaveSingleItem();
        filtered.Signals.ShouldBeEmpty();
    }
}
