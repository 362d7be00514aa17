namespace MultiPair.Sdk.Strategies;

/// <summary>An <see cref="ISignalConfirmer"/>'s answer about one signal.</summary>
/// <remarks>Immutable and thread-safe. The default value is "not confirmed", without a confidence or a reason.</remarks>
/// <param name="Confirmed">Whether the signal should be acted on.</param>
/// <param name="Confidence">The confirmer's own confidence, from 0 to 1, replacing the signal's; <see langword="null"/> keeps the signal's.</param>
/// <param name="Reason">A short human-readable reason, for logs and reports.</param>
public readonly record struct SignalConfirmation(bool Confirmed, double? Confidence = null, string? Reason = null)
{
    private readonly double? _confidence = CheckConfidence(Confidence, nameof(Confidence));

    /// <summary>Gets the confirmer's own confidence, from 0 to 1, replacing the signal's; <see langword="null"/> keeps the signal's.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to NaN or to a value outside [0, 1].</exception>
    public double? Confidence
    {
        get => _confidence;
        init => _confidence = CheckConfidence(value, nameof(Confidence));
    }

    private static double? CheckConfidence(double? value, string paramName) =>
        value is { } confidence && (double.IsNaN(confidence) || confidence is < 0 or > 1)
            ? throw new ArgumentOutOfRangeException(paramName, value, "Confidence must be in [0, 1].")
            : value;
}
