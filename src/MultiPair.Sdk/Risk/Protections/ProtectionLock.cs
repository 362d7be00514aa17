using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>A lock found by <see cref="ProtectionHistory.FindLock"/>.</summary>
/// <param name="Trigger">The trade whose close (or open) started the lock.</param>
/// <param name="At">When the trigger closed (or opened).</param>
/// <param name="Until">When the lock ends (exclusive: entries pass again at this instant).</param>
/// <param name="Window">The trades in the trigger's lookback window, oldest first, including the trigger and every trade at the same instant.</param>
internal readonly record struct ProtectionLock(Position Trigger, DateTimeOffset At, DateTimeOffset Until, Position[] Window);
