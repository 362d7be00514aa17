using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>Asks the ledger to record a new position from an entry fill.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record OpenPositionRequest
{
    /// <summary>Gets the new position's id; unique in the ledger for its whole life (closed ids are not reused).</summary>
    public required PositionId Id { get; init; }

    /// <summary>Gets the pair; it must have been registered.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Gets the filled quantity in base units (before any base-asset fee).</summary>
    public required decimal Quantity { get; init; }

    /// <summary>Gets the fill price.</summary>
    public required decimal EntryPrice { get; init; }

    /// <summary>Gets the direction.</summary>
    /// <value>The default value is <see cref="PositionSide.Long"/>.</value>
    public PositionSide Side { get; init; } = PositionSide.Long;

    /// <summary>Gets the strategy or sleeve the position is attributed to.</summary>
    /// <value>The default value is <see cref="StrategyId.Default"/>.</value>
    public StrategyId Strategy { get; init; } = StrategyId.Default;

    /// <summary>Gets the entry fee.</summary>
    /// <value>The default value is <see cref="Fee.None"/>.</value>
    public Fee Fee { get; init; }

    /// <summary>
    /// Gets a value indicating whether the ledger refuses the entry when cash (spot) or available margin
    /// (perpetuals) does not cover it. Set it to <see langword="false"/> to book a fill that already happened on an
    /// exchange: the fill is a fact, and the ledger must mirror it even when prices moved since the order was sized.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool EnforceFunds { get; init; } = true;

    /// <summary>Gets the leverage; <see langword="null"/> takes the pair's <see cref="PairConfig.Leverage"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public decimal? Leverage { get; init; }
}
