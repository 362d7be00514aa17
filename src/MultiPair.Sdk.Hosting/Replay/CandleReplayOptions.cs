namespace MultiPair.Sdk.Hosting.Replay;

/// <summary>Settings of a candle replay: historical bars played into a paper portfolio as if they were live.</summary>
/// <remarks>Mutable for binding.</remarks>
public sealed class CandleReplayOptions
{
    /// <summary>Gets or sets how many bar close times are replayed per second; 0 replays as fast as the engine takes them.</summary>
    /// <value>The default value is 20. Not negative.</value>
    public double ClosesPerSecond { get; set; } = 20;

    /// <summary>Gets or sets the first bar open time replayed.</summary>
    /// <value>The default value is <see cref="DateTimeOffset.MinValue"/>: from the start of the data.</value>
    public DateTimeOffset Start { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Gets or sets the end of the replay (exclusive).</summary>
    /// <value>The default value is <see cref="DateTimeOffset.MaxValue"/>: to the end of the data.</value>
    public DateTimeOffset End { get; set; } = DateTimeOffset.MaxValue;
}
