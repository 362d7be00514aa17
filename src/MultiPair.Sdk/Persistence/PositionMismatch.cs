using System.Globalization;
using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Persistence;

/// <summary>A difference between the exchange and the ledger found by the restart reconciliation.</summary>
/// <param name="Pair">The pair (default when the exchange could not be read at all).</param>
/// <param name="Ledger">The ledger's net quantity (long positive).</param>
/// <param name="Exchange">The exchange's net quantity or balance.</param>
/// <param name="Explanation">What differs.</param>
public sealed record PositionMismatch(TradingPair Pair, decimal Ledger, decimal Exchange, string Explanation)
{
    /// <inheritdoc />
    public override string ToString() => Pair.IsDefault
        ? Explanation
        : string.Create(CultureInfo.InvariantCulture, $"{Pair}: ledger {Ledger}, exchange {Exchange} ({Explanation})");
}
