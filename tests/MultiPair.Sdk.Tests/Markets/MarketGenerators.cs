using FsCheck;
using FsCheck.Fluent;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Tests.Markets;

/// <summary>FsCheck generators for pairs, instruments, prices and quantities.</summary>
internal static class MarketGenerators
{
    private const string AssetChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static readonly decimal[] Increments =
    [
        0.00000001m, 0.0000001m, 0.000001m, 0.00001m, 0.0001m, 0.001m, 0.01m, 0.1m, 1m, 10m, 100m,
        0.5m, 0.25m, 0.05m, 0.005m, 0.0025m, 5m, 0.3m, 0.07m,
    ];

    /// <summary>1–10 upper-case ASCII letters or digits.</summary>
    public static Gen<string> Asset { get; } =
        Gen.Choose(1, 10).SelectMany(n => Gen.ArrayOf(Gen.Elements(AssetChars.ToCharArray()), n)).Select(chars => new string(chars));

    /// <summary>A quote from <see cref="TradingPair.KnownQuoteAssets"/>.</summary>
    public static Gen<string> KnownQuote { get; } = Gen.Elements(TradingPair.KnownQuoteAssets.ToArray());

    /// <summary>A pair whose quote is one of <see cref="TradingPair.KnownQuoteAssets"/>.</summary>
    public static Gen<TradingPair> PairWithKnownQuote { get; } =
        Asset.SelectMany(b => KnownQuote.Select(q => new TradingPair(b, q)));

    /// <summary>A pair whose quote is known half of the time and random otherwise.</summary>
    public static Gen<TradingPair> AnyPair { get; } =
        Asset.SelectMany(b => Gen.OneOf(KnownQuote, Asset).Select(q => new TradingPair(b, q)));

    /// <summary>Every <see cref="PairFormat"/>.</summary>
    public static Gen<PairFormat> Format { get; } = Gen.Elements(Enum.GetValues<PairFormat>());

    /// <summary>A non-negative decimal with 0–8 decimal places and up to <paramref name="maxUnits"/> units.</summary>
    public static Gen<decimal> NonNegativeDecimal(int maxUnits) =>
        Gen.Choose(0, 8).SelectMany(scale =>
            Gen.Choose(0, maxUnits).SelectMany(units =>
                Gen.Choose(0, 99_999_999).Select(fraction =>
                    units + Math.Round(fraction / 100_000_000m, scale))));

    /// <summary>A tick or step size: powers of ten and a few odd increments.</summary>
    public static Gen<decimal> Increment { get; } = Gen.Elements(Increments);

    /// <summary>An instrument with random grids and bounds, grids starting at minimums that may be off the grid.</summary>
    public static Gen<Instrument> Instrument { get; } =
        from tick in Increment
        from step in Increment
        from minPriceTicks in Gen.Choose(0, 1000)
        from minPriceOffset in Gen.Frequency((3, Gen.Constant(0m)), (1, NonNegativeDecimal(0)))
        from priceRangeTicks in Gen.Choose(1, 1_000_000)
        from minQtySteps in Gen.Choose(0, 1000)
        from qtyRangeSteps in Gen.Choose(1, 1_000_000)
        from minNotional in Gen.Frequency((1, Gen.Constant(0m)), (2, NonNegativeDecimal(100)))
        from contractSize in Gen.Elements(1m, 1m, 0.001m, 0.1m, 10m)
        let minPrice = (minPriceTicks * tick) + (minPriceOffset * tick)
        let minQty = minQtySteps * step
        select new Instrument(
            new TradingPair("X", "USDT"),
            MarketType.Spot,
            tick,
            step,
            minQuantity: minQty,
            maxQuantity: minQty + (qtyRangeSteps * step),
            minNotional: minNotional,
            maxNotional: minNotional + 1_000_000m,
            minPrice: minPrice,
            maxPrice: minPrice + (priceRangeTicks * tick),
            contractSize: contractSize);

    /// <summary>
    /// An instrument and a price: a third near the minimum price (within three ticks either side, so also below it and
    /// possibly negative), a third near the maximum, a third anywhere in between.
    /// </summary>
    public static Gen<(Instrument Instrument, decimal Price)> InstrumentAndPrice { get; } =
        from instrument in Instrument
        from fraction in NonNegativeDecimal(0)
        from ticksAround in NonNegativeDecimal(5)
        from region in Gen.Choose(0, 2)
        let tick = instrument.TickSize
        let maxPrice = instrument.MaxPrice!.Value
        let price = region switch
        {
            0 => instrument.MinPrice + ((ticksAround - 3m) * tick),
            1 => maxPrice + ((ticksAround - 3m) * tick),
            _ => instrument.MinPrice + (fraction * (maxPrice - instrument.MinPrice)),
        }
        select (instrument, price);

    /// <summary>An instrument, a positive price within its bounds, and a quantity from 0 to above its maximum.</summary>
    public static Gen<(Instrument Instrument, decimal Price, decimal Quantity)> InstrumentPriceAndQuantity { get; } =
        from instrument in Instrument
        from priceFraction in NonNegativeDecimal(0)
        from quantityFraction in NonNegativeDecimal(1)
        let price = instrument.MinPrice + instrument.TickSize + (priceFraction * (instrument.MaxPrice!.Value - instrument.MinPrice - instrument.TickSize))
        let quantity = quantityFraction * instrument.MaxQuantity!.Value
        select (instrument, price, quantity);

    /// <summary>True when <paramref name="value"/> lies on <c>origin + k × increment</c> (always, for a zero increment).</summary>
    public static bool IsOnGrid(decimal value, decimal origin, decimal increment) =>
        increment == 0m || (value - origin) % increment == 0m;
}
