using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Allocation;

/// <summary>Per-pair market statistics the dynamic allocation strategies read.</summary>
/// <remarks>
/// Every member returns <see langword="null"/> while the statistic is not ready (not enough bars). Allocation strategies
/// skip a signal whose statistic is NaN, infinite or outside its domain, so implementations need not filter them.
/// Implementations are read on the portfolio's event loop and should be thread-safe for reads.
/// </remarks>
public interface IMarketStatistics
{
    /// <summary>Gets the average true range of a pair, in price units.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The ATR (positive), or <see langword="null"/> when not ready.</returns>
    double? Atr(TradingPair pair);

    /// <summary>Gets the volatility of a pair: the standard deviation of its returns per bar (0.02 is 2 %).</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The volatility (positive), or <see langword="null"/> when not ready.</returns>
    double? Volatility(TradingPair pair);

    /// <summary>Gets the correlation of two pairs' returns.</summary>
    /// <param name="a">One pair.</param>
    /// <param name="b">The other pair.</param>
    /// <returns>The correlation in [-1, 1] (1 for a pair with itself), or <see langword="null"/> when not ready.</returns>
    double? Correlation(TradingPair a, TradingPair b);
}
