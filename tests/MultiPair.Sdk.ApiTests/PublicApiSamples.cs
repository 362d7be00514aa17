using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace MultiPair.Sdk.ApiTests;

#pragma warning disable CA1034, CA1051, CA1716, CA1815, CA1819, CA1711, CA1027, CA1008, CA1003, CA1000, CA1707, CA2225, CA1040, CA1028, CA1005
#pragma warning disable MA0016, MA0025, MA0046, MA0048, MA0062, MA0069, MA0096, MA0097, MA0041, MA0077, MA0102, MA0003, MA0018, MA0012, MA0017
#pragma warning disable IDE0060, CS0067, CA1822, CA1024, CA1044, CA1030, CA1305, CA2211, CA1200, CA1054, CA1056, CA1045, CA1021

/// <summary>Samples exercising each rendering rule; their text is pinned by <see cref="PublicApiTextTests"/>.</summary>
public static class PublicApiSamples
{
    [Flags]
    public enum SampleFlags : byte
    {
        None = 0,
        First = 1,
        Second = 2,
        Both = First | Second,
    }

    public delegate TResult SampleFactory<in TArg, out TResult>(TArg argument, int count = 3)
        where TArg : class?;

    public interface ISampleSource<out T>
        where T : notnull
    {
        T Current { get; }

        event EventHandler? Changed;

        T? Find(string key, [NotNullWhen(true)] out string? resolved);

        static abstract ISampleSource<T> Create();
    }

    public abstract class SampleBase
    {
        protected SampleBase(string name) => Name = name;

        public string Name { get; }

        protected internal int Counter { get; protected set; }

        public abstract void Run(params int[] values);

        public virtual string? Describe(string prefix = "x", char separator = ',', double scale = 1.5, SampleFlags flags = SampleFlags.First, CancellationToken cancellationToken = default) => null;

        protected virtual void OnChanged()
        {
        }
    }

    [Obsolete("Use SampleBase.")]
    public sealed class SampleDerived : SampleBase, IDisposable
    {
        public const int Limit = 10;
        public static readonly string Empty = string.Empty;
        public readonly int Count;

        public SampleDerived()
            : base("derived")
        {
        }

        public SampleDerived(int count, long? seed = null)
            : base("derived") => Count = count;

        public event EventHandler<string>? Renamed;

        public required string Label { get; init; }

        public List<string?>? Tags { get; set; }

        public (int Index, string? Name) Pair { get; set; }

        public int this[int row, int column] => row + column;

        public static SampleDerived operator +(SampleDerived left, int right) => left;

        public static implicit operator int(SampleDerived value) => value.Count;

        public override void Run(params int[] values)
        {
        }

        public override string? Describe(string prefix = "x", char separator = ',', double scale = 1.5, SampleFlags flags = SampleFlags.First, CancellationToken cancellationToken = default) => prefix;

        public bool TryGet(ref int slot, in decimal amount, out string? text, ref readonly int other)
        {
            text = null;
            return true;
        }

        public T Convert<T, TOther>(T value, TOther other)
            where T : struct, IComparable<T>
            where TOther : class, new() => value;

        [Obsolete("Gone.", error: true)]
        public void Old()
        {
        }

        public void Dispose()
        {
        }

        protected override void OnChanged() => Renamed?.Invoke(this, Name);
    }

    public sealed class SampleBox<T>
    {
        public T? Value { get; set; }

        public T Fallback { get; set; } = default!;

        public IDictionary<string, List<T?>?> Index { get; } = new Dictionary<string, List<T?>?>(StringComparer.Ordinal);

        public string?[]? Names { get; set; }

        public sealed class Entry<TKey>
            where TKey : notnull
        {
            public KeyValuePair<TKey, T?> Item { get; set; }

            public (TKey Key, (int Depth, T? Value) Inner)? Nested { get; set; }
        }
    }

    public sealed record SampleRecord(string Id, decimal Amount = 1.25m);

    public readonly record struct SampleValue(int X, string? Y);

    public struct SampleMutable
    {
        public int X;

        public readonly int Doubled() => X * 2;
    }
}

/// <summary>Extension-method samples (extension methods must be top level).</summary>
public static class PublicApiSampleExtensions
{
    public static string Shout(this string text, [CallerArgumentExpression(nameof(text))] string? expression = null) => text + expression;

    public static ref readonly int Pick(ReadOnlySpan<int> values) => ref values[0];
}
