using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Backtesting;

/// <summary>
/// An enumerator of bars that can also hand out the bars it holds as blocks, without copying each bar out through
/// <see cref="IEnumerator{T}.Current"/>: <see cref="BacktestRunner"/> steps whole bar times straight from a block.
/// </summary>
internal interface IBarBlockReader
{
    /// <summary>
    /// Gets the next bars of the sequence as one block: the bars after the one last returned, in order. The block is
    /// valid until the next call (its storage is reused); afterwards <see cref="IEnumerator{T}.Current"/> is the block's last bar.
    /// </summary>
    /// <param name="bars">The block; never empty when the method returns true.</param>
    /// <returns>False at the end of the sequence.</returns>
    bool TryReadBlock(out ReadOnlySpan<Bar> bars);
}
