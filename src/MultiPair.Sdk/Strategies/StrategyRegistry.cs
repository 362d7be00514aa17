using Microsoft.Extensions.Options;

namespace MultiPair.Sdk.Strategies;

/// <summary>
/// Creates strategies by name from configuration: the built-in ones (<c>ema-cross</c>, <c>momentum</c>,
/// <c>mean-reversion</c>, <c>breakout</c>, <c>triple-ema</c>) and any you register.
/// </summary>
/// <remarks>Register everything at start-up; creating is thread-safe once registration is done.</remarks>
public sealed class StrategyRegistry
{
    private readonly Dictionary<string, Func<StrategyParameters, IPairStrategy>> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the registered names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _factories.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Creates a registry with the built-in strategies.</summary>
    /// <returns>The registry.</returns>
    public static StrategyRegistry CreateDefault() => new StrategyRegistry()
        .Register(EmaCrossStrategy.StrategyName, p => new EmaCrossStrategy(p))
        .Register(MomentumStrategy.StrategyName, p => new MomentumStrategy(p))
        .Register(MeanReversionStrategy.StrategyName, p => new MeanReversionStrategy(p))
        .Register(BreakoutStrategy.StrategyName, p => new BreakoutStrategy(p))
        .Register(TripleEmaStrategy.StrategyName, p => new TripleEmaStrategy(p));

    /// <summary>Registers (or replaces) a strategy factory.</summary>
    /// <param name="name">The name configuration uses (case-insensitive).</param>
    /// <param name="factory">Builds one instance per pair from its parameters; read every parameter through the getters so misspellings are reported.</param>
    /// <returns>This registry.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is null.</exception>
    public StrategyRegistry Register(string name, Func<StrategyParameters, IPairStrategy> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        _factories[name] = factory;
        return this;
    }

    /// <summary>Creates one strategy instance.</summary>
    /// <param name="name">The registered name.</param>
    /// <param name="parameters">Its parameters; null for defaults.</param>
    /// <returns>The strategy.</returns>
    /// <exception cref="OptionsValidationException">The name is unknown or a parameter is invalid or unknown; every problem is listed.</exception>
    public IPairStrategy Create(string name, IReadOnlyDictionary<string, string>? parameters = null)
    {
        if (string.IsNullOrWhiteSpace(name) || !_factories.TryGetValue(name, out var factory))
        {
            throw new OptionsValidationException(name ?? string.Empty, typeof(IPairStrategy), [$"Unknown strategy '{name}'; registered: {string.Join(", ", Names)}."]);
        }

        var reader = new StrategyParameters(parameters);
        var strategy = factory(reader);
        var problems = reader.Validate();
        return problems.Count == 0
            ? strategy
            : throw new OptionsValidationException(name, typeof(IPairStrategy), [.. problems.Select(p => $"{name}: {p}")]);
    }
}
