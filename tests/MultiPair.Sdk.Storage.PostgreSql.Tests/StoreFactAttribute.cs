namespace MultiPair.Sdk.Storage.Tests;

/// <summary>A fact that needs a PostgreSQL server: skipped, with the reason shown, when none can be reached or started (never in CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute
{
    /// <summary>Initializes a new instance; starts (once) or finds the server.</summary>
    public StoreFactAttribute() => Skip = PostgreSql.Tests.PostgresServer.SkipReason;
}

/// <summary>A theory that needs a PostgreSQL server: skipped, with the reason shown, when none can be reached or started (never in CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreTheoryAttribute : TheoryAttribute
{
    /// <summary>Initializes a new instance; starts (once) or finds the server.</summary>
    public StoreTheoryAttribute() => Skip = PostgreSql.Tests.PostgresServer.SkipReason;
}
