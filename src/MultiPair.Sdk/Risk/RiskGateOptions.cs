namespace MultiPair.Sdk.Risk;

/// <summary>Settings of the <see cref="RiskGate"/> itself (the rules carry their own).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record RiskGateOptions
{
    /// <summary>Gets the sleeves; empty for one shared budget.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<SleeveConfig> Sleeves { get; init; } = [];

    /// <summary>Gets what happens when sleeves want opposite sides of one pair.</summary>
    /// <value>The default value is <see cref="SideConflictPolicy.RejectLater"/>.</value>
    public SideConflictPolicy ConflictPolicy { get; init; } = SideConflictPolicy.RejectLater;

    /// <summary>Gets the UTC hour at which the trading day (and the daily loss limit) resets.</summary>
    /// <value>The default value is 0 (midnight UTC). Range [0, 23].</value>
    public int DailyResetHourUtc { get; init; }

    /// <summary>Gets how far back closed positions are kept in snapshots for protections to read.</summary>
    /// <value>The default value is 7 days. Positive.</value>
    public TimeSpan ClosedPositionLookback { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Gets the share of an entry's notional kept free for its fee when checking available capital, in percent.</summary>
    /// <value>The default value is 0.1 (a 0.1 % taker fee). Range [0, 5].</value>
    public decimal FeeReservePercent { get; init; } = 0.1m;

    /// <summary>Checks the settings and lists every problem.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(ConflictPolicy))
        {
            errors.Add($"ConflictPolicy {(int)ConflictPolicy} is not defined.");
        }

        if (DailyResetHourUtc is < 0 or > 23)
        {
            errors.Add($"DailyResetHourUtc is {DailyResetHourUtc}; it must be in [0, 23].");
        }

        if (FeeReservePercent is < 0m or > 5m)
        {
            errors.Add($"FeeReservePercent is {FeeReservePercent}; it must be in [0, 5].");
        }

        if (ClosedPositionLookback <= TimeSpan.Zero)
        {
            errors.Add($"ClosedPositionLookback is {ClosedPositionLookback}; it must be positive.");
        }

        foreach (var sleeve in Sleeves)
        {
            errors.AddRange(sleeve.Validate());
        }

        var duplicates = Sleeves.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => g.Key.ToString());
        errors.AddRange(duplicates.Select(id => $"Sleeve '{id}' is configured more than once."));
        var percentTotal = Sleeves.Sum(s => s.BudgetPercent ?? 0m);
        if (percentTotal > 100m)
        {
            errors.Add($"Sleeve budgets add up to {percentTotal} % of equity; at most 100 % can be shared out.");
        }

        var owners = Sleeves.SelectMany(s => s.Strategies.Select(strategy => (strategy, s.Id))).GroupBy(x => x.strategy, StringComparer.Ordinal);
        errors.AddRange(owners.Where(g => g.Count() > 1).Select(g => $"Strategy '{g.Key}' belongs to more than one sleeve."));
        return errors;
    }
}
