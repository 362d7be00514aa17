namespace MultiPair.Sdk.Hosting;

/// <summary>Settings of the hosted trading service.</summary>
/// <remarks>Mutable for binding (section <c>MultiPair:Hosting</c> is a good home).</remarks>
public sealed class MultiPairHostingOptions
{
    /// <summary>Gets or sets how long a stop waits for in-flight order work (placements, cancels, fill syncs) and notifications to finish.</summary>
    /// <value>The default value is 10 seconds. Positive.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets a value indicating whether a failed user data stream connection stops the host (it always does in live mode).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RequireUserDataStream { get; set; } = true;

    /// <summary>
    /// Gets or sets how often a light reconciliation runs while trading (the executor queries its unfinished orders and
    /// fetches trades it may have missed); the stream's own reconnects trigger one too. Null or zero turns the timer off.
    /// Default 5 minutes.
    /// </summary>
    public TimeSpan? ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);
}
