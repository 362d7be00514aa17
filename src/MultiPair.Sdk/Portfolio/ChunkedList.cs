using System.Collections;

namespace MultiPair.Sdk.Portfolio;

/// <summary>
/// An immutable list stored in chunks of <see cref="Size"/> items, so a copy that differs in a few items shares every
/// other chunk with the original (copy-on-write per chunk): the risk view's open positions and marks change a few
/// items at a time and every snapshot keeps its own copy.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class ChunkedList<T> : IReadOnlyList<T>
{
    /// <summary>Items per chunk, as a shift.</summary>
    public const int Shift = 5;

    /// <summary>Items per chunk.</summary>
    public const int Size = 1 << Shift;

    private const int Mask = Size - 1;

    private readonly T[][] _chunks;

    /// <summary>Initializes a list over chunks that are no longer written.</summary>
    /// <param name="chunks">The chunks, from <see cref="Allocate"/> or <see cref="CopyOnWrite"/>.</param>
    /// <param name="count">The number of items.</param>
    public ChunkedList(T[][] chunks, int count)
    {
        _chunks = chunks;
        Count = count;
    }

    /// <summary>Gets an empty list.</summary>
    public static ChunkedList<T> Empty { get; } = new([], 0);

    /// <summary>Gets the chunks (shared: never write them).</summary>
    public T[][] Chunks => _chunks;

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public T this[int index] =>
        (uint)index < (uint)Count ? _chunks[index >> Shift][index & Mask] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Allocates fresh chunks for <paramref name="count"/> items.</summary>
    /// <param name="count">The number of items.</param>
    /// <returns>The chunks.</returns>
    public static T[][] Allocate(int count)
    {
        var chunks = new T[(count + Mask) >> Shift][];
        for (var c = 0; c < chunks.Length; c++)
        {
            chunks[c] = new T[Math.Min(Size, count - (c << Shift))];
        }

        return chunks;
    }

    /// <summary>Gets a writable slot in freshly allocated chunks.</summary>
    /// <param name="chunks">Chunks from <see cref="Allocate"/>.</param>
    /// <param name="index">The item.</param>
    /// <returns>The slot.</returns>
    public static ref T At(T[][] chunks, int index) => ref chunks[index >> Shift][index & Mask];

    /// <summary>Starts a copy of <paramref name="shared"/>: the chunk table is copied, the chunks are shared until written.</summary>
    /// <param name="shared">The chunks of the list being copied.</param>
    /// <returns>The copy's chunk table.</returns>
    public static T[][] CopyOnWrite(T[][] shared) => (T[][])shared.Clone();

    /// <summary>Gets a writable slot in a copy from <see cref="CopyOnWrite"/>, copying its chunk first if still shared.</summary>
    /// <param name="chunks">The copy's chunk table.</param>
    /// <param name="shared">The original's chunk table.</param>
    /// <param name="index">The item.</param>
    /// <returns>The slot.</returns>
    public static ref T Writable(T[][] chunks, T[][] shared, int index)
    {
        var c = index >> Shift;
        if (ReferenceEquals(chunks[c], shared[c]))
        {
            chunks[c] = (T[])shared[c].Clone();
        }

        return ref chunks[c][index & Mask];
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator()
    {
        foreach (var chunk in _chunks)
        {
            foreach (var item in chunk)
            {
                yield return item;
            }
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
