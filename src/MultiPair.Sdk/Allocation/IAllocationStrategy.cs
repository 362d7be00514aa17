namespace MultiPair.Sdk.Allocation;

/// <summary>
/// Turns ranked entry signals and a portfolio snapshot into the capital (margin) and notional each new position
/// should get. Custom strategies plug in through this interface; deriving from <see cref="AllocationStrategy"/>
/// gets the contract below enforced for free.
/// </summary>
/// <remarks>
/// <para>Every implementation must keep this contract (the <see cref="AllocationStrategy"/> base class enforces it):</para>
/// <list type="bullet">
/// <item><description>At most <see cref="AllocationRequest.AvailableSlots"/> targets, taken in the order of
/// <see cref="AllocationRequest.Signals"/>, and the targets come out in that order.</description></item>
/// <item><description>Only signals of the request get targets, and <see cref="Strategies.SignalDirection.Exit"/> signals are
/// ignored.</description></item>
/// <item><description>The sum of <see cref="AllocationTarget.Capital"/> never exceeds the snapshot's
/// <see cref="Risk.PortfolioSnapshot.AvailableCapital"/> (already net of capital reserved for orders in flight); when it
/// would, targets are funded in signal order, the first one that does not fit is reduced to what is left and the rest are
/// dropped. Capital is never negative or zero.</description></item>
/// <item><description>A target whose notional is below <see cref="AllocationRequest.MinimumNotionalOf"/> (the larger of
/// <see cref="AllocationRequest.MinimumNotional"/> and the instrument's minimum notional) is dropped, and its capital is
/// not re-spread over the others.</description></item>
/// <item><description>A NaN, infinite or out-of-domain statistic never produces a target: that signal is skipped.</description></item>
/// <item><description>The same request always gives the same targets (no clock, randomness or hidden state).</description></item>
/// </list>
/// <para>Implementations are called on the portfolio's event loop and should be immutable and thread-safe.</para>
/// </remarks>
public interface IAllocationStrategy
{
    /// <summary>Gets the strategy's name, for logs and reports.</summary>
    string Name { get; }

    /// <summary>Sizes new positions for the request's signals.</summary>
    /// <param name="request">The ranked signals, the portfolio, the free slots and the market statistics.</param>
    /// <returns>The targets, in signal order; empty when nothing should open.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    IReadOnlyList<AllocationTarget> Allocate(AllocationRequest request);
}
