namespace MultiPair.Sdk.Backtesting;

/// <summary>What <see cref="HtmlReport"/> puts around a backtest's numbers: the title and a short description.</summary>
/// <remarks>Immutable and thread-safe. Every text is HTML-encoded when written.</remarks>
public sealed record HtmlReportOptions
{
    /// <summary>The title used when none is given.</summary>
    public const string DefaultTitle = "Backtest report";

    /// <summary>Gets the report's title, shown as the page heading and the document title.</summary>
    public string Title { get; init; } = DefaultTitle;

    /// <summary>Gets optional lines shown under the title, such as the strategy, the pairs and the configuration summary.</summary>
    public IReadOnlyList<string> Description { get; init; } = [];
}
