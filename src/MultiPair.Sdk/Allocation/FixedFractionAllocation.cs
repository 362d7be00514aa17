using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>Gives every new position a fixed fraction of equity as its capital (its margin on a perpetual).</summary>
/// <remarks>
/// <para>
/// With <see cref="FractionPercent"/> 7 and equity 9,882.31 USDT a position commits 691.7617 USDT; at 10x leverage its
/// notional is 6,917.617 USDT (70 % of equity). The <see cref="IAllocationStrategy"/> contract caps the total at the
/// available capital: the first position that does not fit gets what is left.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class FixedFractionAllocation : AllocationStrategy
{
    /// <summary>The default <see cref="FractionPercent"/>.</summary>
    public const decimal DefaultFractionPercent = 5m;

    /// <summary>Gets the capital of each position as a percentage of equity.</summary>
    /// <value>The default value is 5. Range (0, 100].</value>
    public decimal FractionPercent { get; init; } = DefaultFractionPercent;

    /// <inheritdoc />
    public override IReadOnlyList<string> Validate() =>
        FractionPercent is <= 0m or > 100m ? [Problem(nameof(FractionPercent), FractionPercent, "must be in (0, 100]")] : [];

    /// <inheritdoc />
    protected override IReadOnlyList<decimal?> Size(AllocationRequest request, IReadOnlyList<Signal> selected)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(selected);
        decimal each = PercentOf(request.Snapshot.Equity, FractionPercent);
        return Enumerable.Repeat<decimal?>(each, selected.Count).ToArray();
    }
}
