using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Persistence;

/// <summary>
/// The stop loss and take-profit levels an open position's exit plan started with (the signal's own levels, or the
/// engine's defaults relative to the entry), kept so a restart resumes the same exits instead of recomputing defaults.
/// </summary>
/// <remarks>Immutable and thread-safe. The store keeps one per position until it is cleared (<see cref="StoreBatch.ClearedExitLevels"/>).</remarks>
/// <param name="PositionId">The position.</param>
/// <param name="StopLoss">The stop-loss price; <see langword="null"/> when the plan has none.</param>
/// <param name="TakeProfit">The take-profit price; <see langword="null"/> when the plan has none.</param>
/// <param name="Time">When the plan started.</param>
public sealed record ExitLevelsState(PositionId PositionId, decimal? StopLoss, decimal? TakeProfit, DateTimeOffset Time);
