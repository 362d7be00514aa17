namespace MultiPair.Sdk.Exchanges;

/// <summary>The connection state of a stream subscription.</summary>
public enum StreamStatus
{
    /// <summary>Connected and receiving.</summary>
    Connected = 0,

    /// <summary>The connection dropped; the subscription is reconnecting. Data may be missing until <see cref="Restored"/>.</summary>
    Interrupted = 1,

    /// <summary>The connection came back and every stream is subscribed again. Anything that happened while interrupted must be fetched over REST.</summary>
    Restored = 2,

    /// <summary>The subscription was disposed or gave up.</summary>
    Closed = 3,
}
