namespace MultiPair.Sdk.Portfolio;

/// <summary>What a partial or full close did to a position.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Position">The position after the close.</param>
/// <param name="Quantity">The quantity closed, in base units.</param>
/// <param name="ExitPrice">The exit fill price.</param>
/// <param name="GrossPnl">The P&amp;L of the closed quantity before fees.</param>
/// <param name="Fee">The exit fee in the quote asset (a base-asset fee valued at <paramref name="ExitPrice"/>).</param>
public sealed record PositionReduction(Position Position, decimal Quantity, decimal ExitPrice, decimal GrossPnl, decimal Fee)
{
    /// <summary>Gets the P&amp;L of the closed quantity after the exit fee.</summary>
    public decimal NetPnl => GrossPnl - Fee;

    /// <summary>Gets a value indicating whether this close ended the position.</summary>
    public bool IsFullClose => !Position.IsOpen;
}
