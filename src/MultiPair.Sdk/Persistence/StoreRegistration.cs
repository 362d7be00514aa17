using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MultiPair.Sdk.DependencyInjection;
using MultiPair.Sdk.Execution;

namespace MultiPair.Sdk.Persistence;

/// <summary>Registers a store package's store the same way for every store: validated options, one instance as <see cref="IPortfolioStore"/> and <see cref="IExecutionJournal"/>.</summary>
internal static class StoreRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TStore"/> as the <see cref="IPortfolioStore"/> and the <see cref="IExecutionJournal"/>
    /// (one shared instance) unless they are already registered; the options are validated on start, every problem in one error.
    /// </summary>
    public static IMultiPairBuilder AddStore<TStore, TOptions>(
        IMultiPairBuilder builder,
        Action<TOptions> configure,
        Func<TOptions, IReadOnlyList<string>> validate,
        Func<IServiceProvider, TOptions, TStore> create)
        where TStore : class, IPortfolioStore
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<TOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new Validator<TOptions>(validate)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => create(provider, provider.GetRequiredService<IOptions<TOptions>>().Value));
        services.TryAddSingleton<IPortfolioStore>(static provider => provider.GetRequiredService<TStore>());
        services.TryAddSingleton<IExecutionJournal>(static provider => provider.GetRequiredService<IPortfolioStore>());
        return builder;
    }

    /// <summary>Reports every problem of the options in one failure.</summary>
    private sealed class Validator<TOptions>(Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var errors = validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
