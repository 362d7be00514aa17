using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>
/// The portfolio ledger: cash and positions of one account across many pairs and strategies, and the views
/// built on them (metrics, attribution, risk-limit violations, rebalance actions).
/// </summary>
/// <remarks>
/// Every change either applies completely or returns a typed <see cref="LedgerError"/> and leaves the ledger
/// unchanged. Implementations are not required to be thread-safe: the portfolio's event loop is the only writer.
/// The records returned are immutable snapshots and may be shared with other threads.
/// </remarks>
public interface IPortfolioManager
{
    /// <summary>Gets the portfolio configuration.</summary>
    PortfolioConfig Config { get; }

    /// <summary>Gets the quote-asset balance (the wallet balance that backs perpetual margin).</summary>
    decimal Cash { get; }

    /// <summary>Gets the registered pairs' configurations, in pair order.</summary>
    IReadOnlyList<PairConfig> Pairs { get; }

    /// <summary>Registers a pair so positions can be opened in it.</summary>
    /// <param name="config">The pair's configuration.</param>
    /// <returns>The registered configuration, or <see cref="LedgerErrorCode.InvalidConfiguration"/>, <see cref="LedgerErrorCode.PairAlreadyRegistered"/> or <see cref="LedgerErrorCode.QuoteAssetMismatch"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    LedgerResult<PairConfig> RegisterPair(PairConfig config);

    /// <summary>Gets the configuration of a registered pair.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The configuration, or <see langword="null"/> when the pair is not registered.</returns>
    PairConfig? GetPairConfig(TradingPair pair);

    /// <summary>Gets the latest price the ledger knows for a pair.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The price, or <see langword="null"/> when none is known yet.</returns>
    decimal? GetPrice(TradingPair pair);

    /// <summary>Records a new position from an entry fill. The fill price becomes the pair's latest price.</summary>
    /// <param name="request">The entry.</param>
    /// <returns>The new position, or a typed error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    LedgerResult<Position> AddPosition(OpenPositionRequest request);

    /// <summary>Adds to an open position at a new fill; the entry price becomes the quantity-weighted average.</summary>
    /// <param name="id">The position.</param>
    /// <param name="quantity">The quantity added, in base units (before any base-asset fee).</param>
    /// <param name="price">The fill price.</param>
    /// <param name="fee">The fee.</param>
    /// <param name="enforceFunds">Whether to refuse the add when cash or margin does not cover it; <see langword="false"/> books a fill that already happened on an exchange.</param>
    /// <returns>The position after the add, or a typed error.</returns>
    LedgerResult<Position> IncreasePosition(PositionId id, decimal quantity, decimal price, Fee fee = default, bool enforceFunds = true);

    /// <summary>Marks a position's pair (and so every position in it) at <paramref name="currentPrice"/>.</summary>
    /// <param name="id">An open position.</param>
    /// <param name="currentPrice">The latest price.</param>
    /// <returns>The position marked at the new price, or a typed error.</returns>
    LedgerResult<Position> UpdatePosition(PositionId id, decimal currentPrice);

    /// <summary>Marks every open position in <paramref name="pair"/> at <paramref name="price"/>.</summary>
    /// <param name="pair">A registered pair.</param>
    /// <param name="price">The latest price.</param>
    /// <returns>The number of open positions marked, or a typed error.</returns>
    LedgerResult<int> UpdatePrice(TradingPair pair, decimal price);

    /// <summary>
    /// Closes a whole position at <paramref name="exitPrice"/>. With a base-asset fee, the quantity sold is what is
    /// held less the fee.
    /// </summary>
    /// <param name="id">An open position.</param>
    /// <param name="exitPrice">The exit fill price.</param>
    /// <param name="fee">The exit fee.</param>
    /// <param name="reason">Why the position is closed.</param>
    /// <returns>What the close did, or a typed error.</returns>
    LedgerResult<PositionReduction> ClosePosition(PositionId id, decimal exitPrice, Fee fee = default, ExitReason reason = ExitReason.Signal);

    /// <summary>Closes part of a position. Closing everything that is held (less any base-asset fee) closes the position.</summary>
    /// <param name="id">An open position.</param>
    /// <param name="quantity">The quantity sold (long) or bought back (short), in base units.</param>
    /// <param name="exitPrice">The exit fill price.</param>
    /// <param name="fee">The exit fee.</param>
    /// <param name="reason">Why the position is reduced; the reason of the last reduction is kept.</param>
    /// <returns>What the close did, or a typed error such as <see cref="LedgerErrorCode.CloseExceedsPosition"/>.</returns>
    LedgerResult<PositionReduction> ReducePosition(PositionId id, decimal quantity, decimal exitPrice, Fee fee = default, ExitReason reason = ExitReason.Signal);

    /// <summary>Gets a position, open or closed.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The position, or <see langword="null"/> when no position has that id.</returns>
    Position? GetPosition(PositionId id);

    /// <summary>Gets positions in pair order, then id order.</summary>
    /// <param name="includeClosed"><see langword="true"/> to include closed positions.</param>
    /// <returns>The positions.</returns>
    IReadOnlyList<Position> GetPositions(bool includeClosed = false);

    /// <summary>Computes capital, P&amp;L, exposure, concentration and the per-pair and per-strategy breakdowns.</summary>
    /// <returns>The metrics.</returns>
    PortfolioMetrics GetPortfolioMetrics();

    /// <summary>Returns whether every portfolio limit holds (no <see cref="GetRiskViolations"/>).</summary>
    /// <returns><see langword="true"/> when no limit is broken.</returns>
    bool CheckRiskLimits();

    /// <summary>Lists every broken portfolio limit with a typed code.</summary>
    /// <returns>The violations; empty when all limits hold.</returns>
    IReadOnlyList<RiskViolation> GetRiskViolations();

    /// <summary>
    /// Lists positions that drifted from their pair's target weight by more than the rebalance threshold, and
    /// positions over a maximum size, each with the quantity that would fix it.
    /// </summary>
    /// <returns>The actions, in pair order, then id order.</returns>
    IReadOnlyList<RebalanceAction> GetRebalanceActions();
}
