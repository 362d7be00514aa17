using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>Decides whether a candidate trigger and the trades in its window start a lock.</summary>
/// <param name="window">The trades in the candidate trigger's lookback window, oldest first, including the trigger and every trade at the same instant.</param>
/// <param name="trigger">The candidate trigger.</param>
/// <returns><see langword="true"/> when the candidate trigger starts a lock.</returns>
internal delegate bool WindowCondition(ReadOnlySpan<Position> window, Position trigger);
