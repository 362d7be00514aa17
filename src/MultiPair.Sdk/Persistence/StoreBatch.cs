using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Persistence;

/// <summary>
/// Everything one engine event changed: written by <see cref="IPortfolioStore.AppendAsync"/> in one transaction,
/// completely or not at all.
/// </summary>
/// <remarks>
/// Immutable once built; not validated until appended. Within a kind, records are written in list order.
/// A fill already stored (same pair and trade id) is skipped, with every ledger entry naming its trade id.
/// </remarks>
public sealed record StoreBatch
{
    /// <summary>Gets order intents (orders about to be sent).</summary>
    public IReadOnlyList<OrderIntentRecord> Intents { get; init; } = [];

    /// <summary>Gets order state changes.</summary>
    public IReadOnlyList<OrderStateRecord> OrderStates { get; init; } = [];

    /// <summary>Gets fills; unique per pair and trade id.</summary>
    public IReadOnlyList<Fill> Fills { get; init; } = [];

    /// <summary>Gets ledger changes, in the order they were applied.</summary>
    public IReadOnlyList<LedgerEntry> LedgerEntries { get; init; } = [];

    /// <summary>Gets the latest views of positions the event changed (a read model for dashboards; the ledger entries are the truth).</summary>
    public IReadOnlyList<Position> Positions { get; init; } = [];

    /// <summary>Gets trailing stop states that moved.</summary>
    public IReadOnlyList<TrailingStopState> TrailingStops { get; init; } = [];

    /// <summary>Gets positions whose trailing stop ended (the position closed).</summary>
    public IReadOnlyList<PositionId> ClearedTrailingStops { get; init; } = [];

    /// <summary>Gets the exit levels of positions whose exit plan started.</summary>
    public IReadOnlyList<ExitLevelsState> ExitLevels { get; init; } = [];

    /// <summary>Gets positions whose exit plan ended (the position closed).</summary>
    public IReadOnlyList<PositionId> ClearedExitLevels { get; init; } = [];

    /// <summary>Gets a value indicating whether the batch holds nothing.</summary>
    public bool IsEmpty =>
        Intents.Count == 0 && OrderStates.Count == 0 && Fills.Count == 0 && LedgerEntries.Count == 0
        && Positions.Count == 0 && TrailingStops.Count == 0 && ClearedTrailingStops.Count == 0
        && ExitLevels.Count == 0 && ClearedExitLevels.Count == 0;

    /// <summary>Checks the batch before anything is written.</summary>
    /// <param name="paramName">The name of the caller's parameter holding the batch, for the exception.</param>
    /// <exception cref="ArgumentException">A list or record is null or invalid.</exception>
    public void Validate(string paramName = "batch")
    {
        CheckList(Intents, nameof(Intents), paramName);
        CheckList(OrderStates, nameof(OrderStates), paramName);
        CheckList(Fills, nameof(Fills), paramName);
        CheckList(LedgerEntries, nameof(LedgerEntries), paramName);
        CheckList(Positions, nameof(Positions), paramName);
        CheckList(TrailingStops, nameof(TrailingStops), paramName);
        if (ClearedTrailingStops is null)
        {
            throw new ArgumentException("The list of cleared trailing stops is null.", paramName);
        }

        CheckList(ExitLevels, nameof(ExitLevels), paramName);
        if (ClearedExitLevels is null)
        {
            throw new ArgumentException("The list of cleared exit levels is null.", paramName);
        }

        var intentIds = new HashSet<ClientOrderId>();
        foreach (var intent in Intents)
        {
            if (intent.Order is null)
            {
                throw new ArgumentException("An intent has no order.", paramName);
            }

            if (!intentIds.Add(intent.Order.ClientOrderId))
            {
                throw new ArgumentException($"Two intents in one batch for {intent.Order.ClientOrderId}.", paramName);
            }
        }

        foreach (var state in OrderStates)
        {
            if (state.ClientOrderId.IsDefault || !Enum.IsDefined(state.Status) || state.FilledQuantity < 0m)
            {
                throw new ArgumentException($"Invalid order state for '{state.ClientOrderId}': {state.Status}, filled {state.FilledQuantity}.", paramName);
            }
        }

        foreach (var stop in TrailingStops)
        {
            if (stop.PositionId.IsDefault || !Enum.IsDefined(stop.Side) || stop.Extreme <= 0m || stop.Trigger <= 0m)
            {
                throw new ArgumentException($"Invalid trailing stop state for '{stop.PositionId}'.", paramName);
            }
        }

        foreach (var id in ClearedTrailingStops)
        {
            if (id.IsDefault)
            {
                throw new ArgumentException("A cleared trailing stop has no position id.", paramName);
            }
        }

        foreach (var levels in ExitLevels)
        {
            if (levels.PositionId.IsDefault || levels.StopLoss <= 0m || levels.TakeProfit <= 0m)
            {
                throw new ArgumentException($"Invalid exit levels for '{levels.PositionId}': stop {levels.StopLoss}, take profit {levels.TakeProfit}.", paramName);
            }
        }

        foreach (var id in ClearedExitLevels)
        {
            if (id.IsDefault)
            {
                throw new ArgumentException("Cleared exit levels have no position id.", paramName);
            }
        }

        foreach (var position in Positions)
        {
            if (position.Id.IsDefault)
            {
                throw new ArgumentException("A position view has no id.", paramName);
            }
        }
    }

    private static void CheckList<T>(IReadOnlyList<T> list, string name, string paramName)
        where T : class
    {
        if (list is null)
        {
            throw new ArgumentException($"The list {name} is null.", paramName);
        }

        foreach (var item in list)
        {
            if (item is null)
            {
                throw new ArgumentException($"The list {name} holds a null record.", paramName);
            }
        }
    }
}
