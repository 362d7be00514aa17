namespace MultiPair.Sdk.Portfolio;

/// <summary>
/// Identifies the strategy or sleeve (a strategy's capital budget) that opened a position, so P&amp;L can be
/// attributed to it.
/// </summary>
/// <remarks>Immutable and thread-safe. Compared ordinally (case-sensitive).</remarks>
public readonly record struct StrategyId
{
    /// <summary>The longest id accepted, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>The id used when a position names no strategy: <c>default</c>.</summary>
    public static readonly StrategyId Default = new("default");

    /// <summary>Initializes a new id.</summary>
    /// <param name="value">A non-empty string of at most <see cref="MaxLength"/> characters without white space.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, too long or contains white space.</exception>
    public StrategyId(string value)
    {
        IdText.Validate(value, MaxLength, nameof(value));
        Value = value;
    }

    /// <summary>Gets the id text.</summary>
    public string Value { get; }

    /// <summary>Gets a value indicating whether this is the invalid <c>default</c> value.</summary>
    public bool IsDefault => Value is null;

    /// <summary>Returns the id text.</summary>
    /// <returns>The id text.</returns>
    public override string ToString() => Value ?? string.Empty;
}
