using System.Collections.Concurrent;
using System.Diagnostics;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Streams;

internal static class Eventually
{
    /// <summary>Polls a condition every 10 ms for up to 5 s (no fixed sleeps).</summary>
    public static async Task True(Func<bool> condition, string what, Action? eachPoll = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(5))
            {
                throw new ShouldAssertException($"Timed out after 5 s waiting for: {what}");
            }

            eachPoll?.Invoke();
            await Task.Delay(10);
        }
    }
}

/// <summary>Records what an observable pushes.</summary>
internal sealed class Recorder<T> : IObserver<T>
{
    private readonly ConcurrentQueue<T> _items = new();

    public IReadOnlyList<T> Items => [.. _items];

    public bool Completed { get; private set; }

    public void OnCompleted() => Completed = true;

    public void OnError(Exception error) => throw error;

    public void OnNext(T value) => _items.Enqueue(value);
}

internal static class Fixture
{
    /// <summary>The pushed update (<c>= </c> section) of a recorded subscription file.</summary>
    public static string PushedUpdate(string name)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
        var start = text.IndexOf("\n= ", StringComparison.Ordinal);
        return text[(start + 3)..].Trim();
    }
}
