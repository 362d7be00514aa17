using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Allocation;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// Puts an expensive <see cref="ISignalConfirmer"/> (a remote model, an LLM, a web service) behind the cheap per-pair
/// strategies of a decision point, and bounds what it costs.
/// </summary>
/// <remarks>
/// <para>Cost control, per <see cref="ConfirmAsync"/> call (one decision point):</para>
/// <list type="bullet">
/// <item><description>
/// Exit signals pass through unconfirmed: the confirmer is never asked about taking risk off, so a slow or failing
/// confirmer can never keep a position open.
/// </description></item>
/// <item><description>
/// Entry signals are ranked with <see cref="SignalRanking.Rank"/> (confidence, then pair name, then strategy id);
/// only the top <see cref="SignalConfirmationOptions.TopN"/> are confirmed, the rest are dropped unasked
/// (<see cref="ConfirmationDropReason.NotTopN"/>). At most <c>TopN</c> calls are made per decision point.
/// </description></item>
/// <item><description>
/// Answers are cached per pair, direction and strategy for <see cref="SignalConfirmationOptions.CacheDuration"/>
/// (measured on the <see cref="TimeProvider"/> from the decision point that asked): a repeated candidate reuses the
/// answer (including its confidence) instead of calling again. Timeouts and failures are not answers and are not
/// cached. When every answer comes from the cache, or there is nothing to ask, the returned task is already
/// completed, so a backtest can run the gate without blocking.
/// </description></item>
/// <item><description>
/// Calls run in parallel, at most <see cref="SignalConfirmationOptions.MaxConcurrency"/> in flight, each bounded by
/// <see cref="SignalConfirmationOptions.Timeout"/> (its token is cancelled and its answer no longer awaited). A
/// timeout (<see cref="ConfirmationDropReason.TimedOut"/>), an exception or a cancellation by the confirmer itself
/// (<see cref="ConfirmationDropReason.Failed"/>) count as "not confirmed": the signal is dropped, never passed on.
/// </description></item>
/// </list>
/// <para>
/// <see cref="Statistics"/> accumulates the calls made, cache hits, timeouts and failures: the figures to watch.
/// Not thread-safe: call <see cref="ConfirmAsync"/> from one loop, awaiting each call before the next.
/// </para>
/// </remarks>
public sealed class SignalConfirmationGate
{
    private readonly ISignalConfirmer _confirmer;
    private readonly SignalConfirmationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<CacheKey, CachedAnswer> _cache = [];
    private ConfirmationStatistics _statistics;

    /// <summary>Initializes a new gate.</summary>
    /// <param name="confirmer">The expensive confirmer.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="timeProvider">The clock of the cache and the timeouts; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="confirmer"/> is null.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid; every problem is listed.</exception>
    public SignalConfirmationGate(ISignalConfirmer confirmer, SignalConfirmationOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(confirmer);
        _confirmer = confirmer;
        _options = options ?? new SignalConfirmationOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(nameof(SignalConfirmationGate), typeof(SignalConfirmationOptions), problems);
        }
    }

    /// <summary>Gets the settings.</summary>
    public SignalConfirmationOptions Options => _options;

    /// <summary>Gets the figures of every call so far: calls made, cache hits, timeouts, failures.</summary>
    public ConfirmationStatistics Statistics => _statistics;

    /// <summary>Gets how many answers the cache holds (expired ones included until replaced).</summary>
    public int CachedAnswers => _cache.Count;

    /// <summary>
    /// Confirms the entry signals of one decision point: exits pass through, the top
    /// <see cref="SignalConfirmationOptions.TopN"/> entries are confirmed (from the cache or by the confirmer), the rest
    /// are dropped.
    /// </summary>
    /// <param name="candidates">Every signal of the decision point, all pairs and strategies, in any order.</param>
    /// <param name="cancellationToken">Cancels the whole decision; calls in flight are cancelled too.</param>
    /// <returns>
    /// The signals to act on and the dropped ones, with this call's figures. Already completed when no call to the
    /// confirmer is needed.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="candidates"/> or one of its items is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the task is cancelled).</exception>
    public Task<ConfirmationResult> ConfirmAsync(IReadOnlyList<Signal> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var exits = new List<Signal>();
        var entries = new List<Signal>(candidates.Count);
        foreach (var signal in candidates)
        {
            ArgumentNullException.ThrowIfNull(signal, nameof(candidates));
            (signal.Direction == SignalDirection.Exit ? exits : entries).Add(signal);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<ConfirmationResult>(cancellationToken);
        }

        var ranked = SignalRanking.Rank(entries);
        var now = _timeProvider.GetUtcNow();
        var outcomes = new Outcome[ranked.Count];
        var questions = new List<Question>();
        var cacheHits = 0L;
        for (var rank = 0; rank < ranked.Count; rank++)
        {
            if (rank >= _options.TopN)
            {
                outcomes[rank] = Outcome.NotTopN(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Ranked {rank + 1}; only the top {_options.TopN} entry signals are confirmed."));
                continue;
            }

            var key = CacheKey.Of(ranked[rank]);
            if (_cache.TryGetValue(key, out var cached) && now - cached.Time < _options.CacheDuration)
            {
                outcomes[rank] = Outcome.Answered(cached.Answer);
                cacheHits++;
                continue;
            }

            var question = questions.Find(q => q.Key == key);
            if (question is not null)
            {
                // The same pair, direction and strategy twice in one batch: one call answers both.
                question.Ranks.Add(rank);
                cacheHits++;
                continue;
            }

            questions.Add(new Question(key, ranked[rank], rank));
        }

        if (questions.Count == 0)
        {
            var statistics = new ConfirmationStatistics(0, cacheHits, 0, 0);
            _statistics += statistics;
            return Task.FromResult(BuildResult(exits, ranked, outcomes, statistics));
        }

        return AskAllAsync(exits, ranked, outcomes, questions, cacheHits, now, cancellationToken);
    }

    private static Signal Adjust(Signal signal, SignalConfirmation answer) =>
        answer.Confidence is { } confidence && !confidence.Equals(signal.Confidence)
            ? new Signal(signal.Pair, signal.Direction, confidence, signal.Time)
            {
                Strategy = signal.Strategy,
                StopLoss = signal.StopLoss,
                TakeProfit = signal.TakeProfit,
                Reason = signal.Reason,
            }
            : signal;

    private static void Observe(Task? call)
    {
        // An abandoned call may still fault later; observe it so it never surfaces as an unobserved exception.
        if (call is { IsCompleted: false })
        {
            _ = call.ContinueWith(
                static t => _ = t.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task<ConfirmationResult> AskAllAsync(
        List<Signal> exits,
        IReadOnlyList<Signal> ranked,
        Outcome[] outcomes,
        List<Question> questions,
        long cacheHits,
        DateTimeOffset askedAt,
        CancellationToken cancellationToken)
    {
        var batch = new Batch(questions);
        try
        {
            var workers = new Task[Math.Min(_options.MaxConcurrency, questions.Count)];
            for (var i = 0; i < workers.Length; i++)
            {
                workers[i] = WorkAsync(batch, cancellationToken);
            }

            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            // Answers paid for are kept, even when the decision was cancelled.
            foreach (var question in questions)
            {
                if (question.Outcome is { Reason: null } answered && _options.CacheDuration > TimeSpan.Zero)
                {
                    _cache[question.Key] = new CachedAnswer(answered.Answer, askedAt);
                }
            }

            _statistics += batch.Statistics(cacheHits);
        }

        foreach (var question in questions)
        {
            foreach (var rank in question.Ranks)
            {
                outcomes[rank] = question.Outcome!.Value;
            }
        }

        return BuildResult(exits, ranked, outcomes, batch.Statistics(cacheHits));
    }

    private async Task WorkAsync(Batch batch, CancellationToken cancellationToken)
    {
        while (batch.TryTake(out var question))
        {
            cancellationToken.ThrowIfCancellationRequested();
            question.Outcome = await AskAsync(question.Signal, batch, cancellationToken).ConfigureAwait(false);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A failing confirmer means \"not confirmed\"; it must never throw through the event loop.")]
    private async Task<Outcome> AskAsync(Signal signal, Batch batch, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Task<SignalConfirmation>? call = null;
        batch.CountCall();
        try
        {
            call = _confirmer.ConfirmAsync(signal, linked.Token).AsTask();
            var answer = await call.WaitAsync(linked.Token).ConfigureAwait(false);
            return Outcome.Answered(answer);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Observe(call);
            throw;
        }
        catch (Exception ex) when (timeout.IsCancellationRequested || ex is TimeoutException or OperationCanceledException { InnerException: TimeoutException })
        {
            Observe(call);
            batch.CountTimeout();
            return Outcome.Failure(
                ConfirmationDropReason.TimedOut,
                string.Create(CultureInfo.InvariantCulture, $"The confirmer did not answer within {_options.Timeout}."));
        }
        catch (Exception ex)
        {
            batch.CountFailure();
            return Outcome.Failure(ConfirmationDropReason.Failed, $"The confirmer failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static ConfirmationResult BuildResult(List<Signal> exits, IReadOnlyList<Signal> ranked, Outcome[] outcomes, ConfirmationStatistics statistics)
    {
        var confirmed = new List<Signal>();
        var dropped = new List<DroppedSignal>();
        for (var rank = 0; rank < ranked.Count; rank++)
        {
            var signal = ranked[rank];
            var outcome = outcomes[rank];
            if (outcome.Reason is { } reason)
            {
                dropped.Add(new DroppedSignal(signal, reason, outcome.Message!));
            }
            else if (outcome.Answer.Confirmed)
            {
                confirmed.Add(Adjust(signal, outcome.Answer));
            }
            else
            {
                dropped.Add(new DroppedSignal(signal, ConfirmationDropReason.Rejected, outcome.Answer.Reason ?? "The confirmer did not confirm the signal."));
            }
        }

        var signals = new List<Signal>(exits.Count + confirmed.Count);
        signals.AddRange(exits);
        signals.AddRange(confirmed.Count > 1 ? SignalRanking.Rank(confirmed) : confirmed);
        return new ConfirmationResult(signals, dropped, statistics);
    }

    private readonly record struct CacheKey(TradingPair Pair, SignalDirection Direction, StrategyId Strategy)
    {
        public static CacheKey Of(Signal signal) => new(signal.Pair, signal.Direction, signal.Strategy);
    }

    private readonly record struct CachedAnswer(SignalConfirmation Answer, DateTimeOffset Time);

    // Reason is null for an answer (confirmed or not), set for a signal dropped without one.
    private readonly record struct Outcome(ConfirmationDropReason? Reason, SignalConfirmation Answer, string? Message)
    {
        public static Outcome Answered(SignalConfirmation answer) => new(null, answer, null);

        public static Outcome NotTopN(string message) => new(ConfirmationDropReason.NotTopN, default, message);

        public static Outcome Failure(ConfirmationDropReason reason, string message) => new(reason, default, message);
    }

    private sealed class Question(CacheKey key, Signal signal, int rank)
    {
        public CacheKey Key { get; } = key;

        public Signal Signal { get; } = signal;

        public List<int> Ranks { get; } = [rank];

        // Written by one worker, read after all workers completed.
        public Outcome? Outcome { get; set; }
    }

    // The shared state of one batch's workers; they may run on different threads.
    private sealed class Batch(List<Question> questions)
    {
        private int _next = -1;
        private long _calls;
        private long _timeouts;
        private long _failures;

        public bool TryTake([NotNullWhen(true)] out Question? question)
        {
            var index = Interlocked.Increment(ref _next);
            question = index < questions.Count ? questions[index] : null;
            return question is not null;
        }

        public void CountCall() => Interlocked.Increment(ref _calls);

        public void CountTimeout() => Interlocked.Increment(ref _timeouts);

        public void CountFailure() => Interlocked.Increment(ref _failures);

        public ConfirmationStatistics Statistics(long cacheHits) =>
            new(Interlocked.Read(ref _calls), cacheHits, Interlocked.Read(ref _timeouts), Interlocked.Read(ref _failures));
    }
}
