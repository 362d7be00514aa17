namespace MultiPair.Sdk.Backtesting;

/// <summary>What a time-series chart of the equity curve shows.</summary>
/// <param name="Id">The SVG element id.</param>
/// <param name="Kind">The CSS class giving the series colour: <c>equity</c>, <c>drawdown</c> or <c>exposure</c>.</param>
/// <param name="Description">The accessible description.</param>
/// <param name="Height">The view-box height.</param>
/// <param name="Value">The plotted value of a point.</param>
/// <param name="Unit">The suffix of the value-axis labels (e.g. <c>%</c>), or empty.</param>
internal sealed record TimeSeriesChart(string Id, string Kind, string Description, int Height, Func<EquityPoint, double> Value, string Unit)
{
    /// <summary>Gets a value of a horizontal dashed reference line (e.g. the initial capital), if any.</summary>
    public double? Reference { get; init; }

    /// <summary>Gets a value indicating whether the value axis always includes zero and the area is filled to zero (otherwise to the bottom).</summary>
    public bool FromZero { get; init; }

    /// <summary>Gets a value indicating whether the lowest point is marked and labelled (for the drawdown).</summary>
    public bool MarkMinimum { get; init; }
}
