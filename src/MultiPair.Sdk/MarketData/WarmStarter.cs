using Microsoft.Extensions.Options;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.MarketData;

/// <summary>
/// Warm start: before strategies run, fetches for every enabled pair and every timeframe its strategy reads enough closed
/// bars to make its indicators ready (<see cref="Strategies.IPairStrategy.WarmupBars"/> plus
/// <see cref="WarmStartOptions.MarginBars"/>), in parallel (at most <see cref="WarmStartOptions.MaxConcurrency"/> requests
/// at a time; the adapter keeps them inside its weight budget), drops bad rows, and feeds the history to the engine in
/// close-time order through <see cref="PortfolioEngine.WarmUp"/> (no signal, no order). A pair whose history cannot be
/// fetched, or has too few usable bars, is disabled with <see cref="EngineCommand.DisablePair"/> (the engine raises a
/// <see cref="EngineAlertKind.PairDisabled"/> alert) and reported with a typed reason; the others start.
/// </summary>
/// <remarks>
/// <para>The input timeframe of a pair (<see cref="PairSetup.InputTimeframe"/>) is fetched from the start of the window of
/// its longest strategy timeframe that is still forming, and fed through the pair's aggregator, so the first live bars of
/// every timeframe are complete.</para>
/// <para>Call <see cref="RunAsync"/> once, before <see cref="PortfolioEngine.RunAsync"/>; the engine is used on the calling thread.</para>
/// </remarks>
public sealed class WarmStarter
{
    private readonly IKlineApi _klines;
    private readonly WarmStartOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new warm start.</summary>
    /// <param name="klines">Where history comes from.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="klines"/> is null.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid; every problem is listed.</exception>
    public WarmStarter(IKlineApi klines, WarmStartOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(klines);
        _klines = klines;
        _options = options ?? new WarmStartOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        if (_options.Validate() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(nameof(WarmStarter), typeof(WarmStartOptions), problems);
        }
    }

    /// <summary>Fetches the history of every enabled pair, feeds it to <paramref name="engine"/>, disables the pairs that failed, and releases the live stream's <paramref name="seam"/>.</summary>
    /// <param name="engine">The engine (not running yet) whose pairs are <paramref name="pairs"/>.</param>
    /// <param name="pairs">The pairs' setups (disabled ones are skipped).</param>
    /// <param name="seam">The live stream's seam, subscribed before this call; <see langword="null"/> when there is no stream.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>What happened to every pair.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="engine"/> or <paramref name="pairs"/> is null.</exception>
    public async Task<WarmStartReport> RunAsync(PortfolioEngine engine, IEnumerable<PairSetup> pairs, LiveBarSeam? seam = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(pairs);
        var started = _timeProvider.GetTimestamp();
        var now = _timeProvider.GetUtcNow();
        var setups = pairs.Where(static s => s.Enabled).DistinctBy(static s => s.Pair).ToList();
        var jobs = setups.SelectMany(s => Plan(s, now)).ToList();
        using (var gate = new SemaphoreSlim(_options.MaxConcurrency))
        {
            await Task.WhenAll(jobs.Select(job => FetchAsync(job, gate, now, cancellationToken))).ConfigureAwait(false);
        }

        var lastFed = new Dictionary<(TradingPair Pair, Timeframe Timeframe), DateTimeOffset>();
        var outcomes = new List<PairWarmStart>(setups.Count);
        foreach (var setup in setups)
        {
            var pairJobs = jobs.Where(j => j.Setup.Pair == setup.Pair).ToList();
            var outcome = Judge(setup.Pair, pairJobs);
            outcomes.Add(outcome);
            if (!outcome.IsReady)
            {
                engine.ProcessCommand(new EngineCommand.DisablePair(setup.Pair, $"warm start: {outcome.Failure}: {outcome.Message}"));
                continue;
            }

            // Close-time order; at the same close, straight history first, so a bar the aggregator rebuilds is a repeat.
            var bars = pairJobs.SelectMany(j => j.Bars.Select(b => (Bar: b, Input: j.IsInput)))
                .OrderBy(static x => x.Bar.CloseTime)
                .ThenBy(static x => x.Input)
                .ThenByDescending(static x => x.Bar.Timeframe);
            foreach (var (bar, _) in bars)
            {
                _ = engine.WarmUp(bar);
            }

            foreach (var job in pairJobs.Where(static j => j.Bars.Count > 0))
            {
                lastFed[(setup.Pair, job.Timeframe)] = job.Bars[^1].OpenTime;
            }
        }

        seam?.Release(engine, lastFed);
        return new WarmStartReport { Pairs = outcomes, Elapsed = _timeProvider.GetElapsedTime(started) };
    }

    private static PairWarmStart Judge(TradingPair pair, List<Job> jobs)
    {
        var counts = jobs.Aggregate(KlineRowCounts.None, static (sum, j) => sum + j.Counts);
        var fetched = jobs.Sum(static j => (long)j.Bars.Count);
        if (jobs.FirstOrDefault(static j => j.Failure is not null) is { } failed)
        {
            return new PairWarmStart { Pair = pair, Failure = failed.Failure, Message = failed.Message, BarsFetched = fetched, BadRows = counts };
        }

        if (jobs.FirstOrDefault(static j => j.Bars.Count < j.MinimumBars) is { } shortJob)
        {
            var message = $"{shortJob.Timeframe}: {shortJob.Bars.Count} usable bars, {shortJob.MinimumBars} needed ({counts.Dropped} bad rows dropped, {counts.MissingBars} bars missing in gaps).";
            return new PairWarmStart { Pair = pair, Failure = WarmStartFailureReason.NotEnoughHistory, Message = message, BarsFetched = fetched, BadRows = counts };
        }

        return new PairWarmStart { Pair = pair, BarsFetched = fetched, BadRows = counts };
    }

    private IEnumerable<Job> Plan(PairSetup setup, DateTimeOffset now)
    {
        var strategy = setup.Strategy;
        var look = Math.Max(1, strategy.WarmupBars);
        var count = look + _options.MarginBars;
        var timeframes = strategy.Timeframes.Distinct().ToList();
        var input = setup.InputTimeframe;
        foreach (var timeframe in timeframes)
        {
            var end = timeframe.BarOpenTime(now);
            var start = end - (timeframe.Duration * count);
            if (timeframe == input)
            {
                start = Min(start, FormingStart(timeframes, timeframe, now));
            }

            yield return new Job(setup, timeframe, start, end, look, timeframe == input);
        }

        if (input is { } only && !timeframes.Contains(only))
        {
            var end = only.BarOpenTime(now);
            var start = FormingStart(timeframes, only, now);
            if (start < end)
            {
                yield return new Job(setup, only, start, end, 0, IsInput: true);
            }
        }
    }

    /// <summary>The earliest open of a window still forming at <paramref name="now"/>, over the timeframes other than the input.</summary>
    private static DateTimeOffset FormingStart(List<Timeframe> timeframes, Timeframe input, DateTimeOffset now)
    {
        var start = input.BarOpenTime(now);
        foreach (var timeframe in timeframes.Where(t => t != input))
        {
            start = Min(start, timeframe.BarOpenTime(now));
        }

        return start;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private async Task FetchAsync(Job job, SemaphoreSlim gate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (job.Start >= job.End)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                ExchangeResult<IReadOnlyList<Bar>> result;
                try
                {
                    result = await _klines.GetKlinesAsync(job.Setup.Pair, job.Timeframe, job.Start, job.End, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    job.Fail(WarmStartFailureReason.FetchFailed, $"{job.Timeframe}: {ex.GetType().Name}: {ex.Message}");
                    return;
                }

                if (result.TryGetValue(out var rows))
                {
                    job.Accept(rows, now);
                    return;
                }

                var error = result.Error!;
                if (error.Kind == ExchangeErrorKind.UnknownSymbol)
                {
                    job.Fail(WarmStartFailureReason.UnknownSymbol, $"{job.Timeframe}: {error.Message}");
                    return;
                }

                if (error.Kind is ExchangeErrorKind.InvalidRequest or ExchangeErrorKind.Unauthorized or ExchangeErrorKind.NotSupported or ExchangeErrorKind.MalformedResponse || attempt >= _options.MaxAttempts)
                {
                    job.Fail(WarmStartFailureReason.FetchFailed, $"{job.Timeframe}: {error.Kind} after {attempt} attempt(s): {error.Message}");
                    return;
                }

                var delay = _options.RetryDelay * Math.Pow(2, attempt - 1);
                if (error.RetryAfter is { } retryAfter && retryAfter > delay)
                {
                    delay = retryAfter;
                }

                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>One pair × timeframe fetch and its outcome (written by one task, read after all finished).</summary>
    private sealed record Job(PairSetup Setup, Timeframe Timeframe, DateTimeOffset Start, DateTimeOffset End, int MinimumBars, bool IsInput)
    {
        public List<Bar> Bars { get; } = [];

        public KlineRowCounts Counts { get; private set; } = KlineRowCounts.None;

        public WarmStartFailureReason? Failure { get; private set; }

        public string Message { get; private set; } = string.Empty;

        public void Fail(WarmStartFailureReason reason, string message)
        {
            Failure = reason;
            Message = message;
        }

        /// <summary>Keeps the usable rows: this pair and timeframe, aligned, in range, closed, strictly ascending.</summary>
        public void Accept(IReadOnlyList<Bar> rows, DateTimeOffset now)
        {
            long duplicates = 0, outOfOrder = 0, foreign = 0, outOfRange = 0, missing = 0;
            var step = Timeframe.Duration;
            foreach (var bar in rows)
            {
                if (bar.Pair != Setup.Pair || bar.Timeframe != Timeframe)
                {
                    foreign++;
                    continue;
                }

                if (Timeframe.BarOpenTime(bar.OpenTime) != bar.OpenTime || bar.OpenTime < Start || bar.OpenTime >= End || bar.CloseTime > now)
                {
                    outOfRange++;
                    continue;
                }

                if (Bars.Count > 0)
                {
                    var last = Bars[^1].OpenTime;
                    if (bar.OpenTime == last)
                    {
                        duplicates++;
                        continue;
                    }

                    if (bar.OpenTime < last)
                    {
                        outOfOrder++;
                        continue;
                    }

                    missing += ((bar.OpenTime - last).Ticks / step.Ticks) - 1;
                }

                Bars.Add(bar);
            }

            Counts = new KlineRowCounts(duplicates, outOfOrder, foreign, outOfRange, missing);
        }
    }
}
