using System.Diagnostics.CodeAnalysis;

namespace MultiPair.Sdk.Exchanges;

/// <summary>The result of an exchange call (create one with <see cref="ExchangeResult.Ok{T}(T)"/> or <see cref="ExchangeResult.Fail{T}(ExchangeError)"/>): a value, or an <see cref="ExchangeError"/>. Failures are values, never exceptions.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
public readonly struct ExchangeResult<T> : IEquatable<ExchangeResult<T>>
{
    private readonly T? _value;

    internal ExchangeResult(T? value, ExchangeError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Gets the error, or null when the call succeeded.</summary>
    public ExchangeError? Error { get; }

    /// <summary>Gets a value indicating whether the call succeeded.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Error is null;

    /// <summary>Gets the value of a successful call.</summary>
    /// <exception cref="InvalidOperationException">The call failed.</exception>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"The exchange call failed: {Error}");

    /// <summary>Gets a value indicating whether the call failed with an unknown outcome.</summary>
    public bool IsOutcomeUnknown => Error?.IsOutcomeUnknown == true;

    /// <summary>Gets the value when the call succeeded.</summary>
    /// <param name="value">The value, or default.</param>
    /// <returns>True when the call succeeded.</returns>
    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = _value;
        return Error is null;
    }

    /// <summary>Maps a successful value, keeping the error of a failed call.</summary>
    /// <typeparam name="TResult">The type of the new value.</typeparam>
    /// <param name="map">The mapping.</param>
    /// <returns>The mapped result.</returns>
    public ExchangeResult<TResult> Map<TResult>(Func<T, TResult> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return Error is null ? new ExchangeResult<TResult>(map(_value!), null) : new ExchangeResult<TResult>(default, Error);
    }

    /// <inheritdoc />
    public bool Equals(ExchangeResult<T> other) => Equals(Error, other.Error) && EqualityComparer<T?>.Default.Equals(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ExchangeResult<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_value, Error);

    /// <inheritdoc />
    public override string ToString() => Error is null ? $"Ok({_value})" : $"Fail({Error})";

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(ExchangeResult<T> left, ExchangeResult<T> right) => left.Equals(right);

    /// <summary>Compares two results.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(ExchangeResult<T> left, ExchangeResult<T> right) => !left.Equals(right);
}

/// <summary>Creates <see cref="ExchangeResult{T}"/> values.</summary>
public static class ExchangeResult
{
    /// <summary>A successful result.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static ExchangeResult<T> Ok<T>(T value) => new(value, null);

    /// <summary>A failed result.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static ExchangeResult<T> Fail<T>(ExchangeError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error);
    }

    /// <summary>A failed result.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="kind">The kind of failure.</param>
    /// <param name="message">The message.</param>
    /// <returns>The result.</returns>
    public static ExchangeResult<T> Fail<T>(ExchangeErrorKind kind, string message) => Fail<T>(new ExchangeError(kind, message));
}
