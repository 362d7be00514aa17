namespace MultiPair.Sdk.Engine;

/// <summary>Settings of the <see cref="PortfolioEngine"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record PortfolioEngineOptions
{
    /// <summary>Gets how many market-data events (ticks, bars) may wait in the inbound channel; beyond it, ticks are conflated per pair to the latest.</summary>
    /// <value>The default value is 65,536. At least 16.</value>
    public int MarketDataCapacity { get; init; } = 65_536;

    /// <summary>Gets how many closed bars of each timeframe are kept per pair for strategies.</summary>
    /// <value>The default value is 500. At least 2.</value>
    public int HistoryLength { get; init; } = 500;

    /// <summary>Gets how long the live engine waits for other pairs' bars of the same close time before it decides (coordinated entry).</summary>
    /// <value>The default value is 2 seconds. Not negative.</value>
    public TimeSpan DecisionDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets how much a trailing stop must improve before it is moved, in percent.</summary>
    /// <value>The default value is 0.1. Not negative.</value>
    public decimal MinimumRatchetPercent { get; init; } = 0.1m;

    /// <summary>Gets how long a position may be held before it is closed; <see langword="null"/> for no limit.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? MaxHoldingTime { get; init; }

    /// <summary>
    /// Gets a value indicating whether exits rest on the exchange instead of being watched by the engine: the stop (the
    /// tighter of stop loss and trailing stop) as a stop-market order, and on perpetuals the take-profit as a reduce-only
    /// limit order (spot has no reduce-only orders, so its take-profit stays with the engine). A moved level is replaced by
    /// placing the new order first and cancelling the old one once the new one is accepted, so the position is never
    /// unprotected; when one exit fills the position's other resting exit is cancelled. When the exchange refuses an exit
    /// order, the engine watches that exit itself and raises <see cref="EngineAlertKind.ExchangeExitRefused"/>. Time and
    /// strategy exits stay with the engine. Default false.
    /// </summary>
    public bool UseExchangeExitOrders { get; init; }

    /// <summary>Gets the stop loss put on an entry whose signal has none, in percent from the fill price; <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>. When set, range (0, 100).</value>
    public decimal? DefaultStopLossPercent { get; init; }

    /// <summary>Gets the take profit put on an entry whose signal has none, in percent from the fill price; <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>. When set, positive.</value>
    public decimal? DefaultTakeProfitPercent { get; init; }

    /// <summary>Gets the period of the live engine's clock (bar closes on time, staleness, decisions).</summary>
    /// <value>The default value is 1 second. Positive.</value>
    public TimeSpan TimerInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the settings and lists every problem.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MarketDataCapacity < 16)
        {
            errors.Add($"MarketDataCapacity is {MarketDataCapacity}; it must be at least 16.");
        }

        if (HistoryLength < 2)
        {
            errors.Add($"HistoryLength is {HistoryLength}; it must be at least 2.");
        }

        if (DecisionDelay < TimeSpan.Zero)
        {
            errors.Add($"DecisionDelay is {DecisionDelay}; it must not be negative.");
        }

        if (MinimumRatchetPercent < 0m)
        {
            errors.Add($"MinimumRatchetPercent is {MinimumRatchetPercent}; it must not be negative.");
        }

        if (MaxHoldingTime is { } hold && hold <= TimeSpan.Zero)
        {
            errors.Add($"MaxHoldingTime is {hold}; it must be positive.");
        }

        if (DefaultStopLossPercent is { } stop && stop is <= 0m or >= 100m)
        {
            errors.Add($"DefaultStopLossPercent is {stop}; it must be in (0, 100).");
        }

        if (DefaultTakeProfitPercent is <= 0m)
        {
            errors.Add($"DefaultTakeProfitPercent is {DefaultTakeProfitPercent}; it must be positive.");
        }

        if (TimerInterval <= TimeSpan.Zero)
        {
            errors.Add($"TimerInterval is {TimerInterval}; it must be positive.");
        }

        return errors;
    }
}
