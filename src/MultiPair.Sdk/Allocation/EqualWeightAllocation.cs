using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>Gives every new position the same capital.</summary>
/// <remarks>
/// <para>
/// Without <see cref="BudgetPercent"/>, the available capital is split equally across the positions opened now:
/// min(entry signals, available slots). With it, every position gets <see cref="BudgetPercent"/> % of equity.
/// Either way the <see cref="IAllocationStrategy"/> contract caps the total at the available capital.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class EqualWeightAllocation : AllocationStrategy
{
    /// <summary>Gets the capital of each position as a percentage of equity; <see langword="null"/> to split the available capital equally.</summary>
    /// <value>The default value is <see langword="null"/>. When set, range (0, 100].</value>
    public decimal? BudgetPercent { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Validate() =>
        BudgetPercent is { } percent && percent is <= 0m or > 100m
            ? [Problem(nameof(BudgetPercent), percent, "must be null or in (0, 100]")]
            : [];

    /// <inheritdoc />
    protected override IReadOnlyList<decimal?> Size(AllocationRequest request, IReadOnlyList<Signal> selected)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(selected);
        var snapshot = request.Snapshot;
        decimal each = BudgetPercent is { } percent
            ? PercentOf(snapshot.Equity, percent)
            : snapshot.AvailableCapital / selected.Count;
        return Enumerable.Repeat<decimal?>(each, selected.Count).ToArray();
    }
}
