using Microsoft.Extensions.Options;

namespace MultiPair.Sdk.Storage.PostgreSql;

/// <summary>Reports every problem of <see cref="PostgresStoreOptions"/> in one failure.</summary>
internal sealed class PostgresStoreOptionsValidator : IValidateOptions<PostgresStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
