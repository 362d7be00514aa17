namespace MultiPair.Sdk.Execution;

/// <summary>
/// The id the portfolio gives an order before sending it, so the order can be found again whatever happens to the
/// request (Binance's <c>newClientOrderId</c>).
/// </summary>
/// <remarks>Immutable and thread-safe. 1–36 characters of <c>A–Z a–z 0–9 . : / _ -</c>, as Binance accepts.</remarks>
public readonly record struct ClientOrderId
{
    /// <summary>The longest id accepted, in characters.</summary>
    public const int MaxLength = 36;

    /// <summary>Initializes a new id.</summary>
    /// <param name="value">The id text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, too long or has a character an exchange rejects.</exception>
    public ClientOrderId(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value.Length > MaxLength)
        {
            throw new ArgumentException($"A client order id has at most {MaxLength} characters; '{value}' has {value.Length}.", nameof(value));
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or ':' or '/' or '_' or '-'))
            {
                throw new ArgumentException($"A client order id may hold only A-Z, a-z, 0-9 and . : / _ -; '{value}' has '{c}'.", nameof(value));
            }
        }

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
    public bool Equals(ClientOrderId other) => _hash == other._hash && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <summary>Gets the ordinal hash of the id text (computed once).</summary>
    /// <returns>The hash.</returns>
    public override int GetHashCode() => _hash;
}
