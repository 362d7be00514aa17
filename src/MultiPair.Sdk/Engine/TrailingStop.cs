using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Engine;

/// <summary>
/// A trailing stop that ratchets only in the position's favour. Long: <c>highest = max(highest, price)</c>,
/// <c>trigger = highest × (1 − trail)</c>; short: <c>lowest = min(lowest, price)</c>, <c>trigger = lowest × (1 + trail)</c>.
/// A new trigger replaces the current one only if it beats it by at least the minimum ratchet
/// (long: <c>new ≥ current × (1 + ratchet)</c>; short: <c>new ≤ current × (1 − ratchet)</c>), so the exchange order is
/// not replaced on every tick; it never loosens.
/// </summary>
/// <remarks>A mutable value: keep it in a field and update it in place. Not thread-safe.</remarks>
public struct TrailingStop
{
    /// <summary>Initializes a new trailing stop at the entry price.</summary>
    /// <param name="side">The position's side.</param>
    /// <param name="trailPercent">The distance from the extreme, in percent; in (0, 100).</param>
    /// <param name="minimumRatchetPercent">How much a new trigger must improve on the current one, in percent; at least 0.</param>
    /// <param name="entryPrice">The entry price (the first extreme); positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public TrailingStop(PositionSide side, decimal trailPercent, decimal minimumRatchetPercent, decimal entryPrice)
    {
        if (trailPercent is <= 0m or >= 100m)
        {
            throw new ArgumentOutOfRangeException(nameof(trailPercent), trailPercent, "The trail must be in (0, 100) percent.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(minimumRatchetPercent);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(entryPrice);
        Side = side;
        TrailPercent = trailPercent;
        MinimumRatchetPercent = minimumRatchetPercent;
        Extreme = entryPrice;
        Trigger = Target(entryPrice);
    }

    /// <summary>Gets the position's side.</summary>
    public PositionSide Side { get; }

    /// <summary>Gets the trail distance in percent.</summary>
    public decimal TrailPercent { get; }

    /// <summary>Gets the minimum improvement of the trigger, in percent.</summary>
    public decimal MinimumRatchetPercent { get; }

    /// <summary>Gets the highest (long) or lowest (short) price seen.</summary>
    public decimal Extreme { get; private set; }

    /// <summary>Gets the current stop trigger.</summary>
    public decimal Trigger { get; private set; }

    /// <summary>Restores a persisted state (a restart resumes trailing from the persisted extreme, never from scratch).</summary>
    /// <param name="extreme">The persisted highest (long) or lowest (short) price.</param>
    /// <param name="trigger">The persisted trigger.</param>
    public void Restore(decimal extreme, decimal trigger)
    {
        Extreme = extreme;
        Trigger = trigger;
    }

    /// <summary>Feeds a price: moves the extreme and ratchets the trigger when it improves by the minimum.</summary>
    /// <param name="price">The latest price.</param>
    /// <returns><see langword="true"/> when the trigger moved (the stop order should be replaced).</returns>
    public bool Update(decimal price)
    {
        if (price <= 0m)
        {
            return false;
        }

        Extreme = Side == PositionSide.Long ? Math.Max(Extreme, price) : Math.Min(Extreme, price);
        var candidate = Target(Extreme);
        var improves = Side == PositionSide.Long
            ? candidate >= Trigger * (1m + (MinimumRatchetPercent / 100m)) && candidate > Trigger
            : candidate <= Trigger * (1m - (MinimumRatchetPercent / 100m)) && candidate < Trigger;
        if (!improves)
        {
            return false;
        }

        Trigger = candidate;
        return true;
    }

    /// <summary>Returns whether a price has reached the trigger (long: at or below; short: at or above).</summary>
    /// <param name="price">The latest price.</param>
    /// <returns><see langword="true"/> when the stop is hit.</returns>
    public readonly bool IsHit(decimal price) => Side == PositionSide.Long ? price <= Trigger : price >= Trigger;

    private readonly decimal Target(decimal extreme) =>
        Side == PositionSide.Long ? extreme * (1m - (TrailPercent / 100m)) : extreme * (1m + (TrailPercent / 100m));
}
