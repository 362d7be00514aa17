namespace MultiPair.Sdk.Configuration;

/// <summary>A sleeve as configuration gives it: a named budget that owns strategies (see <see cref="Risk.SleeveConfig"/>).</summary>
/// <remarks>Mutable for binding. Set exactly one of <see cref="BudgetPercent"/> and <see cref="BudgetAmount"/>.</remarks>
public sealed class SleeveOptions
{
    /// <summary>Gets or sets the sleeve's id.</summary>
    /// <value>Required.</value>
    public string? Id { get; set; }

    /// <summary>Gets or sets the budget as a percentage of equity.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public decimal? BudgetPercent { get; set; }

    /// <summary>Gets or sets the budget as an amount of the quote asset.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public decimal? BudgetAmount { get; set; }

    /// <summary>Gets the ids of the strategies that trade from this sleeve.</summary>
    /// <value>The default value is empty.</value>
    public IList<string> Strategies { get; } = [];
}
