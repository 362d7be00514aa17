namespace MultiPair.Sdk.Configuration;

/// <summary>A component chosen by name with its settings: an allocation strategy or a risk rule.</summary>
/// <remarks>
/// Mutable for binding. <see cref="Parameters"/> are bound onto the component's settings by property name
/// (case-insensitive); nested settings use <c>:</c> in the key (<c>GroupLimits:large_cap</c>). An unknown name or setting is an error.
/// </remarks>
public sealed class ComponentOptions
{
    /// <summary>Gets or sets the component's name; case, <c>-</c>, <c>_</c> and a <c>Rule</c>, <c>Protection</c> or <c>Allocation</c> suffix are ignored.</summary>
    /// <value>Required.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets a value indicating whether the component is used.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets the component's settings, as strings by name.</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
