using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>
/// ATR-normalised sizing: every position risks the same money, so volatile pairs get smaller quantities.
/// </summary>
/// <remarks>
/// <para>
/// The risk budget is <see cref="RiskPerTradePercent"/> % of equity, the money lost if the price moves
/// <see cref="AtrMultiplier"/> ATRs against the position. Quantity = risk budget ÷ (ATR × multiplier); notional =
/// quantity × the pair's price in the snapshot; capital = notional ÷ the pair's leverage, capped at
/// <see cref="MaxPositionPercent"/> % of equity when set. Example: equity 10,000, 1 % risk = 100; ATR 500 × 2 = 1,000
/// per unit, so 0.1 BTC; at 50,000 that is a 5,000 notional, or 500 of margin at 10x.
/// </para>
/// <para>
/// Signals are skipped (without using a slot) when the request has no statistics, the ATR is not ready, not finite, not
/// positive or too small to represent as a decimal, the snapshot has no positive price for the pair, or the size
/// overflows a decimal.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class RiskParityAllocation : AllocationStrategy
{
    /// <summary>Gets the money at risk per position, as a percentage of equity.</summary>
    /// <value>The default value is 1. Range (0, 100].</value>
    public decimal RiskPerTradePercent { get; init; } = 1m;

    /// <summary>Gets the stop distance in ATRs: how many ATRs against the position lose the risk budget.</summary>
    /// <value>The default value is 2. Range (0, 100].</value>
    public decimal AtrMultiplier { get; init; } = 2m;

    /// <summary>Gets the largest capital one position may commit, as a percentage of equity; <see langword="null"/> for no cap beyond the available capital.</summary>
    /// <value>The default value is <see langword="null"/>. When set, range (0, 100].</value>
    public decimal? MaxPositionPercent { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RiskPerTradePercent is <= 0m or > 100m)
        {
            errors.Add(Problem(nameof(RiskPerTradePercent), RiskPerTradePercent, "must be in (0, 100]"));
        }

        if (AtrMultiplier is <= 0m or > 100m)
        {
            errors.Add(Problem(nameof(AtrMultiplier), AtrMultiplier, "must be in (0, 100]"));
        }

        if (MaxPositionPercent is { } max && max is <= 0m or > 100m)
        {
            errors.Add(Problem(nameof(MaxPositionPercent), max, "must be null or in (0, 100]"));
        }

        return errors;
    }

    /// <inheritdoc />
    protected override bool IsEligible(Signal signal, AllocationRequest request) => CapitalFor(signal, request) is not null;

    /// <inheritdoc />
    protected override IReadOnlyList<decimal?> Size(AllocationRequest request, IReadOnlyList<Signal> selected)
    {
        ArgumentNullException.ThrowIfNull(selected);
        return selected.Select(s => CapitalFor(s, request)).ToArray();
    }

    private decimal? CapitalFor(Signal signal, AllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = request.Snapshot;
        if (request.Statistics?.Atr(signal.Pair) is not { } atr || !double.IsFinite(atr) || atr <= 0d
            || !snapshot.Prices.TryGetValue(signal.Pair, out decimal price) || price <= 0m)
        {
            return null;
        }

        decimal leverage = snapshot.LeverageOf(signal.Pair);
        if (leverage <= 0m)
        {
            return null;
        }

        try
        {
            decimal stopDistance = (decimal)atr * AtrMultiplier;
            if (stopDistance <= 0m)
            {
                return null;
            }

            decimal capital = PercentOf(snapshot.Equity, RiskPerTradePercent) / stopDistance * price / leverage;
            return MaxPositionPercent is { } max ? Math.Min(capital, PercentOf(snapshot.Equity, max)) : capital;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
