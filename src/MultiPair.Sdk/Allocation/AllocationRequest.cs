using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Allocation;

/// <summary>What an <see cref="IAllocationStrategy"/> sizes: ranked entry signals, the portfolio, the free slots and statistics.</summary>
/// <remarks>Immutable and thread-safe as long as the collections it holds are not changed.</remarks>
public sealed record AllocationRequest
{
    /// <summary>The minimum notional used when none is given, in the quote asset.</summary>
    public const decimal DefaultMinimumNotional = 10m;

    private readonly int _availableSlots;
    private readonly decimal _minimumNotional = DefaultMinimumNotional;

    /// <summary>
    /// Gets the entry signals, already ranked (best first: see <see cref="SignalRanking.Rank"/>).
    /// <see cref="SignalDirection.Exit"/> signals are ignored.
    /// </summary>
    /// <value>Required.</value>
    public required IReadOnlyList<Signal> Signals { get; init; }

    /// <summary>Gets the portfolio, with reservations for orders in flight, at the decision time.</summary>
    /// <value>Required.</value>
    public required PortfolioSnapshot Snapshot { get; init; }

    /// <summary>Gets how many new positions may open now.</summary>
    /// <value>Required. Not negative.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public required int AvailableSlots
    {
        get => _availableSlots;
        init => _availableSlots = value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Available slots must not be negative.");
    }

    /// <summary>Gets the market statistics (ATR, volatility, correlation), or <see langword="null"/> when none are available.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IMarketStatistics? Statistics { get; init; }

    /// <summary>Gets the smallest notional worth opening, in the quote asset: smaller targets are skipped rather than opened as dust.</summary>
    /// <value>The default value is <see cref="DefaultMinimumNotional"/> (10). Not negative.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public decimal MinimumNotional
    {
        get => _minimumNotional;
        init => _minimumNotional = value >= 0m
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The minimum notional must not be negative.");
    }

    /// <summary>
    /// Gets the smallest notional a target in <paramref name="pair"/> may have: the larger of <see cref="MinimumNotional"/>
    /// and the minimum notional of the pair's instrument, when the snapshot has one.
    /// </summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The minimum notional, in the quote asset.</returns>
    public decimal MinimumNotionalOf(TradingPair pair) =>
        Snapshot.Instruments.TryGetValue(pair, out var instrument) && instrument.MinNotional > MinimumNotional
            ? instrument.MinNotional
            : MinimumNotional;
}
