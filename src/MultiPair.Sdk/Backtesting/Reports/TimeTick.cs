namespace MultiPair.Sdk.Backtesting;

/// <summary>One tick of a time axis.</summary>
/// <param name="Time">Where the tick is.</param>
/// <param name="Label">The main label, e.g. <c>Mar</c>, <c>Mar 5</c> or <c>06:00</c>.</param>
/// <param name="Context">A second, lighter label giving the larger unit when it changes (the year, or the day), or <see langword="null"/>.</param>
internal sealed record TimeTick(DateTimeOffset Time, string Label, string? Context);
