using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Strategies;
using MultiPair.Sdk.Testing;

namespace MultiPair.Sdk.Tests.Strategies;

public sealed class SignalConfirmationTests
{
    private static readonly TradingPair Btc = new("BTC", "USDT");
    private static readonly TradingPair Eth = new("ETH", "USDT");
    private static readonly TradingPair Sol = new("SOL", "USDT");
    private static readonly TradingPair Bnb = new("BNB", "USDT");
    private static readonly TradingPair Xrp = new("XRP", "USDT");
    private static readonly TimeSpan RealTimeGuard = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task ConfirmAsync_MoreEntriesThanTopN_AsksOnlyTopN()
    {
        var confirmer = new FakeConfirmer();
        var gate = Gate(confirmer, new SignalConfirmationOptions { TopN = 3 });

        var result = await gate.ConfirmAsync([Entry(Btc, 0.5), Entry(Eth, 0.9), Entry(Sol, 0.7), Entry(Bnb, 0.8), Entry(Xrp, 0.6)]);

        confirmer.Asked.Select(s => s.Pair).ShouldBe([Eth, Bnb, Sol], ignoreOrder: true);
        result.Signals.Select(s => s.Pair).ShouldBe([Eth, Bnb, Sol]);
        result.Dropped.Select(d => (d.Signal.Pair, d.Reason)).ShouldBe([(Xrp, ConfirmationDropReason.NotTopN), (Btc, ConfirmationDropReason.NotTopN)]);
        result.Statistics.ShouldBe(new ConfirmationStatistics(3, 0, 0, 0));
    }

    [Fact]
    public async Task ConfirmAsync_EqualConfidence_RanksByPairNameThenStrategy()
    {
        var confirmer = new FakeConfirmer();
        var gate = Gate(confirmer, new SignalConfirmationOptions { TopN = 3 });
        var solB = Entry(Sol, 0.7) with { Strategy = new StrategyId("b") };
        var solA = Entry(Sol, 0.7) with { Strategy = new StrategyId("a") };

        var result = await gate.ConfirmAsync([solB, Entry(Sol, 0.7, SignalDirection.Short) with { Strategy = new StrategyId("c") }, Entry(Eth, 0.7), solA, Entry(Btc, 0.7)]);

        result.Signals.Select(s => $"{s.Pair}:{s.Strategy}").ShouldBe(["BTC/USDT:default", "ETH/USDT:default", "SOL/USDT:a"]);
        result.Dropped.Select(d => $"{d.Signal.Pair}:{d.Signal.Strategy}").ShouldBe(["SOL/USDT:b", "SOL/USDT:c"]);
        confirmer.Asked.Count.ShouldBe(3);
    }

    [Fact]
    public async Task ConfirmAsync_ExitSignals_PassThroughUnconfirmedAndFirst()
    {
        var confirmer = new FakeConfirmer { Answer = (_, _) => Task.FromResult(new SignalConfirmation(Confirmed: false)) };
        var gate = Gate(confirmer, new SignalConfirmationOptions { TopN = 1 });
        var exitSol = Entry(Sol, 0.1, SignalDirection.Exit);
        var exitBtc = Entry(Btc, 0.2, SignalDirection.Exit);

        var result = await gate.ConfirmAsync([Entry(Eth, 0.9), exitSol, exitBtc, Entry(Bnb, 0.8)]);

        result.Signals.ShouldBe([exitSol, exitBtc]);
        confirmer.Asked.Select(s => s.Direction).ShouldAllBe(d => d != SignalDirection.Exit);
        confirmer.Asked.Select(s => s.Pair).ShouldBe([Eth]);
        result.Dropped.Select(d => d.Reason).ShouldBe([ConfirmationDropReason.Rejected, ConfirmationDropReason.NotTopN]);
    }

    [Fact]
    public async Task ConfirmAsync_OnlyExits_CompletesSynchronouslyWithoutCalls()
    {
        var confirmer = new FakeConfirmer();
        var gate = Gate(confirmer);
        var exit = Entry(Sol, 0.5, SignalDirection.Exit);

        var task = gate.ConfirmAsync([exit]);

        task.IsCompletedSuccessfully.ShouldBeTrue();
        (await task).Signals.ShouldBe([exit]);
        confirmer.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task ConfirmAsync_NoCandidates_CompletesSynchronously()
    {
        var gate = Gate(new FakeConfirmer());

        var task = gate.ConfirmAsync([]);

        task.IsCompletedSuccessfully.ShouldBeTrue();
        var result = await task;
        result.Signals.ShouldBeEmpty();
        result.Dropped.ShouldBeEmpty();
    }

    [Fact]
    public async Task ConfirmAsync_SameKeyWithinCacheDuration_ReusesAnswerWithoutCalling()
    {
        var confirmer = new FakeConfirmer { Answer = (_, _) => Task.FromResult(new SignalConfirmation(true, 0.66)) };
        var gate = Gate(confirmer, new SignalConfirmationOptions { CacheDuration = TimeSpan.FromMinutes(15) });
        await gate.ConfirmAsync([Entry(Btc, 0.9)]);

        _time.Advance(TimeSpan.FromMinutes(14));
        var result = await gate.ConfirmAsync([Entry(Btc, 0.8)]);

        confirmer.Calls.ShouldBe(1);
        result.Statistics.ShouldBe(new ConfirmationStatistics(0, 1, 0, 0));
        result.Signals.Single().Confidence.ShouldBe(0.66);
        result.Signals.Single().Time.ShouldBe(_time.GetUtcNow());
        gate.Statistics.ShouldBe(new ConfirmationStatistics(1, 1, 0, 0));
    }

    [Fact]
    public async Task ConfirmAsync_SameKeyAfterCacheDuration_AsksAgain()
    {
        var confirmer = new FakeConfirmer();
        var gate = Gate(confirmer, new SignalConfirmationOptions { CacheDuration = TimeSpan.FromMinutes(15) });
        await gate.ConfirmAsync([Entry(Btc, 0.9)]);

        _time.Advance(TimeSpan.FromMinutes(15));
        var result = await gate.ConfirmAsync([Entry(Btc, 0.9)]);

        confirmer.Calls.ShouldBe(2);
        result.Statistics.ShouldBe(new ConfirmationStatistics(1, 0, 0, 0));
        gate.CachedAnswers.ShouldBe(1);
    }

    [Fact]
    public async Task ConfirmAsync_OtherDirectionOrStrategy_IsNotACacheHit()
    {
        var confirmer = new FakeConfirmer();
        var gate = Gate(confirmer);
        await gate.ConfirmAsync([Entry(Btc, 0.9)]);

        await gate.ConfirmAsync([Entry(Btc, 0.9, SignalDirection.Short), Entry(Btc, 0.8) with { Strategy = new StrategyId("grid") }]);

        confirmer.Calls.ShouldBe(3);
        gate.Statistics.CacheHits.ShouldBe(0);
    }

    [Fact]
    public async Task ConfirmAsync_CachedRejection_DropsRejectedWithoutCalling()
    {
        var confirmer = new FakeConfirmer { Answer = (_, _) => Task.FromResult(new SignalConfirmation(false, Reason: "funding too high")) };
        var gate = Gate(confirmer);
        var first = await gate.ConfirmAsync([Entry(Eth, 0.9)]);

        var second = gate.ConfirmAsync([Entry(Eth, 0.9)]);

        second.IsCompletedSuccessfully.ShouldBeTrue();
        foreach (var result in new[] { first, await second })
        {
            result.Signals.ShouldBeEmpty();
            var dropped = result.Dropped.ShouldHaveSingleItem();
            dropped.Reason.ShouldBe(ConfirmationDropReason.Rejected);
            dropped.Message.ShouldBe("funding too high");
        }

        confirmer.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task ConfirmAsync_FullyCached_CompletesSynchronously()
    {
        var confirmer = new FakeConfirmer { Answer = async (_, ct) => { await Task.Delay(TimeSpan.FromSeconds(1), _time, ct); return new SignalConfirmation(true); } };
        var gate = Gate(confirmer);
        var first = gate.ConfirmAsync([Entry(Btc, 0.9), Entry(Eth, 0.8)]);
        first.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));
        await first.WaitAsync(RealTimeGuard);

        var second = gate.ConfirmAsync([Entry(Eth, 0.7), Entry(Btc, 0.6), Entry(Sol, 0.5, SignalDirection.Exit)]);

        second.IsCompletedSuccessfully.ShouldBeTrue();
        var result = await second;
        result.Signals.Select(s => s.Pair).ShouldBe([Sol, Eth, Btc]);
        result.Statistics.ShouldBe(new ConfirmationStatistics(0, 2, 0, 0));
        confirmer.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task ConfirmAsync_ZeroCacheDuration_AlwaysAsks()
    {
        var confirmer = new FakeConfirmer();
        var gate = Gate(confirmer, new SignalConfirmationOptions { CacheDuration = TimeSpan.Zero });

        await gate.ConfirmAsync([Entry(Btc, 0.9)]);
        await gate.ConfirmAsync([Entry(Btc, 0.9)]);

        confirmer.Calls.ShouldBe(2);
        gate.CachedAnswers.ShouldBe(0);
    }

    [Fact]
    public async Task ConfirmAsync_SameKeyTwiceInOneBatch_AsksOnce()
    {
        var confirmer = new FakeConfirmer();
        var gate = Gate(confirmer);

        var result = await gate.ConfirmAsync([Entry(Btc, 0.9), Entry(Btc, 0.8)]);

        confirmer.Calls.ShouldBe(1);
        result.Signals.Count.ShouldBe(2);
        result.Statistics.ShouldBe(new ConfirmationStatistics(1, 1, 0, 0));
    }

    [Fact]
    public async Task ConfirmAsync_ManySlowCalls_NeverExceedsMaxConcurrency()
    {
        var pending = new ConcurrentQueue<TaskCompletionSource<SignalConfirmation>>();
        var confirmer = new FakeConfirmer
        {
            Answer = (_, _) =>
            {
                var answer = new TaskCompletionSource<SignalConfirmation>(TaskCreationOptions.RunContinuationsAsynchronously);
                pending.Enqueue(answer);
                return answer.Task;
            },
        };
        var gate = Gate(confirmer, new SignalConfirmationOptions { TopN = 6, MaxConcurrency = 2 });

        var task = gate.ConfirmAsync([Entry(Btc, 0.9), Entry(Eth, 0.8), Entry(Sol, 0.7), Entry(Bnb, 0.6), Entry(Xrp, 0.5), Entry(new TradingPair("ADA", "USDT"), 0.4)]);
        confirmer.InFlight.ShouldBe(2);

        var deadline = DateTimeOffset.UtcNow + RealTimeGuard;
        while (!task.IsCompleted && DateTimeOffset.UtcNow < deadline)
        {
            if (pending.TryDequeue(out var answer))
            {
                answer.SetResult(new SignalConfirmation(true));
            }
            else
            {
                await Task.Delay(1);
            }
        }

        var result = await task.WaitAsync(RealTimeGuard);
        confirmer.Calls.ShouldBe(6);
        confirmer.MaxInFlight.ShouldBe(2);
        result.Signals.Count.ShouldBe(6);
    }

    [Fact]
    public async Task ConfirmAsync_ConfirmerIgnoresTokenAndNeverAnswers_DropsTimedOutAtTimeout()
    {
        var tokens = new List<CancellationToken>();
        var confirmer = new FakeConfirmer
        {
            Answer = (_, ct) =>
            {
                tokens.Add(ct);
                return new TaskCompletionSource<SignalConfirmation>().Task;
            },
        };
        var gate = Gate(confirmer, new SignalConfirmationOptions { Timeout = TimeSpan.FromSeconds(10) });

        var task = gate.ConfirmAsync([Entry(Btc, 0.9)]);
        _time.Advance(TimeSpan.FromSeconds(9));
        task.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await task.WaitAsync(RealTimeGuard);

        result.Signals.ShouldBeEmpty();
        result.Dropped.ShouldHaveSingleItem().Reason.ShouldBe(ConfirmationDropReason.TimedOut);
        result.Statistics.ShouldBe(new ConfirmationStatistics(1, 0, 1, 0));
        tokens.ShouldHaveSingleItem().IsCancellationRequested.ShouldBeTrue();
    }

    [Fact]
    public async Task ConfirmAsync_ConfirmerHonoursToken_DropsTimedOutAndIsNotCached()
    {
        var confirmer = new FakeConfirmer
        {
            Answer = async (_, ct) =>
            {
                await Task.Delay(TimeSpan.FromHours(1), _time, ct);
                return new SignalConfirmation(true);
            },
        };
        var gate = Gate(confirmer, new SignalConfirmationOptions { Timeout = TimeSpan.FromSeconds(5) });

        var task = gate.ConfirmAsync([Entry(Btc, 0.9), Entry(Eth, 0.8)]);
        _time.Advance(TimeSpan.FromSeconds(5));
        var result = await task.WaitAsync(RealTimeGuard);

        result.Dropped.Select(d => d.Reason).ShouldBe([ConfirmationDropReason.TimedOut, ConfirmationDropReason.TimedOut]);
        result.Statistics.Timeouts.ShouldBe(2);
        gate.CachedAnswers.ShouldBe(0);
        gate.ConfirmAsync([Entry(Btc, 0.9)]).IsCompleted.ShouldBeFalse();
        confirmer.Calls.ShouldBe(3);
    }

    [Fact]
    public async Task ConfirmAsync_ConfirmerThrows_DropsFailedAndOthersGoOn()
    {
        var confirmer = new FakeConfirmer
        {
            Answer = (signal, _) => signal.Pair == Btc
                ? throw new HttpRequestException("503 Service Unavailable")
                : Task.FromResult(new SignalConfirmation(true)),
        };
        var gate = Gate(confirmer);

        var result = await gate.ConfirmAsync([Entry(Btc, 0.9), Entry(Eth, 0.8)]);

        result.Signals.Select(s => s.Pair).ShouldBe([Eth]);
        var dropped = result.Dropped.ShouldHaveSingleItem();
        dropped.Reason.ShouldBe(ConfirmationDropReason.Failed);
        dropped.Message.ShouldContain("503 Service Unavailable");
        result.Statistics.ShouldBe(new ConfirmationStatistics(2, 0, 0, 1));
    }

    [Fact]
    public async Task ConfirmAsync_ConfirmerThrowsSynchronously_DropsFailed()
    {
        var gate = Gate(new ThrowingConfirmer());

        var result = await gate.ConfirmAsync([Entry(Btc, 0.9)]);

        result.Dropped.ShouldHaveSingleItem().Reason.ShouldBe(ConfirmationDropReason.Failed);
        gate.Statistics.Failures.ShouldBe(1);
    }

    [Fact]
    public async Task ConfirmAsync_ConfirmerCancelsItself_DropsFailed()
    {
        var confirmer = new FakeConfirmer { Answer = (_, _) => Task.FromCanceled<SignalConfirmation>(new CancellationToken(canceled: true)) };
        var gate = Gate(confirmer);

        var result = await gate.ConfirmAsync([Entry(Btc, 0.9)]);

        result.Dropped.ShouldHaveSingleItem().Reason.ShouldBe(ConfirmationDropReason.Failed);
    }

    [Fact]
    public async Task ConfirmAsync_FailedCall_IsNotCachedAndAskedAgain()
    {
        var fail = true;
        var confirmer = new FakeConfirmer { Answer = (_, _) => fail ? throw new InvalidOperationException("boom") : Task.FromResult(new SignalConfirmation(true)) };
        var gate = Gate(confirmer);
        (await gate.ConfirmAsync([Entry(Btc, 0.9)])).Signals.ShouldBeEmpty();

        fail = false;
        var result = await gate.ConfirmAsync([Entry(Btc, 0.9)]);

        result.Signals.ShouldHaveSingleItem();
        confirmer.Calls.ShouldBe(2);
        gate.Statistics.ShouldBe(new ConfirmationStatistics(2, 0, 0, 1));
    }

    [Fact]
    public async Task ConfirmAsync_ConfirmerAdjustsConfidence_ReturnsAdjustedSignalsInRankOrder()
    {
        var confirmer = new FakeConfirmer
        {
            Answer = (signal, _) => Task.FromResult(signal.Pair == Btc ? new SignalConfirmation(true, 0.55, "weak momentum") : new SignalConfirmation(true)),
        };
        var gate = Gate(confirmer);
        var btc = Entry(Btc, 0.9) with { Strategy = new StrategyId("ema-cross"), StopLoss = 90m, TakeProfit = 120m, Reason = "EMA cross" };
        var eth = Entry(Eth, 0.8);

        var result = await gate.ConfirmAsync([btc, eth]);

        result.Signals.Count.ShouldBe(2);
        result.Signals[0].ShouldBeSameAs(eth);
        var adjusted = result.Signals[1];
        adjusted.Confidence.ShouldBe(0.55);
        adjusted.ShouldBe(new Signal(Btc, SignalDirection.Long, 0.55, btc.Time) { Strategy = btc.Strategy, StopLoss = 90m, TakeProfit = 120m, Reason = "EMA cross" });
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public async Task ConfirmAsync_ConfirmerGivesInvalidConfidence_DropsFailed(double confidence)
    {
        var confirmer = new FakeConfirmer { Answer = (_, _) => Task.FromResult(new SignalConfirmation(true, confidence)) };
        var gate = Gate(confirmer);

        var result = await gate.ConfirmAsync([Entry(Btc, 0.9)]);

        result.Signals.ShouldBeEmpty();
        var dropped = result.Dropped.ShouldHaveSingleItem();
        dropped.Reason.ShouldBe(ConfirmationDropReason.Failed);
        dropped.Message.ShouldContain("Confidence");
        gate.CachedAnswers.ShouldBe(0);
    }

    [Fact]
    public async Task ConfirmAsync_CallerCancels_CancelsTheTask()
    {
        var tokens = new List<CancellationToken>();
        var confirmer = new FakeConfirmer
        {
            Answer = async (_, ct) =>
            {
                tokens.Add(ct);
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct);
                return new SignalConfirmation(true);
            },
        };
        var gate = Gate(confirmer);
        using var cancellation = new CancellationTokenSource();

        var task = gate.ConfirmAsync([Entry(Btc, 0.9)], cancellation.Token);
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => task.WaitAsync(RealTimeGuard));
        tokens.ShouldHaveSingleItem().IsCancellationRequested.ShouldBeTrue();
        gate.Statistics.Calls.ShouldBe(1);
    }

    [Fact]
    public void ConfirmAsync_AlreadyCancelled_ReturnsCancelledTaskWithoutCalls()
    {
        var confirmer = new FakeConfirmer();
        var gate = Gate(confirmer);

        var task = gate.ConfirmAsync([Entry(Btc, 0.9)], new CancellationToken(canceled: true));

        task.IsCanceled.ShouldBeTrue();
        confirmer.Calls.ShouldBe(0);
    }

    [Fact]
    public void ConfirmAsync_NullCandidate_Throws()
    {
        var gate = Gate(new FakeConfirmer());

        Should.Throw<ArgumentNullException>(() => gate.ConfirmAsync(null!));
        Should.Throw<ArgumentNullException>(() => gate.ConfirmAsync([Entry(Btc, 0.9), null!]));
    }

    [Fact]
    public async Task Statistics_SeveralDecisionPoints_Accumulates()
    {
        var confirmer = new FakeConfirmer { Answer = (signal, _) => signal.Pair == Sol ? throw new InvalidOperationException("x") : Task.FromResult(new SignalConfirmation(true)) };
        var gate = Gate(confirmer, new SignalConfirmationOptions { TopN = 2 });

        await gate.ConfirmAsync([Entry(Btc, 0.9), Entry(Eth, 0.8), Entry(Bnb, 0.1)]);
        _time.Advance(TimeSpan.FromMinutes(1));
        await gate.ConfirmAsync([Entry(Btc, 0.9), Entry(Sol, 0.8)]);

        gate.Statistics.ShouldBe(new ConfirmationStatistics(Calls: 3, CacheHits: 1, Timeouts: 0, Failures: 1));
    }

    [Fact]
    public void Options_Defaults_AreValid()
    {
        var options = new SignalConfirmationOptions();

        options.TopN.ShouldBe(3);
        options.CacheDuration.ShouldBe(TimeSpan.FromMinutes(15));
        options.MaxConcurrency.ShouldBe(2);
        options.Timeout.ShouldBe(TimeSpan.FromSeconds(10));
        options.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Validate_EverySettingInvalid_ListsEveryProblem()
    {
        var options = new SignalConfirmationOptions { TopN = 0, CacheDuration = TimeSpan.FromSeconds(-1), MaxConcurrency = 0, Timeout = TimeSpan.Zero };

        var problems = options.Validate();

        problems.Count.ShouldBe(4);
        problems.ShouldContain(p => p.Contains("TopN", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("CacheDuration", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("MaxConcurrency", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("Timeout", StringComparison.Ordinal));
        var exception = Should.Throw<OptionsValidationException>(() => new SignalConfirmationGate(new FakeConfirmer(), options, _time));
        exception.Failures.Count().ShouldBe(4);
    }

    [Fact]
    public void Validate_TimeoutBeyondTimerLimit_IsAProblem()
    {
        var options = new SignalConfirmationOptions { Timeout = SignalConfirmationOptions.MaxTimeout + TimeSpan.FromMilliseconds(1) };

        options.Validate().ShouldHaveSingleItem().ShouldContain("Timeout");
    }

    [Fact]
    public void Constructor_NullConfirmer_Throws()
    {
        Should.Throw<ArgumentNullException>(() => new SignalConfirmationGate(null!));
    }

    [Theory]
    [InlineData(1.01)]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void SignalConfirmation_ConfidenceOutsideUnitRange_Throws(double confidence)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new SignalConfirmation(true, confidence));
        Should.Throw<ArgumentOutOfRangeException>(() => new SignalConfirmation(true) with { Confidence = confidence });
    }

    [Fact]
    public void SignalConfirmation_ValidValues_KeepsThem()
    {
        var answer = new SignalConfirmation(true, 0.4, "ok");

        answer.Confirmed.ShouldBeTrue();
        answer.Confidence.ShouldBe(0.4);
        answer.Reason.ShouldBe("ok");
        default(SignalConfirmation).Confirmed.ShouldBeFalse();
    }

    private SignalConfirmationGate Gate(ISignalConfirmer confirmer, SignalConfirmationOptions? options = null) =>
        new(confirmer, options ?? new SignalConfirmationOptions(), _time);

    private Signal Entry(TradingPair pair, double confidence, SignalDirection direction = SignalDirection.Long) =>
        new(pair, direction, confidence, _time.GetUtcNow());

    private sealed class FakeConfirmer : ISignalConfirmer
    {
        private readonly Lock _gate = new();
        private readonly List<Signal> _asked = [];
        private int _inFlight;
        private int _maxInFlight;

        public Func<Signal, CancellationToken, Task<SignalConfirmation>> Answer { get; init; } =
            (_, _) => Task.FromResult(new SignalConfirmation(true));

        public IReadOnlyList<Signal> Asked
        {
            get
            {
                lock (_gate)
                {
                    return [.. _asked];
                }
            }
        }

        public int Calls => Asked.Count;

        public int InFlight => Volatile.Read(ref _inFlight);

        public int MaxInFlight => Volatile.Read(ref _maxInFlight);

        public async ValueTask<SignalConfirmation> ConfirmAsync(Signal signal, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                _asked.Add(signal);
                _inFlight++;
                _maxInFlight = Math.Max(_maxInFlight, _inFlight);
            }

            try
            {
                return await Answer(signal, cancellationToken);
            }
            finally
            {
                lock (_gate)
                {
                    _inFlight--;
                }
            }
        }
    }

    private sealed class ThrowingConfirmer : ISignalConfirmer
    {
        public ValueTask<SignalConfirmation> ConfirmAsync(Signal signal, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("not configured");
    }
}
