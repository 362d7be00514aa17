using System.Diagnostics.Tracing;

namespace MultiPair.Sdk.Benchmarks;

internal sealed class AllocSampler : EventListener
{
    private readonly Dictionary<string, long> _bytes = [];

    public static AllocSampler? Instance { get; set; }

    public void Dump()
    {
        lock (_bytes)
        {
            var total = _bytes.Values.Sum();
            foreach (var (k, v) in _bytes.OrderByDescending(p => p.Value).Take(40))
            {
                Console.WriteLine($"alloc {100.0 * v / total,6:F2}% {k}");
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (string.Equals(eventSource.Name, "Microsoft-Windows-DotNETRuntime", StringComparison.Ordinal))
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var type = eventData.Payload[eventData.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        lock (_bytes)
        {
            _bytes[type] = _bytes.GetValueOrDefault(type) + 100_000;
        }
    }
}
