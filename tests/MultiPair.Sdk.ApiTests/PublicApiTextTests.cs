using System.Reflection;

namespace MultiPair.Sdk.ApiTests;

public sealed class PublicApiTextTests
{
    private const string ExpectedSamples = """
        namespace MultiPair.Sdk.ApiTests
        {
            public static class PublicApiSampleExtensions
            {
                public static ref readonly int Pick(System.ReadOnlySpan<int> values);
                public static string Shout(this string text, [System.Runtime.CompilerServices.CallerArgumentExpression("text")] string? expression = null);
            }
            public interface PublicApiSamples.ISampleSource<out T> where T : notnull
            {
                T Current { get; }
                static abstract MultiPair.Sdk.ApiTests.PublicApiSamples.ISampleSource<T> Create();
                T? Find(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? resolved);
                event System.EventHandler? Changed;
            }
            public abstract class PublicApiSamples.SampleBase
            {
                protected SampleBase(string name);
                protected internal int Counter { get; protected set; }
                public string Name { get; }
                public virtual string? Describe(string prefix = "x", char separator = ',', double scale = 1.5d, MultiPair.Sdk.ApiTests.PublicApiSamples.SampleFlags flags = MultiPair.Sdk.ApiTests.PublicApiSamples.SampleFlags.First, System.Threading.CancellationToken cancellationToken = default);
                protected virtual void OnChanged();
                public abstract void Run(params int[] values);
            }
            public sealed class PublicApiSamples.SampleBox<T>
            {
                public SampleBox();
                public T Fallback { get; set; }
                public System.Collections.Generic.IDictionary<string, System.Collections.Generic.List<T?>?> Index { get; }
                public string?[]? Names { get; set; }
                public T? Value { get; set; }
            }
            public sealed class PublicApiSamples.SampleBox<T>.Entry<TKey> where TKey : notnull
            {
                public Entry();
                public System.Collections.Generic.KeyValuePair<TKey, T?> Item { get; set; }
                public (TKey Key, (int Depth, T? Value) Inner)? Nested { get; set; }
            }
            [System.Obsolete("Use SampleBase.")]
            public sealed class PublicApiSamples.SampleDerived : MultiPair.Sdk.ApiTests.PublicApiSamples.SampleBase, System.IDisposable
            {
                public SampleDerived();
                public SampleDerived(int count, long? seed = null);
                public readonly int Count;
                public static readonly string Empty;
                public const int Limit = 10;
                public int this[int row, int column] { get; }
                public required string Label { get; init; }
                public (int Index, string? Name) Pair { get; set; }
                public System.Collections.Generic.List<string?>? Tags { get; set; }
                public T Convert<T, TOther>(T value, TOther other) where T : struct, System.IComparable<T> where TOther : class, new();
                public override string? Describe(string prefix = "x", char separator = ',', double scale = 1.5d, MultiPair.Sdk.ApiTests.PublicApiSamples.SampleFlags flags = MultiPair.Sdk.ApiTests.PublicApiSamples.SampleFlags.First, System.Threading.CancellationToken cancellationToken = default);
                public void Dispose();
                [System.Obsolete("Gone.", true)] public void Old();
                protected override void OnChanged();
                public override void Run(params int[] values);
                public bool TryGet(ref int slot, in decimal amount, out string? text, ref readonly int other);
                public event System.EventHandler<string>? Renamed;
                public static MultiPair.Sdk.ApiTests.PublicApiSamples.SampleDerived operator +(MultiPair.Sdk.ApiTests.PublicApiSamples.SampleDerived left, int right);
                public static implicit operator int(MultiPair.Sdk.ApiTests.PublicApiSamples.SampleDerived value);
            }
            public delegate TResult PublicApiSamples.SampleFactory<in TArg, out TResult>(TArg argument, int count = 3) where TArg : class?;
            [System.Flags]
            public enum PublicApiSamples.SampleFlags : byte
            {
                None = 0,
                First = 1,
                Second = 2,
                Both = 3,
            }
            public struct PublicApiSamples.SampleMutable
            {
                public int X;
                public readonly int Doubled();
            }
            public sealed record PublicApiSamples.SampleRecord : System.IEquatable<MultiPair.Sdk.ApiTests.PublicApiSamples.SampleRecord>
            {
                public SampleRecord(string Id, decimal Amount = 1.25m);
                public decimal Amount { get; init; }
                public string Id { get; init; }
                public void Deconstruct(out string Id, out decimal Amount);
                public bool Equals(MultiPair.Sdk.ApiTests.PublicApiSamples.SampleRecord? other);
                public override bool Equals(object? obj);
                public override int GetHashCode();
                public override string ToString();
                public static bool operator ==(MultiPair.Sdk.ApiTests.PublicApiSamples.SampleRecord? left, MultiPair.Sdk.ApiTests.PublicApiSamples.SampleRecord? right);
                public static bool operator !=(MultiPair.Sdk.ApiTests.PublicApiSamples.SampleRecord? left, MultiPair.Sdk.ApiTests.PublicApiSamples.SampleRecord? right);
            }
            public readonly record struct PublicApiSamples.SampleValue : System.IEquatable<MultiPair.Sdk.ApiTests.PublicApiSamples.SampleValue>
            {
                public SampleValue(int X, string? Y);
                public int X { get; init; }
                public string? Y { get; init; }
                public void Deconstruct(out int X, out string? Y);
                public bool Equals(MultiPair.Sdk.ApiTests.PublicApiSamples.SampleValue other);
                public override bool Equals(object obj);
                public override int GetHashCode();
                public override string ToString();
                public static bool operator ==(MultiPair.Sdk.ApiTests.PublicApiSamples.SampleValue left, MultiPair.Sdk.ApiTests.PublicApiSamples.SampleValue right);
                public static bool operator !=(MultiPair.Sdk.ApiTests.PublicApiSamples.SampleValue left, MultiPair.Sdk.ApiTests.PublicApiSamples.SampleValue right);
            }
        }
        """;

    [Fact]
    public void Render_SampleTypes_MatchesPinnedText()
    {
        Type[] types =
        [
            .. typeof(PublicApiSamples).GetNestedTypes(),
            typeof(PublicApiSampleExtensions),
            typeof(PublicApiSamples.SampleBox<>.Entry<>),
        ];

        var text = PublicApiText.Render(types);

        text.ShouldBe(ExpectedSamples + "\n");
    }

    [Fact]
    public void Render_TypesInAnyOrder_SameText()
    {
        var types = typeof(PublicApiSamples).GetNestedTypes();

        PublicApiText.Render(types.Reverse()).ShouldBe(PublicApiText.Render(types));
    }

    [Fact]
    public void Render_Assembly_OnlyPublicOrProtectedTypesAndNoCompilerGeneratedMembers()
    {
        var text = PublicApiText.Render(typeof(PublicApiText).Assembly);

        text.ShouldContain("public static class PublicApiSamples");
        text.ShouldContain("public sealed record PublicApiSamples.SampleRecord");
        text.ShouldNotContain("PublicApiText ");
        text.ShouldNotContain("<Clone>$");
        text.ShouldNotContain("EqualityContract");
        text.ShouldNotContain("PrintMembers");
    }

    [Fact]
    public void Render_NullAssembly_Throws()
    {
        Should.Throw<ArgumentNullException>(() => PublicApiText.Render((Assembly)null!));
    }
}
