using System.Diagnostics.CodeAnalysis;

namespace MultiPair.Sdk.Portfolio;

/// <summary>
/// The outcome of a ledger change: the new value on success, or a typed <see cref="LedgerError"/> on failure.
/// A failed change leaves the ledger exactly as it was.
/// </summary>
/// <typeparam name="T">The type of the value produced on success.</typeparam>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly struct LedgerResult<T> : IEquatable<LedgerResult<T>>
{
    private readonly T? _value;

    private LedgerResult(T? value, LedgerError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Gets a value indicating whether the change was applied.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>Gets the reason the change was refused, or <see langword="null"/> on success.</summary>
    public LedgerError? Error { get; }

    /// <summary>Gets the value produced by a successful change.</summary>
    /// <exception cref="LedgerException">The change failed.</exception>
    public T Value => Error is null ? _value! : throw new LedgerException(Error);

    /// <summary>Creates a successful result.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    [SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Factory of the result type itself.")]
    public static LedgerResult<T> Success(T value) => new(value, null);

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">The reason.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    [SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Factory of the result type itself.")]
    public static LedgerResult<T> Failure(LedgerError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error);
    }

    /// <summary>Gets the value when the change succeeded.</summary>
    /// <param name="value">The value, when this returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when the change succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return Error is null;
    }

    /// <inheritdoc />
    public bool Equals(LedgerResult<T> other) =>
        EqualityComparer<T?>.Default.Equals(_value, other._value) && Equals(Error, other.Error);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is LedgerResult<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_value, Error);

    /// <inheritdoc />
    public override string ToString() => Error is null ? $"Success({_value})" : $"Failure({Error})";

    /// <summary>Compares two results for equality.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(LedgerResult<T> left, LedgerResult<T> right) => left.Equals(right);

    /// <summary>Compares two results for inequality.</summary>
    /// <param name="left">The first result.</param>
    /// <param name="right">The second result.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(LedgerResult<T> left, LedgerResult<T> right) => !left.Equals(right);
}
