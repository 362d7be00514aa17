using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Persistence;

/// <summary>Where a position's trailing stop stands, so a restart resumes it from the persisted extreme instead of from scratch.</summary>
/// <remarks>Immutable and thread-safe. The store keeps the last state per position until it is cleared (<see cref="StoreBatch.ClearedTrailingStops"/>).</remarks>
/// <param name="PositionId">The position.</param>
/// <param name="Side">The position's side.</param>
/// <param name="Extreme">The highest (long) or lowest (short) price seen.</param>
/// <param name="Trigger">The current stop trigger.</param>
/// <param name="Time">When it last moved.</param>
public sealed record TrailingStopState(PositionId PositionId, PositionSide Side, decimal Extreme, decimal Trigger, DateTimeOffset Time);
