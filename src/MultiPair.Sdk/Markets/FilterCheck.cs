namespace MultiPair.Sdk.Markets;

/// <summary>
/// The outcome of <see cref="Instrument.Validate(decimal, decimal)"/>: either success, or the first exchange rule
/// the order broke with the offending value and the limit it broke.
/// </summary>
/// <remarks>Immutable and thread-safe. <c>default</c> equals <see cref="Success"/>.</remarks>
public readonly record struct FilterCheck
{
    private readonly string? _message;

    internal FilterCheck(InstrumentFilter failed, decimal actual, decimal limit, string message)
    {
        Failed = failed;
        Actual = actual;
        Limit = limit;
        _message = message;
    }

    /// <summary>Gets the result of an order that passes every filter.</summary>
    public static FilterCheck Success => default;

    /// <summary>Gets the rule that failed, or <see cref="InstrumentFilter.None"/> when the order is valid.</summary>
    public InstrumentFilter Failed { get; }

    /// <summary>Gets a value indicating whether the order passes every filter.</summary>
    public bool IsValid => Failed == InstrumentFilter.None;

    /// <summary>
    /// Gets the offending value: the price for price rules, the quantity for quantity rules, the notional for
    /// notional rules; 0 when valid.
    /// </summary>
    public decimal Actual { get; }

    /// <summary>
    /// Gets the limit that was broken: the bound for min/max rules, the tick or step size for grid rules,
    /// 0 for the positivity rules and when valid.
    /// </summary>
    public decimal Limit { get; }

    /// <summary>Gets a human-readable description naming the rule and the values.</summary>
    public string Message => _message ?? "The order passes every filter.";

    /// <summary>Returns <see cref="Message"/>.</summary>
    /// <returns>The message.</returns>
    public override string ToString() => Message;
}
