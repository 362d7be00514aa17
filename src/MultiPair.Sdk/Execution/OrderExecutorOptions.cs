namespace MultiPair.Sdk.Execution;

/// <summary>Settings of the <see cref="OrderExecutor"/>.</summary>
public sealed class OrderExecutorOptions
{
    /// <summary>Gets or sets how many exchange calls run at once across all pairs (orders of one pair always run in order). Default 3.</summary>
    public int MaxConcurrency { get; set; } = 3;

    /// <summary>Gets or sets how many times a query must answer "order does not exist" before an order whose placement had an unknown outcome counts as never arrived. Default 3.</summary>
    public int UnknownOrderConfirmations { get; set; } = 3;

    /// <summary>Gets or sets the least time between the first and the last "order does not exist" answer before an order counts as never arrived (the exchange may not show a just-accepted order yet). Default 3 s.</summary>
    public TimeSpan UnknownOrderGracePeriod { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets or sets the first delay between queries that resolve an unknown outcome; it doubles up to <see cref="MaxQueryDelay"/>. Default 250 ms.</summary>
    public TimeSpan QueryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets the longest delay between resolving queries. Default 5 s.</summary>
    public TimeSpan MaxQueryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many times one order is sent at most (a resend happens only after the exchange proved the earlier attempt never arrived, or refused it before executing). Default 3.</summary>
    public int MaxSendAttempts { get; set; } = 3;

    /// <summary>Gets or sets the delay before resending an order that was refused without executing (network, rate limit, service unavailable), when the exchange gave no <c>Retry-After</c>. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets how long to wait for the user data stream to deliver the trades of an order the exchange reports as (partly) filled before fetching them over REST. Default 2 s.</summary>
    public TimeSpan FillSyncDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how many finished orders stay tracked (for late trades, queries and <see cref="OrderExecutor.GetOrder"/>); older ones are forgotten so a long-running executor's memory and reconciliation work stay bounded. Default 10,000.</summary>
    public int MaxFinishedOrdersKept { get; set; } = 10_000;

    /// <summary>Gets or sets how many recent (pair, trade id) keys are remembered to report every trade once. Default 100,000.</summary>
    public int MaxTradesRemembered { get; set; } = 100_000;

    /// <summary>Lists every problem with these settings (empty when valid).</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxConcurrency < 1)
        {
            problems.Add($"MaxConcurrency must be at least 1; it is {MaxConcurrency}.");
        }

        if (UnknownOrderConfirmations < 1)
        {
            problems.Add($"UnknownOrderConfirmations must be at least 1; it is {UnknownOrderConfirmations}.");
        }

        if (UnknownOrderGracePeriod < TimeSpan.Zero)
        {
            problems.Add($"UnknownOrderGracePeriod must not be negative; it is {UnknownOrderGracePeriod}.");
        }

        if (QueryDelay <= TimeSpan.Zero || MaxQueryDelay < QueryDelay)
        {
            problems.Add($"QueryDelay must be positive and at most MaxQueryDelay; they are {QueryDelay} and {MaxQueryDelay}.");
        }

        if (MaxSendAttempts < 1)
        {
            problems.Add($"MaxSendAttempts must be at least 1; it is {MaxSendAttempts}.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            problems.Add($"RetryDelay must not be negative; it is {RetryDelay}.");
        }

        if (MaxFinishedOrdersKept < 1 || MaxTradesRemembered < 1)
        {
            problems.Add($"MaxFinishedOrdersKept and MaxTradesRemembered must be at least 1; they are {MaxFinishedOrdersKept} and {MaxTradesRemembered}.");
        }

        if (FillSyncDelay < TimeSpan.Zero)
        {
            problems.Add($"FillSyncDelay must not be negative; it is {FillSyncDelay}.");
        }

        return problems;
    }
}
