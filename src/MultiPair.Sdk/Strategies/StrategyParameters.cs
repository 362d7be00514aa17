using System.Globalization;
using MultiPair.Sdk.MarketData;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// A strategy's parameters as configuration gives them (strings by name, as in a "safe list" entry
/// <c>"BTC/USDT": { "strategy": "momentum", "params": { "rsiPeriod": "14" } }</c>), read with typed getters that
/// collect every problem instead of stopping at the first.
/// </summary>
/// <remarks>Not thread-safe; use it while building one strategy.</remarks>
public sealed class StrategyParameters
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _errors = [];

    /// <summary>Initializes a new parameter set; names are case-insensitive.</summary>
    /// <param name="values">The parameters; null for none.</param>
    public StrategyParameters(IReadOnlyDictionary<string, string>? values = null)
    {
        _values = new Dictionary<string, string>(values ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Gets the problems found so far.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Reads an integer.</summary>
    /// <param name="name">The parameter.</param>
    /// <param name="defaultValue">The value when absent.</param>
    /// <param name="min">The smallest valid value.</param>
    /// <param name="max">The largest valid value.</param>
    /// <returns>The value (the default when absent or invalid).</returns>
    public int GetInt(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue) =>
        Get(name, defaultValue, text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null, v => v >= min && v <= max, $"an integer in [{min}, {max}]");

    /// <summary>Reads a number.</summary>
    /// <param name="name">The parameter.</param>
    /// <param name="defaultValue">The value when absent.</param>
    /// <param name="min">The smallest valid value.</param>
    /// <param name="max">The largest valid value.</param>
    /// <returns>The value (the default when absent or invalid).</returns>
    public double GetDouble(string name, double defaultValue, double min = double.MinValue, double max = double.MaxValue) =>
        Get(name, defaultValue, text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null, v => v >= min && v <= max, string.Create(CultureInfo.InvariantCulture, $"a number in [{min}, {max}]"));

    /// <summary>Reads a timeframe such as <c>1h</c>.</summary>
    /// <param name="name">The parameter.</param>
    /// <param name="defaultValue">The value when absent.</param>
    /// <returns>The value (the default when absent or invalid).</returns>
    public Timeframe GetTimeframe(string name, Timeframe defaultValue) =>
        Get(name, defaultValue, text => Timeframe.TryParse(text, out var t) ? t : null, _ => true, "a timeframe such as 5m, 1h or 1d");

    /// <summary>Reads an enum value by name (case-insensitive).</summary>
    /// <typeparam name="TEnum">The enum.</typeparam>
    /// <param name="name">The parameter.</param>
    /// <param name="defaultValue">The value when absent.</param>
    /// <returns>The value (the default when absent or invalid).</returns>
    public TEnum GetEnum<TEnum>(string name, TEnum defaultValue)
        where TEnum : struct, Enum =>
        Get(name, defaultValue, text => Enum.TryParse<TEnum>(text.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var v) && Enum.IsDefined(v) ? v : null, _ => true, "one of " + string.Join(", ", Enum.GetNames<TEnum>()));

    /// <summary>Adds a problem that involves several parameters.</summary>
    /// <param name="condition">When false, the problem is recorded.</param>
    /// <param name="message">The problem.</param>
    public void Require(bool condition, string message)
    {
        if (!condition)
        {
            _errors.Add(message);
        }
    }

    /// <summary>Lists every problem, including parameters that no getter read (misspelled names).</summary>
    /// <returns>The problems; empty when the parameters are valid.</returns>
    public IReadOnlyList<string> Validate() =>
        [.. _errors, .. _values.Keys.Where(k => !_read.Contains(k)).Order(StringComparer.Ordinal).Select(k => $"Unknown parameter '{k}'.")];

    private T Get<T>(string name, T defaultValue, Func<string, T?> parse, Func<T, bool> valid, string expected)
        where T : struct
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        if (parse(text.Trim()) is { } value && valid(value))
        {
            return value;
        }

        _errors.Add($"Parameter '{name}' is '{text}'; it must be {expected}.");
        return defaultValue;
    }
}
