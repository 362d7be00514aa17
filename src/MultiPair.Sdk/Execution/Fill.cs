using System.Globalization;
using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Execution;

/// <summary>One execution (trade) of an order, as the exchange reports it.</summary>
/// <remarks>Immutable and thread-safe. The trade id identifies the fill on its exchange and makes fills idempotent.</remarks>
public sealed record Fill
{
    /// <summary>Initializes a new fill.</summary>
    /// <param name="tradeId">The exchange's trade id.</param>
    /// <param name="clientOrderId">The order that filled.</param>
    /// <param name="pair">The pair.</param>
    /// <param name="side">Buy or sell.</param>
    /// <param name="price">The execution price.</param>
    /// <param name="quantity">The executed quantity in base units.</param>
    /// <param name="fee">The fee charged for this fill.</param>
    /// <param name="time">When the trade happened.</param>
    /// <param name="isMaker">Whether the order provided liquidity.</param>
    /// <exception cref="ArgumentException">An id or the pair is default or empty, a price or quantity is not positive, or the fee is negative.</exception>
    public Fill(string tradeId, ClientOrderId clientOrderId, TradingPair pair, OrderSide side, decimal price, decimal quantity, Fee fee, DateTimeOffset time, bool isMaker = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tradeId);
        Require(!clientOrderId.IsDefault, "A fill needs a client order id.", nameof(clientOrderId));
        Require(!pair.IsDefault, "A fill needs a pair.", nameof(pair));
        Require(Enum.IsDefined(side), "Undefined order side.", nameof(side));
        // Messages are formatted only on failure: a fill is built for every execution of a backtest.
        if (price <= 0m)
        {
            throw new ArgumentException(Invariant($"The price must be positive: {price}."), nameof(price));
        }

        if (quantity <= 0m)
        {
            throw new ArgumentException(Invariant($"The quantity must be positive: {quantity}."), nameof(quantity));
        }

        if (fee.Amount < 0m || !Enum.IsDefined(fee.Asset))
        {
            throw new ArgumentException(Invariant($"The fee must not be negative and its asset must be defined: {fee}."), nameof(fee));
        }

        TradeId = tradeId;
        ClientOrderId = clientOrderId;
        Pair = pair;
        Side = side;
        Price = price;
        Quantity = quantity;
        Fee = fee;
        Time = time;
        IsMaker = isMaker;
    }

    /// <summary>Gets the exchange's trade id.</summary>
    public string TradeId { get; }

    /// <summary>Gets the order that filled.</summary>
    public ClientOrderId ClientOrderId { get; }

    /// <summary>Gets the pair.</summary>
    public TradingPair Pair { get; }

    /// <summary>Gets buy or sell.</summary>
    public OrderSide Side { get; }

    /// <summary>Gets the execution price.</summary>
    public decimal Price { get; }

    /// <summary>Gets the executed quantity in base units.</summary>
    public decimal Quantity { get; }

    /// <summary>Gets the fee charged for this fill.</summary>
    public Fee Fee { get; }

    /// <summary>Gets when the trade happened.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Gets a value indicating whether the order provided liquidity.</summary>
    public bool IsMaker { get; }

    /// <summary>Gets the sleeve (strategy budget) the order was for; execution sets it from the order's client id.</summary>
    /// <value>The default value is <see cref="StrategyId.Default"/>.</value>
    public StrategyId Sleeve { get; init; } = StrategyId.Default;

    /// <summary>Gets the fill's value in the quote asset (price × quantity).</summary>
    public decimal Notional => Price * Quantity;

    private static void Require(bool condition, string message, string paramName)
    {
        if (!condition)
        {
            throw new ArgumentException(message, paramName);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
