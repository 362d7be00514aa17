namespace MultiPair.Sdk.Exchanges;

/// <summary>A live stream subscription: keeps itself connected (reconnecting with backoff and resubscribing) until disposed.</summary>
public interface IStreamSubscription : IAsyncDisposable
{
    /// <summary>Gets the current connection state.</summary>
    StreamStatus Status { get; }

    /// <summary>Gets every change of <see cref="Status"/>, in order.</summary>
    IObservable<StreamStatus> StatusChanges { get; }
}
