using MultiPair.Sdk.Markets;
using MultiPair.Sdk.Portfolio;

namespace MultiPair.Sdk.Strategies;

/// <summary>A strategy's proposal for one pair at one instant, with its confidence and optional exits.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Signal
{
    private readonly decimal? _stopLoss;
    private readonly decimal? _takeProfit;

    /// <summary>Initializes a new signal.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="direction">What the strategy proposes.</param>
    /// <param name="confidence">How sure the strategy is, from 0 to 1; used to rank signals across pairs.</param>
    /// <param name="time">When the signal was produced (the close time of the bar it came from).</param>
    /// <exception cref="ArgumentException"><paramref name="pair"/> is default.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidence"/> is NaN or outside [0, 1], or <paramref name="direction"/> is undefined.</exception>
    public Signal(TradingPair pair, SignalDirection direction, double confidence, DateTimeOffset time)
    {
        if (pair.IsDefault)
        {
            throw new ArgumentException("A signal needs a pair.", nameof(pair));
        }

        if (!Enum.IsDefined(direction))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "Undefined signal direction.");
        }

        if (double.IsNaN(confidence) || confidence is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must be in [0, 1].");
        }

        Pair = pair;
        Direction = direction;
        Confidence = confidence;
        Time = time;
    }

    /// <summary>Gets the pair.</summary>
    public TradingPair Pair { get; }

    /// <summary>Gets what the strategy proposes.</summary>
    public SignalDirection Direction { get; }

    /// <summary>Gets how sure the strategy is, from 0 to 1.</summary>
    public double Confidence { get; }

    /// <summary>Gets when the signal was produced.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Gets the strategy (sleeve) that produced the signal.</summary>
    /// <value>The default value is <see cref="StrategyId.Default"/>.</value>
    public StrategyId Strategy { get; init; } = StrategyId.Default;

    /// <summary>Gets the proposed stop-loss price, if any.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not positive.</exception>
    public decimal? StopLoss
    {
        get => _stopLoss;
        init => _stopLoss = Positive(value, nameof(StopLoss));
    }

    /// <summary>Gets the proposed take-profit price, if any.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not positive.</exception>
    public decimal? TakeProfit
    {
        get => _takeProfit;
        init => _takeProfit = Positive(value, nameof(TakeProfit));
    }

    /// <summary>Gets a short human-readable reason, for logs and reports.</summary>
    public string? Reason { get; init; }

    private static decimal? Positive(decimal? value, string name) =>
        value is <= 0m ? throw new ArgumentOutOfRangeException(name, value, "A price must be positive.") : value;
}
