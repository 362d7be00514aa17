namespace MultiPair.Sdk.Portfolio;

/// <summary>The direction of a position.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Long and Short are the trading terms.")]
public enum PositionSide
{
    /// <summary>Long: profits when the price rises.</summary>
    Long = 0,

    /// <summary>Short: profits when the price falls. Only on <see cref="Markets.MarketType.LinearPerpetual"/> markets.</summary>
    Short = 1,
}
