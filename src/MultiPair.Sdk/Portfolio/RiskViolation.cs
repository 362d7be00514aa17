using MultiPair.Sdk.Markets;

namespace MultiPair.Sdk.Portfolio;

/// <summary>One broken portfolio limit, with the measured value and the limit it broke.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="Code">Which limit.</param>
/// <param name="Message">A human-readable description naming the values.</param>
/// <param name="Value">The measured value (a count, a percentage or an amount, as the code implies).</param>
/// <param name="Limit">The limit, in the same unit as <paramref name="Value"/>.</param>
public sealed record RiskViolation(RiskViolationCode Code, string Message, decimal Value, decimal Limit)
{
    /// <summary>Gets the pair concerned, if the violation is about one pair.</summary>
    public TradingPair? Pair { get; init; }

    /// <summary>Gets the position concerned, if the violation is about one position.</summary>
    public PositionId? PositionId { get; init; }

    /// <summary>Gets the correlation group concerned, if any.</summary>
    public string? CorrelationGroup { get; init; }
}
