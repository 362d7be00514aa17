using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>Splits a budget across the new positions in proportion to their signals' confidence.</summary>
/// <remarks>
/// <para>
/// The budget is the smaller of the available capital and <see cref="MaxTotalPercent"/> % of equity. Position <c>i</c>
/// gets <c>budget × confidenceᵢ ÷ Σ confidence</c> over the selected signals. Signals with zero confidence are skipped
/// and do not use a slot.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class ConfidenceWeightedAllocation : AllocationStrategy
{
    /// <summary>Gets the most capital one allocation may commit, as a percentage of equity (capped by the available capital).</summary>
    /// <value>The default value is 100. Range (0, 100].</value>
    public decimal MaxTotalPercent { get; init; } = 100m;

    /// <inheritdoc />
    public override IReadOnlyList<string> Validate() =>
        MaxTotalPercent is <= 0m or > 100m ? [Problem(nameof(MaxTotalPercent), MaxTotalPercent, "must be in (0, 100]")] : [];

    /// <inheritdoc />
    protected override bool IsEligible(Signal signal, AllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return signal.Confidence > 0d;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<decimal?> Size(AllocationRequest request, IReadOnlyList<Signal> selected)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(selected);
        var snapshot = request.Snapshot;
        decimal budget = Math.Min(snapshot.AvailableCapital, PercentOf(snapshot.Equity, MaxTotalPercent));
        double total = selected.Sum(s => s.Confidence);
        return selected.Select(s => budget <= 0m ? (decimal?)null : budget * (decimal)(s.Confidence / total)).ToArray();
    }
}
