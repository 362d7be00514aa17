using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Persistence;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;

namespace MultiPair.Sdk.Hosting;

/// <summary>What an <see cref="IPortfolioStartupStep"/> works on.</summary>
/// <remarks>Immutable.</remarks>
public sealed record PortfolioStartupContext
{
    /// <summary>Gets the container the portfolio was resolved from.</summary>
    public required IServiceProvider Services { get; init; }

    /// <summary>Gets the identity the store was opened with (from <c>MultiPair:Exchange</c>).</summary>
    public required StoreIdentity Identity { get; init; }

    /// <summary>Gets the ledger.</summary>
    public required IPortfolioManager Ledger { get; init; }

    /// <summary>Gets the risk gate.</summary>
    public required RiskGate Gate { get; init; }

    /// <summary>Gets the engine (its loop is not running yet).</summary>
    public required PortfolioEngine Engine { get; init; }

    /// <summary>Gets the opened store, or <see langword="null"/> when none is registered.</summary>
    public IPortfolioStore? Store { get; init; }

    /// <summary>Gets the lease the store granted, or <see langword="null"/> when no store is registered.</summary>
    public StoreLease? Lease { get; init; }

    /// <summary>Gets the order executor, or <see langword="null"/> when orders do not go through one.</summary>
    public OrderExecutor? Executor { get; init; }
}
