using System.Globalization;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>
/// Base class of the built-in allocation strategies and a convenient base for custom ones: it selects the signals, asks
/// the derived class for sizes and enforces the <see cref="IAllocationStrategy"/> contract on the result.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Allocate"/> walks the request's signals in order, skips <see cref="SignalDirection.Exit"/> signals and those
/// <see cref="IsEligible"/> rejects (they do not use a slot), and keeps the first
/// <see cref="AllocationRequest.AvailableSlots"/> eligible ones. <see cref="Size"/> then proposes the capital of each.
/// Finally the proposals are funded in signal order: capital is rounded down to 8 decimal places, the first target that
/// does not fit in the available capital is reduced to what is left (the rest get nothing), and targets whose notional is
/// below <see cref="AllocationRequest.MinimumNotionalOf"/> are dropped without re-spreading their capital.
/// </para>
/// <para>
/// Settings are <c>init</c> properties with documented defaults, so a strategy is immutable and thread-safe once built.
/// <see cref="Allocate"/> does not check the settings: call <see cref="Validate"/> when configuring.
/// </para>
/// </remarks>
public abstract class AllocationStrategy : IAllocationStrategy
{
    /// <inheritdoc />
    /// <value>The default value is the type's name.</value>
    public virtual string Name => GetType().Name;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request's signals or snapshot are <see langword="null"/>, or a signal is.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Size"/> did not return one size per selected signal.</exception>
    public IReadOnlyList<AllocationTarget> Allocate(AllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signals = AllocationContract.SignalsOf(request);
        if (request.AvailableSlots == 0 || request.Snapshot.AvailableCapital <= 0m)
        {
            return [];
        }

        var selected = new List<Signal>(Math.Min(request.AvailableSlots, signals.Count));
        foreach (var signal in signals)
        {
            if (signal.Direction != SignalDirection.Exit && IsEligible(signal, request))
            {
                selected.Add(signal);
                if (selected.Count == request.AvailableSlots)
                {
                    break;
                }
            }
        }

        if (selected.Count == 0)
        {
            return [];
        }

        var sizes = Size(request, selected);
        if (sizes is null || sizes.Count != selected.Count)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"{Name}.Size must return one size per selected signal ({selected.Count})."));
        }

        return AllocationContract.Fund(request, selected, sizes);
    }

    /// <summary>Checks the strategy's settings and lists every problem.</summary>
    /// <returns>The problems; empty when the settings are valid.</returns>
    public virtual IReadOnlyList<string> Validate() => [];

    /// <summary>
    /// Decides whether a signal can be sized at all (for example, whether its statistics are ready). An ineligible signal
    /// is skipped and does not use a slot.
    /// </summary>
    /// <param name="signal">An entry signal of the request.</param>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when the signal can be sized.</returns>
    protected virtual bool IsEligible(Signal signal, AllocationRequest request) => true;

    /// <summary>Proposes the capital (margin, in the quote asset) of each selected signal's position.</summary>
    /// <param name="request">The request.</param>
    /// <param name="selected">The selected signals, in rank order: at least one and at most <see cref="AllocationRequest.AvailableSlots"/>.</param>
    /// <returns>
    /// One capital per selected signal, in the same order; <see langword="null"/> or a value that is not positive skips
    /// that signal. The base class caps the total and drops dust.
    /// </returns>
    protected abstract IReadOnlyList<decimal?> Size(AllocationRequest request, IReadOnlyList<Signal> selected);

    /// <summary>Formats a setting problem as "Name.Setting is value; it must …".</summary>
    /// <param name="setting">The setting's name.</param>
    /// <param name="value">Its value.</param>
    /// <param name="rule">What it must be, starting with a verb ("must be positive").</param>
    /// <returns>The message.</returns>
    protected string Problem(string setting, object? value, string rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}.{setting} is {value ?? "null"}; it {rule}.");

    /// <summary>Computes <paramref name="percent"/> % of <paramref name="amount"/>.</summary>
    /// <param name="amount">The amount.</param>
    /// <param name="percent">The percentage, in percent units (5 means 5 %).</param>
    /// <returns>The share.</returns>
    protected static decimal PercentOf(decimal amount, decimal percent) => amount * percent / 100m;
}
