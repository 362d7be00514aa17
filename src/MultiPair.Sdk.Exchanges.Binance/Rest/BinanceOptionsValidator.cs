using Microsoft.Extensions.Options;

namespace MultiPair.Sdk.Exchanges.Binance.Rest;

/// <summary>Fails with every problem <see cref="BinanceOptions.Validate"/> lists.</summary>
internal sealed class BinanceOptionsValidator : IValidateOptions<BinanceOptions>
{
    public ValidateOptionsResult Validate(string? name, BinanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
