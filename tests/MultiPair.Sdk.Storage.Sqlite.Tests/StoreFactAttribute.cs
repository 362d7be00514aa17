namespace MultiPair.Sdk.Storage.Tests;

/// <summary>A fact of the store contract; SQLite needs no server, so it always runs.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>A theory of the store contract; SQLite needs no server, so it always runs.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreTheoryAttribute : TheoryAttribute;
