using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>The <see cref="IAllocationStrategy"/> contract, in one place: slots, signal order, available capital and dust.</summary>
internal static class AllocationContract
{
    /// <summary>Capital is rounded down to this many decimal places.</summary>
    internal const int CapitalDecimals = 8;

    /// <summary>Checks the request's collections and returns its signals.</summary>
    internal static IReadOnlyList<Signal> SignalsOf(AllocationRequest request)
    {
        if (request.Signals is null)
        {
            throw new ArgumentException("The request has no signal list.", nameof(request));
        }

        if (request.Snapshot is null)
        {
            throw new ArgumentException("The request has no snapshot.", nameof(request));
        }

        foreach (var signal in request.Signals)
        {
            if (signal is null)
            {
                throw new ArgumentException("The request's signals contain null.", nameof(request));
            }
        }

        return request.Signals;
    }

    /// <summary>
    /// Funds proposed capitals in signal order: caps the total at the available capital (trimming the first target that
    /// does not fit, dropping the rest), keeps at most the available slots and drops targets below the minimum notional.
    /// </summary>
    internal static IReadOnlyList<AllocationTarget> Fund(
        AllocationRequest request, IReadOnlyList<Signal> signals, IReadOnlyList<decimal?> capitals)
    {
        var snapshot = request.Snapshot;
        decimal remaining = snapshot.AvailableCapital;
        var targets = new List<AllocationTarget>(Math.Min(request.AvailableSlots, signals.Count));
        for (int i = 0; i < signals.Count && targets.Count < request.AvailableSlots && remaining > 0m; i++)
        {
            var signal = signals[i];
            if (signal.Direction == SignalDirection.Exit || capitals[i] is not { } proposed || proposed <= 0m)
            {
                continue;
            }

            decimal capital = decimal.Round(Math.Min(proposed, remaining), CapitalDecimals, MidpointRounding.ToZero);
            decimal leverage = snapshot.LeverageOf(signal.Pair);
            if (capital <= 0m || leverage <= 0m || !TryMultiply(capital, leverage, out decimal notional)
                || notional < request.MinimumNotionalOf(signal.Pair))
            {
                continue;
            }

            targets.Add(new AllocationTarget(signal, capital, notional));
            remaining -= capital;
        }

        return targets;
    }

    /// <summary>
    /// Applies the contract to targets proposed by any <see cref="IAllocationStrategy"/>: keeps only targets for the
    /// request's entry signals (the first per signal), puts them in signal order, recomputes the notional from the capital
    /// and the pair's leverage, then funds them like <see cref="Fund"/>.
    /// </summary>
    internal static IReadOnlyList<AllocationTarget> Enforce(AllocationRequest request, IReadOnlyList<AllocationTarget>? proposed)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signals = SignalsOf(request);
        if (proposed is null || proposed.Count == 0 || request.AvailableSlots == 0)
        {
            return [];
        }

        var used = new bool[proposed.Count];
        var selected = new List<Signal>();
        var capitals = new List<decimal?>();
        foreach (var signal in signals)
        {
            if (signal.Direction == SignalDirection.Exit)
            {
                continue;
            }

            int match = IndexOf(proposed, used, signal, byReference: true);
            if (match < 0)
            {
                match = IndexOf(proposed, used, signal, byReference: false);
            }

            if (match >= 0)
            {
                used[match] = true;
                selected.Add(signal);
                capitals.Add(proposed[match].Capital);
            }
        }

        return Fund(request, selected, capitals);
    }

    private static int IndexOf(IReadOnlyList<AllocationTarget> proposed, bool[] used, Signal signal, bool byReference)
    {
        for (int i = 0; i < proposed.Count; i++)
        {
            var candidate = proposed[i]?.Signal;
            if (!used[i] && candidate is not null && (byReference ? ReferenceEquals(candidate, signal) : candidate.Equals(signal)))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryMultiply(decimal a, decimal b, out decimal product)
    {
        try
        {
            product = a * b;
            return true;
        }
        catch (OverflowException)
        {
            product = 0m;
            return false;
        }
    }
}
