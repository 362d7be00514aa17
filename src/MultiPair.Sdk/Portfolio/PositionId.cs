namespace MultiPair.Sdk.Portfolio;

/// <summary>Identifies one position in a portfolio ledger.</summary>
/// <remarks>Immutable and thread-safe. Compared ordinally (case-sensitive). <c>default</c> is not a valid id.</remarks>
public readonly record struct PositionId
{
    /// <summary>The longest id accepted, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Initializes a new id.</summary>
    /// <param name="value">A non-empty string of at most <see cref="MaxLength"/> characters without white space.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, too long or contains white space.</exception>
    public PositionId(string value)
    {
        IdText.Validate(value, MaxLength, nameof(value));
        Value = value;
        _hash = StringComparer.Ordinal.GetHashCode(value);
    }

    /// <summary>Gets the id text.</summary>
    public string Value { get; }

    // The id's ordinal hash, computed once: ids key the engine's, gate's and ledger's dictionaries on every bar.
    private readonly int _hash;

    /// <summary>Gets a value indicating whether this is the invalid <c>default</c> value.</summary>
    public bool IsDefault => Value is null;

    /// <summary>Returns the id text.</summary>
    /// <returns>The id text.</returns>
    public override string ToString() => Value ?? string.Empty;

    /// <summary>Compares two ids ordinally.</summary>
    /// <param name="other">The other id.</param>
    /// <returns><see langword="true"/> when both hold the same text (or both are <c>default</c>).</returns>
    public bool Equals(PositionId other) => _hash == other._hash && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <summary>Gets the ordinal hash of the id text (computed once).</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => _hash;
}
