using System.Collections.Immutable;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Allocation;

/// <summary>An immutable table of market statistics, for tests and for callers that compute statistics elsewhere.</summary>
/// <remarks>
/// <para>
/// Start from <see cref="Empty"/> (or the constructor) and add values with <see cref="WithAtr"/>,
/// <see cref="WithVolatility"/> and <see cref="WithCorrelation"/>, each of which returns a new table. Values are stored as
/// given, NaN included, so tests can feed bad statistics to a strategy.
/// </para>
/// <para>Correlation is symmetric: <c>Correlation(a, b)</c> equals <c>Correlation(b, a)</c>, and a pair's correlation with itself is 1.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class MarketStatisticsTable : IMarketStatistics
{
    private readonly ImmutableDictionary<TradingPair, double> _atr;
    private readonly ImmutableDictionary<TradingPair, double> _volatility;
    private readonly ImmutableDictionary<(TradingPair, TradingPair), double> _correlation;

    /// <summary>Initializes a new table from per-pair ATR and volatility values.</summary>
    /// <param name="atr">The ATR of each pair, in price units; <see langword="null"/> for none.</param>
    /// <param name="volatility">The volatility (standard deviation of returns per bar) of each pair; <see langword="null"/> for none.</param>
    public MarketStatisticsTable(
        IReadOnlyDictionary<TradingPair, double>? atr = null,
        IReadOnlyDictionary<TradingPair, double>? volatility = null)
        : this(
            atr is null ? ImmutableDictionary<TradingPair, double>.Empty : atr.ToImmutableDictionary(),
            volatility is null ? ImmutableDictionary<TradingPair, double>.Empty : volatility.ToImmutableDictionary(),
            ImmutableDictionary<(TradingPair, TradingPair), double>.Empty)
    {
    }

    private MarketStatisticsTable(
        ImmutableDictionary<TradingPair, double> atr,
        ImmutableDictionary<TradingPair, double> volatility,
        ImmutableDictionary<(TradingPair, TradingPair), double> correlation)
    {
        _atr = atr;
        _volatility = volatility;
        _correlation = correlation;
    }

    /// <summary>Gets a table without any statistic.</summary>
    public static MarketStatisticsTable Empty { get; } = new();

    /// <summary>Returns a table with a pair's ATR set.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="value">The ATR, in price units.</param>
    /// <returns>The new table.</returns>
    /// <exception cref="ArgumentException"><paramref name="pair"/> is default.</exception>
    public MarketStatisticsTable WithAtr(TradingPair pair, double value) =>
        new(_atr.SetItem(Checked(pair, nameof(pair)), value), _volatility, _correlation);

    /// <summary>Returns a table with a pair's volatility set.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="value">The standard deviation of returns per bar.</param>
    /// <returns>The new table.</returns>
    /// <exception cref="ArgumentException"><paramref name="pair"/> is default.</exception>
    public MarketStatisticsTable WithVolatility(TradingPair pair, double value) =>
        new(_atr, _volatility.SetItem(Checked(pair, nameof(pair)), value), _correlation);

    /// <summary>Returns a table with the correlation of two pairs set (both ways).</summary>
    /// <param name="a">One pair.</param>
    /// <param name="b">The other pair.</param>
    /// <returns>The new table.</returns>
    /// <param name="value">The correlation of their returns.</param>
    /// <exception cref="ArgumentException">A pair is default, or both are the same pair (whose correlation is always 1).</exception>
    public MarketStatisticsTable WithCorrelation(TradingPair a, TradingPair b, double value)
    {
        Checked(a, nameof(a));
        Checked(b, nameof(b));
        if (a == b)
        {
            throw new ArgumentException("A pair's correlation with itself is always 1.", nameof(b));
        }

        return new(_atr, _volatility, _correlation.SetItem(Key(a, b), value));
    }

    /// <inheritdoc />
    public double? Atr(TradingPair pair) => _atr.TryGetValue(pair, out var value) ? value : null;

    /// <inheritdoc />
    public double? Volatility(TradingPair pair) => _volatility.TryGetValue(pair, out var value) ? value : null;

    /// <inheritdoc />
    public double? Correlation(TradingPair a, TradingPair b)
    {
        if (a == b)
        {
            return a.IsDefault ? null : 1d;
        }

        return _correlation.TryGetValue(Key(a, b), out var value) ? value : null;
    }

    private static (TradingPair, TradingPair) Key(TradingPair a, TradingPair b) =>
        string.CompareOrdinal(a.ToString(), b.ToString()) <= 0 ? (a, b) : (b, a);

    private static TradingPair Checked(TradingPair pair, string name) =>
        pair.IsDefault ? throw new ArgumentException("default(TradingPair) is not a valid pair.", name) : pair;
}
