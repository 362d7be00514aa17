using System.Collections.ObjectModel;
using System.Globalization;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Simulation;

/// <summary>Settings of the <see cref="SimulatedExchange"/>: fees, slippage, liquidity, latency and instrument filters.</summary>
/// <remarks>Immutable and thread-safe. <see cref="Validate"/> lists every problem; the exchange refuses invalid settings.</remarks>
public sealed record SimulatedExchangeOptions
{
    /// <summary>Gets the fee of fills that take liquidity (market and stop-market orders, limit orders marketable on arrival), in basis points of the notional.</summary>
    /// <value>The default value is 10 (0.1 %, Binance spot's regular-tier taker fee without the BNB discount). From 0 to 1,000.</value>
    public decimal TakerFeeBps { get; init; } = 10m;

    /// <summary>Gets the fee of fills that provide liquidity (limit orders resting on the book), in basis points of the notional.</summary>
    /// <value>The default value is 10 (0.1 %, Binance spot's regular-tier maker fee, equal to its taker fee). From 0 to 1,000; rebates (negative fees) are not modelled.</value>
    public decimal MakerFeeBps { get; init; } = 10m;

    /// <summary>Gets the asset fees are charged in.</summary>
    /// <value>
    /// The default value is <see cref="Portfolio.FeeAsset.Quote"/>: every fee is <c>price × quantity × rate</c> in the quote
    /// asset. With <see cref="Portfolio.FeeAsset.Base"/> the fee is charged in the asset the account receives, as on Binance
    /// spot without BNB: a buy pays <c>quantity × rate</c> in the base asset (the account receives that much less base), a sell
    /// pays <c>price × quantity × rate</c> in the quote asset. Perpetual instruments always pay in the quote (margin) asset.
    /// Fees are rounded to 8 decimals.
    /// </value>
    public FeeAsset FeeAsset { get; init; } = FeeAsset.Quote;

    /// <summary>Gets the fixed slippage of fills that take liquidity at the market (market and stop-market orders), in basis points of the price; buys pay up, sells receive less.</summary>
    /// <value>The default value is 0. From 0 to 1,000.</value>
    public decimal SlippageBps { get; init; }

    /// <summary>
    /// Gets the price-impact coefficient of market fills: the price moves against the order by
    /// <c>VolumeShareSlippage × (fill quantity / bar volume)</c> (a fraction of the price), added to <see cref="SlippageBps"/>.
    /// The volume share is capped at 1 (a bar without volume counts as 1).
    /// </summary>
    /// <value>The default value is 0 (no impact). From 0 to 0.5. Example: 0.1 and a fill of 1 % of the bar's volume cost 0.1 % of the price.</value>
    public decimal VolumeShareSlippage { get; init; }

    /// <summary>
    /// Gets the largest share of a bar's volume one order may fill on that bar; the rest stays working and fills on later bars
    /// (partial fills). Fill quantities are rounded down to the instrument's step size.
    /// </summary>
    /// <value>The default value is 0.25. From 0 to 1; 0 means no cap (an order fills completely whatever the volume).</value>
    public decimal MaxVolumeShare { get; init; } = 0.25m;

    /// <summary>Gets how long an order takes to reach the book: an order accepted at <c>t</c> can only fill on bars that open at or after <c>t + Latency</c>.</summary>
    /// <value>The default value is <see cref="TimeSpan.Zero"/>. Not negative.</value>
    public TimeSpan Latency { get; init; }

    /// <summary>
    /// Gets the exchange's instruments with their filters, by pair. When not empty, orders for pairs not listed are rejected
    /// and every order is checked against its instrument's filters; when empty, every pair trades without filters.
    /// </summary>
    /// <value>The default value is empty. Every key must equal its instrument's <see cref="Instrument.Pair"/>.</value>
    public IReadOnlyDictionary<TradingPair, Instrument> Instruments { get; init; } = ReadOnlyDictionary<TradingPair, Instrument>.Empty;

    /// <summary>Checks the settings and lists every problem.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        CheckRange(errors, nameof(TakerFeeBps), TakerFeeBps, 0m, 1_000m);
        CheckRange(errors, nameof(MakerFeeBps), MakerFeeBps, 0m, 1_000m);
        CheckRange(errors, nameof(SlippageBps), SlippageBps, 0m, 1_000m);
        CheckRange(errors, nameof(VolumeShareSlippage), VolumeShareSlippage, 0m, 0.5m);
        CheckRange(errors, nameof(MaxVolumeShare), MaxVolumeShare, 0m, 1m);
        if (!Enum.IsDefined(FeeAsset))
        {
            errors.Add(Invariant($"FeeAsset is {FeeAsset}; it must be Quote or Base."));
        }

        if (Latency < TimeSpan.Zero)
        {
            errors.Add(Invariant($"Latency is {Latency}; it must not be negative."));
        }

        if (Instruments is null)
        {
            errors.Add("Instruments is null; use an empty dictionary for no filters.");
        }
        else
        {
            foreach (var (pair, instrument) in Instruments)
            {
                if (instrument is null)
                {
                    errors.Add(Invariant($"Instruments[{pair}] is null."));
                }
                else if (instrument.Pair != pair)
                {
                    errors.Add(Invariant($"Instruments[{pair}] is the instrument of {instrument.Pair}; the key must be its pair."));
                }
            }
        }

        return errors;
    }

    private static void CheckRange(List<string> errors, string name, decimal value, decimal minimum, decimal maximum)
    {
        if (value < minimum || value > maximum)
        {
            errors.Add(Invariant($"{name} is {value}; it must be from {minimum} to {maximum}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
