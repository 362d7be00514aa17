using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Risk;

/// <summary>
/// A sleeve: a named capital budget that owns one or more strategies. Positions opened for its strategies carry the
/// sleeve's id, and the sleeve can never commit more than its budget.
/// </summary>
/// <remarks>Immutable and thread-safe. Exactly one of <see cref="BudgetPercent"/> and <see cref="BudgetAmount"/> is set.</remarks>
public sealed record SleeveConfig
{
    /// <summary>Gets the sleeve's id, carried by its orders, fills and positions.</summary>
    public required StrategyId Id { get; init; }

    /// <summary>Gets the budget as a percentage of equity.</summary>
    /// <value>The default value is <see langword="null"/>. When set, range (0, 100].</value>
    public decimal? BudgetPercent { get; init; }

    /// <summary>Gets the budget as a fixed amount of the quote asset.</summary>
    /// <value>The default value is <see langword="null"/>. When set, positive.</value>
    public decimal? BudgetAmount { get; init; }

    /// <summary>Gets the ids of the strategies whose signals trade from this sleeve (the sleeve's own id always does).</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> Strategies { get; init; } = [];

    /// <summary>Returns the budget in the quote asset at <paramref name="equity"/>.</summary>
    /// <param name="equity">The portfolio's equity.</param>
    /// <returns>The budget.</returns>
    public decimal BudgetAt(decimal equity) => BudgetAmount ?? (BudgetPercent ?? 0m) * equity / 100m;

    /// <summary>Checks the settings and lists every problem.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Id.IsDefault)
        {
            errors.Add("A sleeve needs an id.");
        }

        if (BudgetPercent.HasValue == BudgetAmount.HasValue)
        {
            errors.Add($"Sleeve '{Id}' must set exactly one of BudgetPercent and BudgetAmount.");
        }

        if (BudgetPercent is { } percent && percent is <= 0m or > 100m)
        {
            errors.Add(PortfolioConfig.Invalid($"Sleeve '{Id}' BudgetPercent", percent, "must be in (0, 100]"));
        }

        if (BudgetAmount is { } amount && amount <= 0m)
        {
            errors.Add(PortfolioConfig.Invalid($"Sleeve '{Id}' BudgetAmount", amount, "must be positive"));
        }

        return errors;
    }
}
