using System.Globalization;

namespace MultiPair.Sdk.Markets;

/// <summary>
/// A pair as one exchange market trades it, with the exchange's order filters: price grid and bounds
/// (Binance <c>PRICE_FILTER</c>), quantity grid and bounds (<c>LOT_SIZE</c>) and notional bounds
/// (<c>MIN_NOTIONAL</c>/<c>NOTIONAL</c>).
/// </summary>
/// <remarks>
/// <para>
/// A zero tick or step size disables that grid, and a zero minimum disables that minimum, as on Binance.
/// A <see langword="null"/> maximum means no maximum (map Binance's <c>maxPrice: 0</c> to <see langword="null"/>).
/// </para>
/// <para>
/// Prices lie on the grid <c>MinPrice + k × TickSize</c> and quantities on <c>MinQuantity + k × StepSize</c>,
/// Binance's rules <c>(price − minPrice) % tickSize == 0</c> and <c>(quantity − minQty) % stepSize == 0</c>.
/// </para>
/// <para>Immutable and thread-safe; properties cannot be changed with <c>with</c>, so every instance is validated.</para>
/// </remarks>
public sealed record Instrument
{
    /// <summary>Initializes a new instrument and validates its filters.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="marketType">The market the instrument trades on.</param>
    /// <param name="tickSize">The price increment; 0 disables the price grid.</param>
    /// <param name="stepSize">The quantity increment; 0 disables the quantity grid.</param>
    /// <param name="minQuantity">The smallest quantity; 0 for none.</param>
    /// <param name="maxQuantity">The largest quantity; <see langword="null"/> for none.</param>
    /// <param name="minNotional">The smallest notional (price × quantity × contract size); 0 for none.</param>
    /// <param name="maxNotional">The largest notional; <see langword="null"/> for none.</param>
    /// <param name="minPrice">The smallest price and the origin of the price grid; 0 for none.</param>
    /// <param name="maxPrice">The largest price; <see langword="null"/> for none.</param>
    /// <param name="contractSize">The base quantity of one contract; 1 for spot and most linear perpetuals.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="pair"/> is <c>default</c>, a value is negative, a minimum exceeds its maximum, or
    /// <paramref name="contractSize"/> is not positive. The exception's <see cref="ArgumentException.ParamName"/>
    /// names the field.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="marketType"/> is not a defined value.</exception>
    public Instrument(
        TradingPair pair,
        MarketType marketType,
        decimal tickSize,
        decimal stepSize,
        decimal minQuantity = 0m,
        decimal? maxQuantity = null,
        decimal minNotional = 0m,
        decimal? maxNotional = null,
        decimal minPrice = 0m,
        decimal? maxPrice = null,
        decimal contractSize = 1m)
    {
        if (pair.IsDefault)
        {
            throw new ArgumentException("default(TradingPair) is not a valid pair.", nameof(pair));
        }

        if (!Enum.IsDefined(marketType))
        {
            throw new ArgumentOutOfRangeException(nameof(marketType), marketType, "Unknown market type.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(tickSize);
        ArgumentOutOfRangeException.ThrowIfNegative(stepSize);
        ArgumentOutOfRangeException.ThrowIfNegative(minQuantity);
        ArgumentOutOfRangeException.ThrowIfNegative(minNotional);
        ArgumentOutOfRangeException.ThrowIfNegative(minPrice);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contractSize);
        CheckMaximum(minQuantity, maxQuantity, nameof(minQuantity), nameof(maxQuantity));
        CheckMaximum(minNotional, maxNotional, nameof(minNotional), nameof(maxNotional));
        CheckMaximum(minPrice, maxPrice, nameof(minPrice), nameof(maxPrice));

        Pair = pair;
        MarketType = marketType;
        TickSize = tickSize;
        StepSize = stepSize;
        MinQuantity = minQuantity;
        MaxQuantity = maxQuantity;
        MinNotional = minNotional;
        MaxNotional = maxNotional;
        MinPrice = minPrice;
        MaxPrice = maxPrice;
        ContractSize = contractSize;
    }

    /// <summary>Gets the pair.</summary>
    public TradingPair Pair { get; }

    /// <summary>Gets the market the instrument trades on.</summary>
    public MarketType MarketType { get; }

    /// <summary>Gets the price increment; 0 when the price grid is disabled.</summary>
    public decimal TickSize { get; }

    /// <summary>Gets the quantity increment; 0 when the quantity grid is disabled.</summary>
    public decimal StepSize { get; }

    /// <summary>Gets the smallest quantity (0 for none); also the origin of the quantity grid.</summary>
    public decimal MinQuantity { get; }

    /// <summary>Gets the largest quantity, or <see langword="null"/> for none.</summary>
    public decimal? MaxQuantity { get; }

    /// <summary>Gets the smallest notional (price × quantity × contract size); 0 for none.</summary>
    public decimal MinNotional { get; }

    /// <summary>Gets the largest notional, or <see langword="null"/> for none.</summary>
    public decimal? MaxNotional { get; }

    /// <summary>Gets the smallest price (0 for none); also the origin of the price grid.</summary>
    public decimal MinPrice { get; }

    /// <summary>Gets the largest price, or <see langword="null"/> for none.</summary>
    public decimal? MaxPrice { get; }

    /// <summary>Gets the base quantity of one contract.</summary>
    /// <value>1 unless given: spot and most linear perpetuals trade in base units.</value>
    public decimal ContractSize { get; }

    /// <summary>Computes the notional value of an order: price × quantity × <see cref="ContractSize"/>.</summary>
    /// <param name="price">The price.</param>
    /// <param name="quantity">The quantity.</param>
    /// <returns>The notional, in the quote asset.</returns>
    /// <exception cref="OverflowException">The product exceeds the range of <see cref="decimal"/>.</exception>
    public decimal Notional(decimal price, decimal quantity) => price * quantity * ContractSize;

    /// <summary>Rounds a price to the tick grid <c>MinPrice + k × TickSize</c>.</summary>
    /// <param name="price">The price.</param>
    /// <param name="mode">
    /// How to round, as <see cref="decimal.Round(decimal, MidpointRounding)"/> rounds <c>price / TickSize</c>:
    /// <see cref="MidpointRounding.ToEven"/> (the default) and <see cref="MidpointRounding.AwayFromZero"/> round to the
    /// nearest tick, a midpoint going to the even multiple of the tick or away from zero;
    /// <see cref="MidpointRounding.ToNegativeInfinity"/> rounds down, <see cref="MidpointRounding.ToPositiveInfinity"/> up
    /// and <see cref="MidpointRounding.ToZero"/> toward zero. When <see cref="MinPrice"/> is not a multiple of the tick, the
    /// grid is offset and "even" means an even tick count from <see cref="MinPrice"/>.
    /// </param>
    /// <returns>The price on the grid, or <paramref name="price"/> unchanged when <see cref="TickSize"/> is 0.</returns>
    /// <remarks>Exact decimal arithmetic. The result is not clamped to <see cref="MinPrice"/> or <see cref="MaxPrice"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined value.</exception>
    public decimal RoundPriceToTick(decimal price, MidpointRounding mode = MidpointRounding.ToEven) =>
        RoundToGrid(price, MinPrice, TickSize, mode);

    /// <summary>Rounds a price down to the tick grid: the largest grid price ≤ <paramref name="price"/>.</summary>
    /// <param name="price">The price.</param>
    /// <returns>The price on the grid, at most one tick below <paramref name="price"/>.</returns>
    public decimal RoundPriceDown(decimal price) => RoundToGrid(price, MinPrice, TickSize, MidpointRounding.ToNegativeInfinity);

    /// <summary>Rounds a price up to the tick grid: the smallest grid price ≥ <paramref name="price"/>.</summary>
    /// <param name="price">The price.</param>
    /// <returns>The price on the grid, at most one tick above <paramref name="price"/>.</returns>
    public decimal RoundPriceUp(decimal price) => RoundToGrid(price, MinPrice, TickSize, MidpointRounding.ToPositiveInfinity);

    /// <summary>
    /// Rounds a quantity down to the largest quantity the <c>LOT_SIZE</c> filter accepts that does not exceed
    /// <paramref name="quantity"/>.
    /// </summary>
    /// <param name="quantity">The requested quantity.</param>
    /// <returns>
    /// A quantity on the grid <c>MinQuantity + k × StepSize</c>, within [<see cref="MinQuantity"/>, <see cref="MaxQuantity"/>]
    /// and ≤ <paramref name="quantity"/>; a quantity above <see cref="MaxQuantity"/> is capped at the largest valid one.
    /// Returns 0 when no positive quantity qualifies (the request is below <see cref="MinQuantity"/> or below one step):
    /// 0 means "do not place the order". The notional filters are not applied; call <see cref="Validate(decimal, decimal)"/>.
    /// </returns>
    public decimal RoundQuantityDown(decimal quantity)
    {
        if (quantity <= 0m || quantity < MinQuantity)
        {
            return 0m;
        }

        decimal capped = MaxQuantity is { } max && quantity > max ? max : quantity;
        decimal rounded = RoundToGrid(capped, MinQuantity, StepSize, MidpointRounding.ToNegativeInfinity);
        return rounded <= 0m || rounded < MinQuantity ? 0m : rounded;
    }

    /// <summary>Checks an order against every filter and names the first rule it breaks.</summary>
    /// <param name="price">The order price.</param>
    /// <param name="quantity">The order quantity.</param>
    /// <returns>
    /// <see cref="FilterCheck.Success"/>, or the first failure in this order: price not positive, quantity not positive,
    /// min price, max price, tick size, min quantity, max quantity, step size, min notional, max notional.
    /// </returns>
    /// <remarks>Never throws: bad input (zero or negative values) is reported as a failed check.</remarks>
    public FilterCheck Validate(decimal price, decimal quantity)
    {
        if (price <= 0m)
        {
            return Fail(InstrumentFilter.PriceNotPositive, price, 0m, $"Price {price} must be positive.");
        }

        if (quantity <= 0m)
        {
            return Fail(InstrumentFilter.QuantityNotPositive, quantity, 0m, $"Quantity {quantity} must be positive.");
        }

        if (price < MinPrice)
        {
            return Fail(InstrumentFilter.MinPrice, price, MinPrice, $"Price {price} is below the minimum price {MinPrice}.");
        }

        if (MaxPrice is { } maxPrice && price > maxPrice)
        {
            return Fail(InstrumentFilter.MaxPrice, price, maxPrice, $"Price {price} is above the maximum price {maxPrice}.");
        }

        if (TickSize > 0m && (price - MinPrice) % TickSize != 0m)
        {
            return Fail(
                InstrumentFilter.TickSize,
                price,
                TickSize,
                $"Price {price} is not a multiple of the tick size {TickSize} from the minimum price {MinPrice}.");
        }

        if (quantity < MinQuantity)
        {
            return Fail(InstrumentFilter.MinQuantity, quantity, MinQuantity, $"Quantity {quantity} is below the minimum quantity {MinQuantity}.");
        }

        if (MaxQuantity is { } maxQuantity && quantity > maxQuantity)
        {
            return Fail(InstrumentFilter.MaxQuantity, quantity, maxQuantity, $"Quantity {quantity} is above the maximum quantity {maxQuantity}.");
        }

        if (StepSize > 0m && (quantity - MinQuantity) % StepSize != 0m)
        {
            return Fail(
                InstrumentFilter.StepSize,
                quantity,
                StepSize,
                $"Quantity {quantity} is not a multiple of the step size {StepSize} from the minimum quantity {MinQuantity}.");
        }

        decimal notional;
        try
        {
            notional = Notional(price, quantity);
        }
        catch (OverflowException)
        {
            notional = decimal.MaxValue;
        }

        if (notional < MinNotional)
        {
            return Fail(
                InstrumentFilter.MinNotional,
                notional,
                MinNotional,
                $"Notional {notional} (price {price} × quantity {quantity} × contract size {ContractSize}) is below the minimum notional {MinNotional}.");
        }

        if (MaxNotional is { } maxNotional && notional > maxNotional)
        {
            return Fail(
                InstrumentFilter.MaxNotional,
                notional,
                maxNotional,
                $"Notional {notional} (price {price} × quantity {quantity} × contract size {ContractSize}) is above the maximum notional {maxNotional}.");
        }

        return FilterCheck.Success;
    }

    private static void CheckMaximum(decimal minimum, decimal? maximum, string minimumName, string maximumName)
    {
        if (maximum is { } max && max < minimum)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{maximumName} ({max}) must not be below {minimumName} ({minimum})."),
                maximumName);
        }
    }

    // The grid is origin + k × increment. Exact: the remainder is exact in decimal, and no quotient is rounded.
    // Directed modes and AwayFromZero follow the sign of the value, as decimal.Round(value / increment, mode) would.
    /// <summary>Rounds onto the grid <c>origin + k × increment</c> and drops trailing zeros below the grid's own decimals.</summary>
    private static decimal RoundToGrid(decimal value, decimal origin, decimal increment, MidpointRounding mode)
    {
        var rounded = RoundToGridCore(value, origin, increment, mode);
        return increment == 0m ? rounded : decimal.Round(rounded, Math.Max(origin.Scale, increment.Scale));
    }

    private static decimal RoundToGridCore(decimal value, decimal origin, decimal increment, MidpointRounding mode)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown rounding mode.");
        }

        if (increment == 0m)
        {
            return value;
        }

        decimal remainder = (value - origin) % increment; // Same sign as value − origin; |remainder| < increment.
        if (remainder == 0m)
        {
            return value;
        }

        decimal lower = remainder > 0m ? value - remainder : value - remainder - increment;
        decimal upper = lower + increment;
        switch (mode)
        {
            case MidpointRounding.ToNegativeInfinity:
                return lower;
            case MidpointRounding.ToPositiveInfinity:
                return upper;
            case MidpointRounding.ToZero:
                return value > 0m ? lower : upper;
        }

        int comparison = (value - lower).CompareTo(upper - value);
        if (comparison != 0)
        {
            return comparison < 0 ? lower : upper;
        }

        if (mode == MidpointRounding.AwayFromZero)
        {
            return value > 0m ? upper : lower;
        }

        // ToEven: the even multiple of the increment; on a grid offset from zero, the even tick count from the origin.
        decimal multiple = lower / increment;
        if (multiple != decimal.Truncate(multiple))
        {
            multiple = (lower - origin) / increment;
        }

        return multiple % 2m == 0m ? lower : upper;
    }

    private FilterCheck Fail(InstrumentFilter filter, decimal actual, decimal limit, FormattableString message) =>
        new(filter, actual, limit, $"{Pair} {filter}: {message.ToString(CultureInfo.InvariantCulture)}");
}
