using System.Globalization;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>Gives each pair a configured share of equity.</summary>
/// <remarks>
/// <para>
/// A position in pair <c>p</c> gets <c>equity × TotalPercent % × WeightsPercent[p] %</c>. Signals for pairs missing from
/// <see cref="WeightsPercent"/> get nothing and do not use a slot. The weights are targets of equity, so a pair's share
/// does not grow when other pairs have no signal; the <see cref="IAllocationStrategy"/> contract caps the total at the
/// available capital.
/// </para>
/// <para>Immutable and thread-safe as long as the weight table is not changed.</para>
/// </remarks>
public sealed class PairWeightAllocation : AllocationStrategy
{
    /// <summary>How far the weights may sum from 100, in percent.</summary>
    public const decimal WeightSumTolerance = 0.0001m;

    /// <summary>Gets each pair's weight, in percent of <see cref="TotalPercent"/>.</summary>
    /// <value>The default value is empty (which does not validate). Every weight positive; the weights sum to 100 (± <see cref="WeightSumTolerance"/>).</value>
    public IReadOnlyDictionary<TradingPair, decimal> WeightsPercent { get; init; } = new Dictionary<TradingPair, decimal>();

    /// <summary>Gets the share of equity deployed across the weights, in percent.</summary>
    /// <value>The default value is 100. Range (0, 100].</value>
    public decimal TotalPercent { get; init; } = 100m;

    /// <inheritdoc />
    public override IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (TotalPercent is <= 0m or > 100m)
        {
            errors.Add(Problem(nameof(TotalPercent), TotalPercent, "must be in (0, 100]"));
        }

        if (WeightsPercent is null || WeightsPercent.Count == 0)
        {
            errors.Add(Problem(nameof(WeightsPercent), "empty", "must give at least one pair a weight"));
            return errors;
        }

        foreach (var (pair, weight) in WeightsPercent.OrderBy(w => w.Key.ToString(), StringComparer.Ordinal))
        {
            if (pair.IsDefault)
            {
                errors.Add(Problem(nameof(WeightsPercent), "keyed by default(TradingPair)", "must name real pairs"));
            }
            else if (weight <= 0m)
            {
                errors.Add(Problem(string.Create(CultureInfo.InvariantCulture, $"{nameof(WeightsPercent)}[{pair}]"), weight, "must be positive"));
            }
        }

        decimal sum = WeightsPercent.Values.Sum();
        if (Math.Abs(sum - 100m) > WeightSumTolerance)
        {
            errors.Add(Problem(nameof(WeightsPercent), string.Create(CultureInfo.InvariantCulture, $"summing to {sum}"), "must sum to 100"));
        }

        return errors;
    }

    /// <inheritdoc />
    protected override bool IsEligible(Signal signal, AllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return WeightsPercent.TryGetValue(signal.Pair, out decimal weight) && weight > 0m;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<decimal?> Size(AllocationRequest request, IReadOnlyList<Signal> selected)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(selected);
        decimal total = PercentOf(request.Snapshot.Equity, TotalPercent);
        return selected.Select(s => (decimal?)PercentOf(total, WeightsPercent[s.Pair])).ToArray();
    }
}
