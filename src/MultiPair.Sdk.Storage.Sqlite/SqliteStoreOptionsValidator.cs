using Microsoft.Extensions.Options;

namespace MultiPair.Sdk.Storage.Sqlite;

/// <summary>Reports every problem of <see cref="SqliteStoreOptions"/> in one failure.</summary>
internal sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
