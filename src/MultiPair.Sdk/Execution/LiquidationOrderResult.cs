using MultiPair.Sdk.Exchanges;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Execution;

/// <summary>The result of one liquidation order.</summary>
/// <param name="Pair">The pair.</param>
/// <param name="ClientOrderId">The order's client id (the cancelled order's, or the closing order's).</param>
/// <param name="Action">Cancel or close.</param>
/// <param name="Quantity">The quantity cancelled or sent to close.</param>
/// <param name="Success">Whether the order is gone (cancel) or filled (close).</param>
/// <param name="Error">The error when it did not succeed.</param>
public sealed record LiquidationOrderResult(TradingPair Pair, ClientOrderId ClientOrderId, LiquidationAction Action, decimal Quantity, bool Success, ExchangeError? Error);
