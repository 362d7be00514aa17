using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Simulation;

/// <summary>A funding payment the <see cref="SimulatedExchange"/> settled for the account's net perpetual position.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Pair">The perpetual.</param>
/// <param name="Time">The funding time.</param>
/// <param name="Rate">The funding rate applied (a fraction; positive: longs pay).</param>
/// <param name="Position">The account's signed net position in base units at the funding time (negative: short).</param>
/// <param name="Price">The price the position was valued at (the open of the bar that crossed the funding time).</param>
/// <param name="Amount">
/// The payment in the quote asset, <c>−Position × Price × contract size × Rate</c>, rounded to 8 decimals: negative when the
/// account paid (a long with a positive rate), positive when it received.
/// </param>
public sealed record FundingPayment(TradingPair Pair, DateTimeOffset Time, decimal Rate, decimal Position, decimal Price, decimal Amount);
