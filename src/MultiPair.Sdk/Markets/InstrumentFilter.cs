namespace MultiPair.Sdk.Markets;

/// <summary>
/// The exchange rule an order broke, as reported by <see cref="Instrument.Validate(decimal, decimal)"/>.
/// Each rule of Binance's <c>PRICE_FILTER</c>, <c>LOT_SIZE</c> and <c>MIN_NOTIONAL</c>/<c>NOTIONAL</c> filters has its own value.
/// </summary>
public enum InstrumentFilter
{
    /// <summary>No rule failed: the order passes every filter.</summary>
    None = 0,

    /// <summary>The price is zero or negative.</summary>
    PriceNotPositive = 1,

    /// <summary>The quantity is zero or negative.</summary>
    QuantityNotPositive = 2,

    /// <summary>The price is below <see cref="Instrument.MinPrice"/> (<c>PRICE_FILTER</c> minPrice).</summary>
    MinPrice = 3,

    /// <summary>The price is above <see cref="Instrument.MaxPrice"/> (<c>PRICE_FILTER</c> maxPrice).</summary>
    MaxPrice = 4,

    /// <summary>The price is not on the grid <c>MinPrice + k × TickSize</c> (<c>PRICE_FILTER</c> tickSize).</summary>
    TickSize = 5,

    /// <summary>The quantity is below <see cref="Instrument.MinQuantity"/> (<c>LOT_SIZE</c> minQty).</summary>
    MinQuantity = 6,

    /// <summary>The quantity is above <see cref="Instrument.MaxQuantity"/> (<c>LOT_SIZE</c> maxQty).</summary>
    MaxQuantity = 7,

    /// <summary>The quantity is not on the grid <c>MinQuantity + k × StepSize</c> (<c>LOT_SIZE</c> stepSize).</summary>
    StepSize = 8,

    /// <summary>The notional is below <see cref="Instrument.MinNotional"/> (<c>MIN_NOTIONAL</c> / <c>NOTIONAL</c> minNotional).</summary>
    MinNotional = 9,

    /// <summary>The notional is above <see cref="Instrument.MaxNotional"/> (<c>NOTIONAL</c> maxNotional).</summary>
    MaxNotional = 10,
}
