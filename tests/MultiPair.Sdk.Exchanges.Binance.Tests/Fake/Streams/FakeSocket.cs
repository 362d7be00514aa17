using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace MultiPair.Sdk.Exchanges.Binance.Tests.Fake.Streams;

/// <summary>What a fake WebSocket connection serves.</summary>
public enum FakeSocketKind
{
    Market,
    UserData,
    WebSocketApi,
}

/// <summary>One accepted WebSocket connection of the fake server, with an ordered outbox.</summary>
public sealed class FakeSocket
{
    private readonly Channel<string> _outbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _streams = new(StringComparer.Ordinal);

    internal FakeSocket(long id, FakeSocketKind kind, string path, bool combined, WebSocket socket, HttpContext context)
    {
        Id = id;
        Kind = kind;
        Path = path;
        Combined = combined;
        Socket = socket;
        Context = context;
    }

    public long Id { get; }

    public FakeSocketKind Kind { get; }

    /// <summary>Gets the path it connected to (<c>/stream</c>, <c>/market/stream</c>, <c>/private/ws</c>...).</summary>
    public string Path { get; }

    public bool Combined { get; }

    public string? ListenKey { get; internal set; }

    public long? SubscriptionId { get; internal set; }

    internal WebSocket Socket { get; }

    internal HttpContext Context { get; }

    public IReadOnlyCollection<string> Streams
    {
        get
        {
            lock (_streams)
            {
                return [.. _streams];
            }
        }
    }

    internal bool HasStream(string stream)
    {
        lock (_streams)
        {
            return _streams.Contains(stream);
        }
    }

    internal void AddStreams(IEnumerable<string> streams)
    {
        lock (_streams)
        {
            _streams.UnionWith(streams);
        }
    }

    internal void RemoveStreams(IEnumerable<string> streams)
    {
        lock (_streams)
        {
            _streams.ExceptWith(streams);
        }
    }

    internal void Enqueue(string text) => _outbox.Writer.TryWrite(text);

    /// <summary>Sends the payload of a stream: wrapped in <c>{stream, data}</c> on combined connections.</summary>
    internal void EnqueueStreamData(string stream, string data) =>
        Enqueue(Combined ? $"{{\"stream\":\"{stream}\",\"data\":{data}}}" : data);

    internal void Complete() => _outbox.Writer.TryComplete();

    internal async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var text in _outbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The connection is gone.
        }
    }
}
