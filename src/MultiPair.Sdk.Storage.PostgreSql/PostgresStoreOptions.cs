using System.Text.RegularExpressions;
using Npgsql;

namespace MultiPair.Sdk.Storage.PostgreSql;

/// <summary>Settings of the PostgreSQL portfolio store. Set them in <c>UsePostgresStore(o =&gt; ...)</c> or pass them to <see cref="PostgresPortfolioStore"/>.</summary>
public sealed partial class PostgresStoreOptions
{
    /// <summary>Gets or sets the Npgsql connection string, for example <c>Host=db;Username=multipair;Password=...;Database=trading</c>. Its <c>Search Path</c> is replaced by <see cref="Schema"/>.</summary>
    /// <value>The default value is <see langword="null"/>; required.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the PostgreSQL schema holding the tables of every portfolio; created when missing.</summary>
    /// <value>The default value is <c>multipair</c>; lower-case letters, digits and underscores, at most 63 characters, not starting with a digit.</value>
    public string Schema { get; set; } = "multipair";

    /// <summary>Gets or sets the only portfolio this store may open; <see langword="null"/> accepts the portfolio of the identity passed to <see cref="PostgresPortfolioStore.OpenAsync"/>.</summary>
    /// <value>The default value is <see langword="null"/>. When set, opening another portfolio fails with <see cref="Persistence.StoreErrorKind.IdentityMismatch"/>.</value>
    public string? PortfolioId { get; set; }

    /// <summary>Gets or sets how long the lease lasts without a renewal: a worker that dies loses its portfolios after this long, and another worker may take them over.</summary>
    /// <value>The default value is 30 seconds; between 1 second and 1 hour.</value>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how often the store renews its lease by itself (on the store's <see cref="TimeProvider"/>); a failed renewal is published on <see cref="PostgresPortfolioStore.Errors"/>.</summary>
    /// <value>The default value is 10 seconds; more than 0 and less than <see cref="LeaseTtl"/> (a third of it leaves room for two failed attempts).</value>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long a command, or a wait for a row lock, may take before it fails (a lock wait with <see cref="Persistence.StoreErrorKind.Locked"/>).</summary>
    /// <value>The default value is 30 seconds; between 1 second and 10 minutes.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the owner's name written with the lease; <see langword="null"/> uses the machine name and process id. An owner may take over a live lease that carries its own name (a restarted worker with a fixed name).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Owner { get; set; }

    /// <summary>Lists every problem with these settings.</summary>
    /// <returns>The problems; empty when the settings are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("PostgresStoreOptions.ConnectionString is required.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"PostgresStoreOptions.ConnectionString is not a valid Npgsql connection string: {ex.Message}");
            }
        }

        if (Schema is null || !SchemaName().IsMatch(Schema))
        {
            errors.Add($"PostgresStoreOptions.Schema '{Schema}' must be 1 to 63 lower-case letters, digits or underscores, not starting with a digit.");
        }

        if (PortfolioId is not null)
        {
            try
            {
                _ = new Persistence.StoreIdentity("x", "x", Persistence.TradingMode.Paper, PortfolioId);
            }
            catch (ArgumentException)
            {
                errors.Add($"PostgresStoreOptions.PortfolioId must be 1 to {Persistence.StoreIdentity.MaxLength} characters without control characters when set.");
            }
        }

        if (LeaseTtl < TimeSpan.FromSeconds(1) || LeaseTtl > TimeSpan.FromHours(1))
        {
            errors.Add($"PostgresStoreOptions.LeaseTtl must be between 1 second and 1 hour; it is {LeaseTtl}.");
        }

        if (RenewInterval <= TimeSpan.Zero || RenewInterval >= LeaseTtl)
        {
            errors.Add($"PostgresStoreOptions.RenewInterval must be more than 0 and less than LeaseTtl ({LeaseTtl}); it is {RenewInterval}.");
        }

        if (CommandTimeout < TimeSpan.FromSeconds(1) || CommandTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"PostgresStoreOptions.CommandTimeout must be between 1 second and 10 minutes; it is {CommandTimeout}.");
        }

        if (Owner is not null && (Owner.Length is 0 or > 200))
        {
            errors.Add("PostgresStoreOptions.Owner must be 1 to 200 characters when set.");
        }

        return errors;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SchemaName();
}
