namespace MultiPair.Sdk.Risk;

/// <summary>
/// Base class of the built-in rules and a convenient base for custom ones: a name, the decision, and a check of the
/// rule's own settings that the <see cref="RiskGate"/> runs at start.
/// </summary>
/// <remarks>Settings are <c>init</c> properties with documented defaults, so a rule is immutable once built.</remarks>
public abstract class RiskRule : IRiskRule
{
    /// <inheritdoc />
    public virtual string Name => GetType().Name;

    /// <inheritdoc />
    public abstract RiskDecision Evaluate(OrderProposal proposal, PortfolioSnapshot snapshot);

    /// <summary>Checks the rule's settings against the portfolio they will guard.</summary>
    /// <param name="context">The portfolio's configuration and registered pairs.</param>
    /// <returns>Every problem found; empty when the settings are valid.</returns>
    public virtual IEnumerable<string> Validate(RuleValidationContext context) => [];

    /// <summary>Formats a setting problem as "Rule.Setting is value; it must …".</summary>
    /// <param name="setting">The setting's name.</param>
    /// <param name="value">Its value.</param>
    /// <param name="rule">What it must be.</param>
    /// <returns>The message.</returns>
    protected string Problem(string setting, object? value, string rule) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name}.{setting} is {value}; it {rule}.");
}
