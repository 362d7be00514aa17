using System.Reactive.Concurrency;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.Coordination;
using MultiPair.Sdk.Engine;
using MultiPair.Sdk.Execution;
using MultiPair.Sdk.Portfolio;
using MultiPair.Sdk.Risk;
using MultiPair.Sdk.Strategies;

namespace MultiPair.Sdk.Configuration;

/// <summary>Checks <see cref="MultiPairOptions"/> by assembling the whole portfolio once (ledger, gate, coordinator, engine) and lists every problem.</summary>
internal sealed class MultiPairOptionsValidator(StrategyRegistry registry, ComponentCatalog catalog) : IValidateOptions<MultiPairOptions>
{
    public ValidateOptionsResult Validate(string? name, MultiPairOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Check(options, registry, catalog);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Check(MultiPairOptions options, StrategyRegistry registry, ComponentCatalog catalog)
    {
        var problems = new List<string>();
        var composition = MultiPairComposition.Build(options, registry, catalog, problems);
        if (composition is null || problems.Count > 0)
        {
            return problems;
        }

        // Assemble the parts the way the container will, so checks that live in their constructors run now.
        var ledger = new PortfolioManager(composition.Portfolio);
        foreach (var pair in composition.PairConfigs)
        {
            var registered = ledger.RegisterPair(pair);
            if (!registered.IsSuccess)
            {
                problems.Add($"Pairs[{pair.Pair}]: {registered.Error!.Message}");
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        try
        {
            using var gate = new RiskGate(ledger, composition.Rules, composition.GateOptions);
            using var coordinator = new EntryCoordinator(gate, composition.Allocation, options.Coordinator);
            using var engine = new PortfolioEngine(ledger, gate, coordinator, NullGateway.Instance, composition.Setups, options.Engine, notificationScheduler: ImmediateScheduler.Instance);
        }
        catch (OptionsValidationException e)
        {
            problems.AddRange(e.Failures);
        }

        return problems;
    }

    private sealed class NullGateway : IOrderGateway
    {
        public static readonly NullGateway Instance = new();

        public void Send(OrderRequest order, IExecutionSink sink)
        {
        }

        public void Cancel(ClientOrderId clientOrderId, IExecutionSink sink)
        {
        }
    }
}
