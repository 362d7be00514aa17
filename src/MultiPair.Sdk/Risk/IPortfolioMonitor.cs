namespace MultiPair.Sdk.Risk;

/// <summary>
/// A check of the whole portfolio that runs without a proposal (on every bar or price update): it can move the
/// trading state and propose orders, such as closing everything on an emergency loss.
/// </summary>
public interface IPortfolioMonitor
{
    /// <summary>Gets the monitor's name.</summary>
    string Name { get; }

    /// <summary>Inspects the portfolio.</summary>
    /// <param name="snapshot">The portfolio now.</param>
    /// <returns>What to do, or <see langword="null"/> when all is well.</returns>
    MonitorAlert? Inspect(PortfolioSnapshot snapshot);
}
