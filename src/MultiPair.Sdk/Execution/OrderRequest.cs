using System.Globalization;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Execution;

/// <summary>An order the portfolio wants on an exchange.</summary>
/// <remarks>
/// Immutable and thread-safe. The constructor enforces the shape of each order type: a limit price on limit
/// orders only, a stop price on stop orders only, and a time in force other than good-till-cancelled only on
/// limit orders. Prices and quantities are not rounded here: round them with the pair's <see cref="Instrument"/>.
/// </remarks>
public sealed record OrderRequest
{
    /// <summary>Initializes a new order.</summary>
    /// <param name="clientOrderId">The portfolio's id for the order.</param>
    /// <param name="pair">The pair.</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="type">How it executes.</param>
    /// <param name="quantity">The quantity in base units.</param>
    /// <param name="price">The limit price: required for <see cref="OrderType.Limit"/> and <see cref="OrderType.StopLimit"/>, otherwise null.</param>
    /// <param name="stopPrice">The trigger price: required for <see cref="OrderType.StopMarket"/> and <see cref="OrderType.StopLimit"/>, otherwise null.</param>
    /// <param name="timeInForce">How long a limit order stays on the book.</param>
    /// <param name="reduceOnly">Whether the order may only shrink a position.</param>
    /// <exception cref="ArgumentException">The id or pair is default, a number is not positive, or the prices do not fit the order type.</exception>
    public OrderRequest(
        ClientOrderId clientOrderId,
        TradingPair pair,
        OrderSide side,
        OrderType type,
        decimal quantity,
        decimal? price = null,
        decimal? stopPrice = null,
        TimeInForce timeInForce = TimeInForce.GoodTillCanceled,
        bool reduceOnly = false)
    {
        if (clientOrderId.IsDefault)
        {
            throw new ArgumentException("An order needs a client order id.", nameof(clientOrderId));
        }

        if (pair.IsDefault)
        {
            throw new ArgumentException("An order needs a pair.", nameof(pair));
        }

        if (!Enum.IsDefined(side))
        {
            throw new ArgumentException("Undefined order side.", nameof(side));
        }

        if (!Enum.IsDefined(type))
        {
            throw new ArgumentException("Undefined order type.", nameof(type));
        }

        if (!Enum.IsDefined(timeInForce))
        {
            throw new ArgumentException("Undefined time in force.", nameof(timeInForce));
        }

        if (quantity <= 0m)
        {
            throw new ArgumentException(Invariant($"The quantity must be positive: {quantity}."), nameof(quantity));
        }

        var needsPrice = type is OrderType.Limit or OrderType.StopLimit;
        var needsStop = type is OrderType.StopMarket or OrderType.StopLimit;
        if (needsPrice != price.HasValue || price <= 0m)
        {
            throw new ArgumentException(needsPrice ? $"A {type} order needs a positive limit price." : $"A {type} order takes no limit price.", nameof(price));
        }

        if (needsStop != stopPrice.HasValue || stopPrice <= 0m)
        {
            throw new ArgumentException(needsStop ? $"A {type} order needs a positive stop price." : $"A {type} order takes no stop price.", nameof(stopPrice));
        }

        if (!needsPrice && timeInForce != TimeInForce.GoodTillCanceled)
        {
            throw new ArgumentException($"Time in force {timeInForce} applies to limit orders only.", nameof(timeInForce));
        }

        ClientOrderId = clientOrderId;
        Pair = pair;
        Side = side;
        Type = type;
        Quantity = quantity;
        Price = price;
        StopPrice = stopPrice;
        TimeInForce = timeInForce;
        ReduceOnly = reduceOnly;
    }

    /// <summary>Gets the portfolio's id for the order.</summary>
    public ClientOrderId ClientOrderId { get; }

    /// <summary>Gets the pair.</summary>
    public TradingPair Pair { get; }

    /// <summary>Gets buy or sell.</summary>
    public OrderSide Side { get; }

    /// <summary>Gets how the order executes.</summary>
    public OrderType Type { get; }

    /// <summary>Gets the quantity in base units.</summary>
    public decimal Quantity { get; }

    /// <summary>Gets the limit price, for limit and stop-limit orders.</summary>
    public decimal? Price { get; }

    /// <summary>Gets the trigger price, for stop orders.</summary>
    public decimal? StopPrice { get; }

    /// <summary>Gets how long a limit order stays on the book.</summary>
    public TimeInForce TimeInForce { get; }

    /// <summary>Gets a value indicating whether the order may only shrink a position.</summary>
    public bool ReduceOnly { get; }

    /// <summary>Gets the position the order opens, adds to or closes, if any.</summary>
    public PositionId? PositionId { get; init; }

    /// <summary>Gets the strategy (sleeve) the order is for.</summary>
    /// <value>The default value is <see cref="StrategyId.Default"/>.</value>
    public StrategyId Strategy { get; init; } = StrategyId.Default;

    /// <summary>Creates a market order.</summary>
    /// <param name="clientOrderId">The portfolio's id for the order.</param>
    /// <param name="pair">The pair.</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="quantity">The quantity in base units.</param>
    /// <param name="reduceOnly">Whether the order may only shrink a position.</param>
    /// <returns>The order.</returns>
    public static OrderRequest Market(ClientOrderId clientOrderId, TradingPair pair, OrderSide side, decimal quantity, bool reduceOnly = false) =>
        new(clientOrderId, pair, side, OrderType.Market, quantity, reduceOnly: reduceOnly);

    /// <summary>Creates a limit order.</summary>
    /// <param name="clientOrderId">The portfolio's id for the order.</param>
    /// <param name="pair">The pair.</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="quantity">The quantity in base units.</param>
    /// <param name="price">The limit price.</param>
    /// <param name="timeInForce">How long the order stays on the book.</param>
    /// <returns>The order.</returns>
    public static OrderRequest Limit(ClientOrderId clientOrderId, TradingPair pair, OrderSide side, decimal quantity, decimal price, TimeInForce timeInForce = TimeInForce.GoodTillCanceled) =>
        new(clientOrderId, pair, side, OrderType.Limit, quantity, price, timeInForce: timeInForce);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
