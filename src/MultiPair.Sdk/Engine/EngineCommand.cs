using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Engine;

/// <summary>A runtime control command for the <see cref="PortfolioEngine"/>, processed in order on its event loop.</summary>
/// <remarks>Immutable and thread-safe. The commands are the nested records; the base cannot be derived from outside.</remarks>
public abstract record EngineCommand
{
    private protected EngineCommand()
    {
    }

    /// <summary>Stops new entries in a pair; its positions and exits are still managed.</summary>
    /// <param name="Pair">The pair.</param>
    /// <param name="Reason">Why.</param>
    public sealed record DisablePair(TradingPair Pair, string Reason) : EngineCommand;

    /// <summary>Lets a pair trade again.</summary>
    /// <param name="Pair">The pair.</param>
    public sealed record EnablePair(TradingPair Pair) : EngineCommand;

    /// <summary>
    /// Emergency stop: cancels every working order and stops trading (Halted); with <paramref name="Flatten"/>, the
    /// portfolio first goes ReduceOnly, every position is closed at market, and it is Halted once flat.
    /// </summary>
    /// <param name="Flatten">Whether to close every position.</param>
    /// <param name="Reason">Why.</param>
    public sealed record EmergencyStop(bool Flatten, string Reason) : EngineCommand;

    /// <summary>Restricts trading to <paramref name="State"/> (ReduceOnly or Halted) without closing anything, for example when the portfolio store fails; <see cref="ResumeTrading"/> lifts it.</summary>
    /// <param name="State">The restricted state: <see cref="Risk.TradingState.ReduceOnly"/> or <see cref="Risk.TradingState.Halted"/>.</param>
    /// <param name="Reason">Why, for the state change and the alert.</param>
    public sealed record RestrictTrading(Risk.TradingState State, string Reason) : EngineCommand;

    /// <summary>Resumes trading (Active).</summary>
    /// <param name="Reason">Why.</param>
    public sealed record ResumeTrading(string Reason) : EngineCommand;

    /// <summary>Adds a pair at runtime without touching the others; the pair is registered with the ledger if it is not yet.</summary>
    /// <param name="Setup">How to run it.</param>
    /// <param name="Config">Its ledger configuration.</param>
    public sealed record AddPair(PairSetup Setup, PairConfig Config) : EngineCommand;
}
