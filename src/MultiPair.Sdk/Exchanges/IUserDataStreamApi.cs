namespace MultiPair.Sdk.Exchanges;

/// <summary>The account's private stream: order updates with their executions.</summary>
public interface IUserDataStreamApi : IExchangeAdapter
{
    /// <summary>Subscribes to the account's order updates. After <see cref="StreamStatus.Restored"/>, updates missed while interrupted are not replayed: fetch them over REST.</summary>
    /// <param name="onUpdate">Called for each update (on the subscription's receive thread: hand it off, do not block).</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The subscription.</returns>
    Task<ExchangeResult<IStreamSubscription>> SubscribeToOrderUpdatesAsync(Action<OrderUpdate> onUpdate, CancellationToken cancellationToken = default);
}
