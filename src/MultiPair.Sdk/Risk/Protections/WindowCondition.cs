using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>Decides whether the trades in a window (oldest first, ending with the candidate trigger) start a lock.</summary>
/// <param name="window">The trades in the lookback window of the candidate trigger, which is the last one.</param>
/// <returns><see langword="true"/> when the candidate trigger starts a lock.</returns>
internal delegate bool WindowCondition(ReadOnlySpan<Position> window);
