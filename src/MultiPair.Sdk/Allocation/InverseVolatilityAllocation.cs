using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>
/// Dynamic allocation: calmer pairs get more capital, and pairs that move with the rest of the book get less.
/// </summary>
/// <remarks>
/// <para>
/// Each selected signal's raw weight is <c>1 ÷ volatility</c> times the correlation penalty
/// <c>1 ÷ (1 + CorrelationPenalty × max(0, ρ̄))</c>, where ρ̄ is the average correlation of the pair with the other
/// selected pairs and the pairs already held (open positions and entry orders in flight), ignoring correlations that
/// are not ready. The weights are normalised over the budget: the smaller of the available capital and
/// <see cref="MaxTotalPercent"/> % of equity.
/// </para>
/// <para>
/// Signals without statistics or with a volatility that is not ready, not finite or not positive are skipped and do not
/// use a slot. A selected signal with a NaN, infinite or out-of-range ([-1, 1]) correlation is dropped after selection
/// (its slot is not refilled) and the budget is spread over the others.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class InverseVolatilityAllocation : AllocationStrategy
{
    /// <summary>Gets the most capital one allocation may commit, as a percentage of equity (capped by the available capital).</summary>
    /// <value>The default value is 100. Range (0, 100].</value>
    public decimal MaxTotalPercent { get; init; } = 100m;

    /// <summary>Gets how strongly positive average correlation shrinks a weight (0 turns the penalty off).</summary>
    /// <value>The default value is 1 (an average correlation of 1 halves the weight). Finite, range [0, 100].</value>
    public double CorrelationPenalty { get; init; } = 1d;

    /// <inheritdoc />
    public override IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxTotalPercent is <= 0m or > 100m)
        {
            errors.Add(Problem(nameof(MaxTotalPercent), MaxTotalPercent, "must be in (0, 100]"));
        }

        if (!double.IsFinite(CorrelationPenalty) || CorrelationPenalty is < 0d or > 100d)
        {
            errors.Add(Problem(nameof(CorrelationPenalty), CorrelationPenalty, "must be in [0, 100]"));
        }

        return errors;
    }

    /// <inheritdoc />
    protected override bool IsEligible(Signal signal, AllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(request);
        return ValidVolatility(request.Statistics, signal.Pair) is not null;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<decimal?> Size(AllocationRequest request, IReadOnlyList<Signal> selected)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(selected);
        var statistics = request.Statistics!;
        var snapshot = request.Snapshot;
        var held = HeldPairs(snapshot);
        double minVolatility = selected.Min(s => ValidVolatility(statistics, s.Pair)!.Value);

        var weights = new double?[selected.Count];
        for (int i = 0; i < selected.Count; i++)
        {
            var pair = selected[i].Pair;
            var others = selected.Select(s => s.Pair).Concat(held).Where(p => p != pair).Distinct();
            if (AverageCorrelation(statistics, pair, others) is not { } average)
            {
                continue;
            }

            double volatility = ValidVolatility(statistics, pair)!.Value;
            double penalty = 1d / (1d + (CorrelationPenalty * Math.Max(0d, average)));
            double weight = minVolatility / volatility * penalty; // In (0, 1]: no overflow however small the volatility.
            weights[i] = double.IsFinite(weight) && weight > 0d ? weight : null;
        }

        double total = weights.Sum(w => w ?? 0d);
        decimal budget = Math.Min(snapshot.AvailableCapital, PercentOf(snapshot.Equity, MaxTotalPercent));
        var sizes = new decimal?[selected.Count];
        if (total > 0d && double.IsFinite(total) && budget > 0m)
        {
            for (int i = 0; i < sizes.Length; i++)
            {
                sizes[i] = weights[i] is { } w ? budget * (decimal)(w / total) : null;
            }
        }

        return sizes;
    }

    private static double? ValidVolatility(IMarketStatistics? statistics, TradingPair pair) =>
        statistics?.Volatility(pair) is { } volatility && double.IsFinite(volatility) && volatility > 0d ? volatility : null;

    private static List<TradingPair> HeldPairs(PortfolioSnapshot snapshot) =>
        snapshot.Positions.Select(p => p.Pair)
            .Concat(snapshot.Reservations.Where(r => r.IsEntry).Select(r => r.Pair))
            .Distinct()
            .ToList();

    /// <summary>The average of the known correlations (0 when none is known), or null when one is NaN, infinite or outside [-1, 1].</summary>
    private static double? AverageCorrelation(IMarketStatistics statistics, TradingPair pair, IEnumerable<TradingPair> others)
    {
        double sum = 0d;
        int count = 0;
        foreach (var other in others)
        {
            if (statistics.Correlation(pair, other) is not { } correlation)
            {
                continue;
            }

            if (!double.IsFinite(correlation) || correlation is < -1d or > 1d)
            {
                return null;
            }

            sum += correlation;
            count++;
        }

        return count == 0 ? 0d : sum / count;
    }
}
